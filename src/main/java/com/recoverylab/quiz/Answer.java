package com.recoverylab.quiz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.recoverylab.web.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a student answered to one question, in the shape its kind needs. Stored as JSON in {@code
 * quiz_answers.answer}; ids are the content's ids, so a stored answer reads the same after a
 * restart on any node.
 */
sealed interface Answer permits Answer.Chosen, Answer.Ordered, Answer.Matched, Answer.Path {

  /** Options picked in a single, multiple or true-false question. */
  record Chosen(List<String> optionIds) implements Answer {
    public Chosen {
      optionIds = List.copyOf(optionIds);
    }
  }

  /** Ranking items in the order the student put them, first = most important. */
  record Ordered(List<String> itemIds) implements Answer {
    public Ordered {
      itemIds = List.copyOf(itemIds);
    }
  }

  /** For each pair id (the left item), the id of the right-hand choice picked for it. */
  record Matched(Map<String, String> choiceByPair) implements Answer {
    public Matched {
      choiceByPair = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(choiceByPair));
    }
  }

  /** The branching choices taken so far, from the start step on. */
  record Path(List<String> choiceIds) implements Answer {
    public Path {
      choiceIds = List.copyOf(choiceIds);
    }
  }

  static String toJson(Answer answer) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    if (answer instanceof Chosen c) {
      node.put("kind", "chosen");
      ArrayNode ids = node.putArray("ids");
      c.optionIds().forEach(ids::add);
    } else if (answer instanceof Ordered o) {
      node.put("kind", "ordered");
      ArrayNode ids = node.putArray("ids");
      o.itemIds().forEach(ids::add);
    } else if (answer instanceof Matched m) {
      node.put("kind", "matched");
      ObjectNode pairs = node.putObject("pairs");
      m.choiceByPair().forEach(pairs::put);
    } else if (answer instanceof Path p) {
      node.put("kind", "path");
      ArrayNode ids = node.putArray("ids");
      p.choiceIds().forEach(ids::add);
    }
    return node.toString();
  }

  static Answer fromJson(String json) {
    try {
      JsonNode node = Json.MAPPER.readTree(json);
      String kind = node.path("kind").asText();
      return switch (kind) {
        case "chosen" -> new Chosen(strings(node.path("ids")));
        case "ordered" -> new Ordered(strings(node.path("ids")));
        case "path" -> new Path(strings(node.path("ids")));
        case "matched" -> {
          Map<String, String> pairs = new LinkedHashMap<>();
          node.path("pairs")
              .fields()
              .forEachRemaining(e -> pairs.put(e.getKey(), e.getValue().asText()));
          yield new Matched(pairs);
        }
        default -> throw new IllegalArgumentException("unknown answer kind: " + kind);
      };
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("stored answer is not JSON: " + json, e);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
