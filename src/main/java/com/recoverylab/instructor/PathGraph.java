package com.recoverylab.instructor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paths taken through a branching scenario as a small server-side SVG graph: steps and endings
 * are boxes in columns by how many choices from the start they are, each choice an arrow whose
 * thickness and number say how many took it. An image with a title; the page puts a table with the
 * same numbers beside it.
 */
final class PathGraph {
  private static final String INK = "#1d2530";
  private static final String EDGE = "#0b5c8a";
  private static final String ENDING_FILL = "#eef3f7";
  private static final int BOX_WIDTH = 120;
  private static final int BOX_HEIGHT = 40;
  private static final int COLUMN = 190;
  private static final int ROW = 60;

  private PathGraph() {}

  static String svg(
      List<ItemStat.Node> steps,
      List<ItemStat.Node> endings,
      List<ItemStat.Edge> choices,
      String start,
      String label) {
    Map<String, ItemStat.Node> nodes = new LinkedHashMap<>();
    steps.forEach(n -> nodes.put(n.id(), n));
    endings.forEach(n -> nodes.put(n.id(), n));
    Map<String, Integer> column = columns(nodes, choices, start);
    Map<Integer, Integer> rowsUsed = new LinkedHashMap<>();
    Map<String, int[]> at = new LinkedHashMap<>();
    for (ItemStat.Node node : nodes.values()) {
      int c = column.get(node.id());
      int r = rowsUsed.merge(c, 1, Integer::sum) - 1;
      at.put(node.id(), new int[] {10 + c * COLUMN, 10 + r * ROW});
    }
    int width =
        20
            + BOX_WIDTH
            + column.values().stream().mapToInt(Integer::intValue).max().orElse(0) * COLUMN;
    int height =
        20
            + BOX_HEIGHT
            + (rowsUsed.values().stream().mapToInt(Integer::intValue).max().orElse(1) - 1) * ROW;
    int most = Math.max(1, choices.stream().mapToInt(ItemStat.Edge::taken).max().orElse(1));
    StringBuilder svg = Charts.open(width, height, label);
    for (ItemStat.Edge edge : choices) {
      int[] from = at.get(edge.from());
      int[] to = at.get(edge.to());
      if (from == null || to == null) {
        continue;
      }
      double x1 = from[0] + BOX_WIDTH;
      double y1 = from[1] + BOX_HEIGHT / 2.0;
      double x2 = to[0];
      double y2 = to[1] + BOX_HEIGHT / 2.0;
      double thickness = 1 + 5.0 * edge.taken() / most;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                  + " stroke-width=\"%.1f\"></line>",
              x1,
              y1,
              x2,
              y2,
              EDGE,
              thickness));
      // the number sits two thirds along the arrow, where arrows leaving one box have spread apart
      svg.append(
          Charts.text(
              x1 + (x2 - x1) * 0.66,
              y1 + (y2 - y1) * 0.66 - 4,
              "middle",
              Integer.toString(edge.taken())));
    }
    for (ItemStat.Node node : nodes.values()) {
      int[] p = at.get(node.id());
      boolean ending = endings.contains(node);
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\" fill=\"%s\""
                  + " stroke=\"%s\"></rect>",
              p[0],
              p[1],
              BOX_WIDTH,
              BOX_HEIGHT,
              ending ? ENDING_FILL : "#ffffff",
              INK));
      svg.append(Charts.text(p[0] + BOX_WIDTH / 2.0, p[1] + 16, "middle", node.label()));
      svg.append(
          Charts.text(p[0] + BOX_WIDTH / 2.0, p[1] + 32, "middle", node.reached() + " reached"));
    }
    return svg.append("</svg>").toString();
  }

  /**
   * Columns by fewest choices from the start; anything the start cannot reach goes in a column
   * after the rest.
   */
  private static Map<String, Integer> columns(
      Map<String, ItemStat.Node> nodes, List<ItemStat.Edge> choices, String start) {
    Map<String, Integer> column = new LinkedHashMap<>();
    Deque<String> queue = new ArrayDeque<>();
    if (nodes.containsKey(start)) {
      column.put(start, 0);
      queue.add(start);
    }
    while (!queue.isEmpty()) {
      String id = queue.poll();
      for (ItemStat.Edge edge : choices) {
        if (edge.from().equals(id)
            && nodes.containsKey(edge.to())
            && !column.containsKey(edge.to())) {
          column.put(edge.to(), column.get(id) + 1);
          queue.add(edge.to());
        }
      }
    }
    int last = column.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    List<String> unreached = new ArrayList<>(nodes.keySet());
    unreached.removeAll(column.keySet());
    unreached.forEach(id -> column.put(id, last));
    return column;
  }
}
