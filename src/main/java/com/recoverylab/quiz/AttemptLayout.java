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
 * The questions one attempt shows and the order of each question's options, drawn once from a seed
 * and stored with the attempt, so a reload or another node shows the same page.
 */
record AttemptLayout(List<Slot> slots) {

  /** Every quiz page reads its attempt's layout; enough for the open attempts of a large class. */
  private static final ParsedByText<AttemptLayout> PARSED =
      new ParsedByText<>(1024, AttemptLayout::parse);

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
   * the quiz shuffles. Options, branching choices, ranking items and matching choices are always
   * shuffled, so their place in the file is no clue; options and choices marked fixed keep their
   * place, and true/false stays "true, false". Ranking items and matching choices never keep the
   * file's order, which is the answer key.
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
      slots.add(new Slot(question.id(), optionOrder(question, random)));
    }
    return new AttemptLayout(slots);
  }

  private static List<String> optionOrder(Question question, Random random) {
    if (question instanceof Question.Choice choice) {
      List<String> ids = choice.options().stream().map(Question.Option::id).toList();
      if (choice.choiceKind() == Question.ChoiceKind.TRUE_FALSE) {
        return ids;
      }
      return shuffledAroundFixed(
          ids, choice.options().stream().map(Question.Option::fixed).toList(), random);
    }
    if (question instanceof Question.Ranking ranking) {
      List<String> ids =
          new ArrayList<>(ranking.items().stream().map(Question.RankItem::id).toList());
      Collections.shuffle(ids, random);
      if (QuizScorer.ranking(ranking, ids) >= 1) {
        // a right order (any order within tiers) would give the answer away; the last item, of
        // the last tier, moved to the front comes before items of an earlier tier
        Collections.rotate(ids, 1);
      }
      return ids;
    }
    if (question instanceof Question.Matching matching) {
      List<String> ids = new ArrayList<>(matching.pairs().stream().map(Question.Pair::id).toList());
      matching.distractors().forEach(d -> ids.add(d.id()));
      return shuffledAwayFrom(ids, random);
    }
    if (question instanceof Question.Branching branching) {
      // every step's choices, as step/choice, each step's in the order the attempt shows them
      List<String> order = new ArrayList<>();
      for (Question.Step step : branching.steps()) {
        List<String> ids = step.choices().stream().map(Question.BranchChoice::id).toList();
        List<Boolean> fixed = step.choices().stream().map(Question.BranchChoice::fixed).toList();
        shuffledAroundFixed(ids, fixed, random).forEach(id -> order.add(step.id() + "/" + id));
      }
      return order;
    }
    return List.of();
  }

  /** The ids shuffled, except those marked fixed, which keep their places. */
  static List<String> shuffledAroundFixed(List<String> ids, List<Boolean> fixed, Random random) {
    List<String> moving = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (!fixed.get(i)) {
        moving.add(ids.get(i));
      }
    }
    Collections.shuffle(moving, random);
    List<String> result = new ArrayList<>(ids.size());
    int next = 0;
    for (int i = 0; i < ids.size(); i++) {
      result.add(fixed.get(i) ? ids.get(i) : moving.get(next++));
    }
    return result;
  }

  /**
   * A step's choices in the order this attempt shows them; attempts stored before choices were
   * shuffled keep the file's order.
   */
  List<Question.BranchChoice> choicesInOrder(String questionId, Question.Step step) {
    List<String> order = slot(questionId).map(Slot::optionOrder).orElse(List.of());
    List<Question.BranchChoice> result = new ArrayList<>();
    for (String entry : order) {
      if (entry.startsWith(step.id() + "/")) {
        String choiceId = entry.substring(step.id().length() + 1);
        step.choices().stream()
            .filter(c -> c.id().equals(choiceId))
            .findFirst()
            .ifPresent(result::add);
      }
    }
    step.choices().stream().filter(c -> !result.contains(c)).forEach(result::add);
    return result;
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
    if (json == null) {
      return parse(json); // fails as it always did
    }
    return PARSED.get(json);
  }

  private static AttemptLayout parse(String json) {
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
