package com.recoverylab.quiz;

import com.recoverylab.content.Question;
import com.recoverylab.web.HttpError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one question's answer from form fields named {@code <question>:option}, {@code
 * <question>:rank:<item>} and {@code <question>:match:<pair>}. Values no page ever offered (an
 * unknown option id, a position out of range) are tampering and end in a 400; an answer the student
 * can still fix (two items in one position) is {@link Incomplete}.
 */
final class AnswerForm {
  private AnswerForm() {}

  /** A form the student can correct; the page is shown again with this message. */
  static final class Incomplete extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String messageKey;

    Incomplete(String messageKey) {
      super(messageKey);
      this.messageKey = messageKey;
    }

    String messageKey() {
      return messageKey;
    }
  }

  static String optionField(String questionId) {
    return questionId + ":option";
  }

  static String rankField(String questionId, String itemId) {
    return questionId + ":rank:" + itemId;
  }

  static String matchField(String questionId, String pairId) {
    return questionId + ":match:" + pairId;
  }

  /** The answer the fields give; empty when the student left the question blank. */
  static Optional<Answer> read(Question question, Map<String, String[]> params) {
    if (question instanceof Question.Choice choice) {
      return readChoice(choice, params);
    }
    if (question instanceof Question.Ranking ranking) {
      return readRanking(ranking, params);
    }
    if (question instanceof Question.Matching matching) {
      return readMatching(matching, params);
    }
    throw HttpError.badRequest("error.quiz.scenarioStepByStep");
  }

  private static Optional<Answer> readChoice(
      Question.Choice question, Map<String, String[]> params) {
    String[] values = params.getOrDefault(optionField(question.id()), new String[0]);
    Set<String> chosen = new LinkedHashSet<>();
    for (String value : values) {
      if (value == null || value.isBlank()) {
        continue;
      }
      if (question.options().stream().noneMatch(o -> o.id().equals(value))) {
        throw HttpError.badRequest("error.quiz.unknownOption", value);
      }
      chosen.add(value);
    }
    if (chosen.isEmpty()) {
      return Optional.empty();
    }
    if (question.choiceKind() != Question.ChoiceKind.MULTIPLE && chosen.size() > 1) {
      throw HttpError.badRequest("error.quiz.oneOptionOnly");
    }
    return Optional.of(new Answer.Chosen(new ArrayList<>(chosen)));
  }

  private static Optional<Answer> readRanking(
      Question.Ranking question, Map<String, String[]> params) {
    String prefix = question.id() + ":rank:";
    rejectUnknownFields(
        params, prefix, question.items().stream().map(Question.RankItem::id).toList());
    int n = question.items().size();
    Map<String, Integer> positions = new HashMap<>();
    int blanks = 0;
    for (Question.RankItem item : question.items()) {
      String value = single(params, rankField(question.id(), item.id()));
      if (value == null || value.isBlank()) {
        blanks++;
        continue;
      }
      int position;
      try {
        position = Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw HttpError.badRequest("error.quiz.badPosition", value);
      }
      if (position < 1 || position > n) {
        throw HttpError.badRequest("error.quiz.badPosition", value);
      }
      positions.put(item.id(), position);
    }
    if (blanks == n) {
      return Optional.empty();
    }
    if (blanks > 0) {
      throw new Incomplete("quiz.form.rankEvery");
    }
    if (new java.util.HashSet<>(positions.values()).size() != n) {
      throw new Incomplete("quiz.form.rankDistinct");
    }
    String[] order = new String[n];
    positions.forEach((item, position) -> order[position - 1] = item);
    return Optional.of(new Answer.Ordered(Arrays.asList(order)));
  }

  private static Optional<Answer> readMatching(
      Question.Matching question, Map<String, String[]> params) {
    String prefix = question.id() + ":match:";
    rejectUnknownFields(params, prefix, question.pairs().stream().map(Question.Pair::id).toList());
    List<String> choices =
        new ArrayList<>(question.pairs().stream().map(Question.Pair::id).toList());
    question.distractors().forEach(d -> choices.add(d.id()));
    Map<String, String> matched = new LinkedHashMap<>();
    for (Question.Pair pair : question.pairs()) {
      String value = single(params, matchField(question.id(), pair.id()));
      if (value == null || value.isBlank()) {
        continue;
      }
      if (!choices.contains(value)) {
        throw HttpError.badRequest("error.quiz.unknownOption", value);
      }
      matched.put(pair.id(), value);
    }
    return matched.isEmpty() ? Optional.empty() : Optional.of(new Answer.Matched(matched));
  }

  private static void rejectUnknownFields(
      Map<String, String[]> params, String prefix, List<String> known) {
    for (String name : params.keySet()) {
      if (name.startsWith(prefix) && !known.contains(name.substring(prefix.length()))) {
        throw HttpError.badRequest("error.quiz.unknownOption", name.substring(prefix.length()));
      }
    }
  }

  private static String single(Map<String, String[]> params, String name) {
    String[] values = params.get(name);
    if (values == null || values.length == 0) {
      return null;
    }
    if (values.length > 1) {
      throw HttpError.badRequest("error.badRequest");
    }
    return values[0];
  }
}
