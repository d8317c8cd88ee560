package com.recoverylab.quiz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.recoverylab.content.Question;
import com.recoverylab.content.Quiz;
import com.recoverylab.web.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The questions one attempt shows and the order of each question's options, drawn once from a
 * seed and stored with the attempt, so a reload or another node shows the same page.
 */
record AttemptLayout(List<Slot> slots) {

  AttemptLayout {
    slots = List.copyOf(slots);
  }

  /** One drawn question and the order its options (items, right-hand choices) appear in. */
  record Slot(String questionId, List<String> optionOrder) {
    Slot {
      optionOrder = List.copyOf(optionOrder);
    }
  }

  Optional<Slot> slot(String questionId) {
    return slots.stream().filter(s -> s.questionId().equals(questionId)).findFirst();
  }

  int indexOf(String questionId) {
    for (int i = 0; i < slots.size(); i++) {
      if (slots.get(i).questionId().equals(questionId)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Draws the attempt's questions: {@code draw} of the pool (all when 0), in shuffled order when
   * the quiz shuffles. Ranking items and matching choices are always shuffled, because their
   * file order is the answer key; choice options follow the shuffle setting, true/false stays
   * "true, false".
   */
  static AttemptLayout draw(Quiz quiz, boolean shuffle, int draw, long seed) {
    Random random = new Random(seed);
    List<Question> pool = new ArrayList<>(quiz.questions());
    int count = draw == 0 ? pool.size() : Math.min(draw, pool.size());
    List<Question> chosen;
    if (count < pool.size()) {
      List<Question> shuffled = new ArrayList<>(pool);
      Collections.shuffle(shuffled, random);
      List<Question> picked = shuffled.subList(0, count);
      // without shuffling, drawn questions keep the file's order
      chosen = shuffle ? new ArrayList<>(picked) : pool.stream().filter(picked::contains).toList();
    } else {
      chosen = new ArrayList<>(pool);
      if (shuffle) {
        Collections.shuffle(chosen, random);
      }
    }
    List<Slot> slots = new ArrayList<>();
    for (Question question : chosen) {
      slots.add(new Slot(question.id(), optionOrder(question, shuffle, random)));
    }
    return new AttemptLayout(slots);
  }

  private static List<String> optionOrder(Question question, boolean shuffle, Random random) {
    if (question instanceof Question.Choice choice) {
      List<String> ids = new ArrayList<>(choice.options().stream().map(Question.Option::id).toList());
      if (shuffle && choice.choiceKind() != Question.ChoiceKind.TRUE_FALSE) {
        Collections.shuffle(ids, random);
      }
      return ids;
    }
    if (question instanceof Question.Ranking ranking) {
      List<String> right = ranking.items().stream().map(Question.RankItem::id).toList();
      return shuffledAwayFrom(right, random);
    }
    if (question instanceof Question.Matching matching) {
      List<String> ids = new ArrayList<>(matching.pairs().stream().map(Question.Pair::id).toList());
      matching.distractors().forEach(d -> ids.add(d.id()));
      return shuffledAwayFrom(ids, random);
    }
    return List.of();
  }

  /** A shuffled copy that is never the original order (when there are two or more). */
  private static List<String> shuffledAwayFrom(List<String> original, Random random) {
    List<String> ids = new ArrayList<>(original);
    Collections.shuffle(ids, random);
    if (ids.size() > 1 && ids.equals(original)) {
      Collections.rotate(ids, 1);
    }
    return ids;
  }

  String toJson() {
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (Slot slot : slots) {
      ObjectNode node = array.addObject();
      node.put("q", slot.questionId());
      ArrayNode order = node.putArray("o");
      slot.optionOrder().forEach(order::add);
    }
    return array.toString();
  }

  static AttemptLayout fromJson(String json) {
    try {
      List<Slot> slots = new ArrayList<>();
      for (JsonNode node : Json.MAPPER.readTree(json)) {
        List<String> order = new ArrayList<>();
        node.path("o").forEach(o -> order.add(o.asText()));
        slots.add(new Slot(node.path("q").asText(), order));
      }
      return new AttemptLayout(slots);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("stored question order is not JSON: " + json, e);
    }
  }
}
