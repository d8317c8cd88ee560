package com.recoverylab.instructor;

import java.util.List;
import java.util.Locale;

/**
 * Server-side SVG charts for the results page, so they work without JavaScript and under a strict
 * content security policy (presentation attributes only, no style attributes). Each chart is an
 * image with a label; the page puts a table with the same numbers beside it for screen readers and
 * for reading exact values.
 */
final class Charts {
  private static final String BAR = "#0b5c8a";
  private static final String RIGHT = "#1f6b36";
  private static final String WRONG = "#a32020";
  private static final String INK = "#1d2530";

  private Charts() {}

  /** Learners per tenth of the score: bars for 0-9%, 10-19%, ... 90-100%. */
  static String histogram(int[] bins, String label) {
    int width = 440;
    int height = 200;
    int left = 30;
    int bottom = 30;
    int top = 14;
    int max = 1;
    for (int bin : bins) {
      max = Math.max(max, bin);
    }
    double barWidth = (width - left - 10) / (double) bins.length;
    StringBuilder svg = open(width, height, label);
    svg.append(line(left, height - bottom, width - 10, height - bottom));
    for (int i = 0; i < bins.length; i++) {
      double h = (height - bottom - top) * bins[i] / (double) max;
      double x = left + i * barWidth + 2;
      double y = height - bottom - h;
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"></rect>",
              x,
              y,
              barWidth - 4,
              h,
              BAR));
      if (bins[i] > 0) {
        svg.append(text(x + (barWidth - 4) / 2, y - 3, "middle", Integer.toString(bins[i])));
      }
      svg.append(text(x + (barWidth - 4) / 2, height - bottom + 14, "middle", (i * 10) + ""));
    }
    svg.append(text(width - 10, height - 4, "end", "% score"));
    return svg.append("</svg>").toString();
  }

  /**
   * One horizontal bar per option, its label on the line above (labels beside the bars were cut
   * off): right answers green, wrong ones red; the table beside says which in words.
   */
  static String optionBars(List<QuestionStat.OptionStat> options, String label) {
    int width = 440;
    int rowHeight = 36;
    int max = 1;
    for (QuestionStat.OptionStat option : options) {
      max = Math.max(max, option.picks());
    }
    int height = Math.max(1, options.size()) * rowHeight + 4;
    StringBuilder svg = open(width, height, label);
    int y = 2;
    for (QuestionStat.OptionStat option : options) {
      double w = (width - 40) * option.picks() / (double) max;
      svg.append(text(0, y + 12, "start", shorten(option.text(), 68)));
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"0\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"></rect>",
              y + 16,
              w,
              rowHeight - 20,
              option.correct() ? RIGHT : WRONG));
      svg.append(text(w + 4, y + 28, "start", Integer.toString(option.picks())));
      y += rowHeight;
    }
    return svg.append("</svg>").toString();
  }

  static StringBuilder open(int width, int height, String label) {
    return new StringBuilder()
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" aria-label=\"")
        .append(escape(label))
        .append("\"><title>")
        .append(escape(label))
        .append("</title>");
  }

  private static String line(int x1, int y1, int x2, int y2) {
    return "<line x1=\""
        + x1
        + "\" y1=\""
        + y1
        + "\" x2=\""
        + x2
        + "\" y2=\""
        + y2
        + "\" stroke=\""
        + INK
        + "\"></line>";
  }

  static String text(double x, double y, String anchor, String content) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"12\" fill=\"%s\">%s</text>",
        x,
        y,
        anchor,
        INK,
        escape(content));
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
  }

  /** Escapes text for SVG content and attribute values. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
