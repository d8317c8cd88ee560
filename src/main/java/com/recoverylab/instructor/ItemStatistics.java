package com.recoverylab.instructor;

import com.recoverylab.content.Question;
import com.recoverylab.content.Quiz;
import com.recoverylab.quiz.AttemptResponses;
import com.recoverylab.quiz.AttemptResponses.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Item analysis of a quiz over counted attempts, as Moodle's quiz statistics do it, computed from
 * plain records (no database, no page): per question the facility index, the discrimination index,
 * who chose each option, and for branching scenarios the paths taken.
 *
 * <p>Discrimination ranks the attempts that showed a question by their score on the rest of the
 * test (the weighted score of their other questions, so the question does not rank itself), takes
 * the top and bottom thirds (a third is n / 3 rounded; ties keep submission order) and subtracts
 * the bottom third's mean score on the question from the top third's.
 */
final class ItemStatistics {
  /** Fewer learners than this and a figure says more about them than about the question. */
  static final int MIN_LEARNERS = 5;

  private ItemStatistics() {}

  static List<ItemStat> of(Quiz quiz, List<AttemptResponses> attempts) {
    Map<String, Double> weights = new HashMap<>();
    quiz.questions().forEach(q -> weights.put(q.id(), q.weight()));
    List<ItemStat> stats = new ArrayList<>();
    int number = 1;
    for (Question question : quiz.questions()) {
      stats.add(of(number++, question, attempts, weights));
    }
    return stats;
  }

  private record Unit(AttemptResponses attempt, Response response, Double rest) {}

  private static ItemStat of(
      int number, Question question, List<AttemptResponses> attempts, Map<String, Double> weights) {
    List<Unit> units = new ArrayList<>();
    for (AttemptResponses attempt : attempts) {
      responseTo(attempt, question.id())
          .ifPresent(r -> units.add(new Unit(attempt, r, rest(attempt, question.id(), weights))));
    }
    int learners = (int) units.stream().mapToLong(u -> u.attempt().userId()).distinct().count();
    if (learners < MIN_LEARNERS) {
      return new ItemStat(
          number,
          question.id(),
          question.prompt(),
          question.kind(),
          learners,
          units.size(),
          null,
          null,
          List.of(),
          null);
    }
    double facility =
        100 * units.stream().mapToDouble(u -> u.response().score()).average().orElse(0);
    List<Unit> ranked =
        units.stream()
            .filter(u -> u.rest() != null)
            .sorted(
                Comparator.comparingDouble(Unit::rest)
                    .thenComparingLong(u -> u.attempt().attemptId()))
            .toList();
    int third = (int) Math.round(ranked.size() / 3.0);
    List<Unit> bottom = third == 0 ? List.of() : ranked.subList(0, third);
    List<Unit> top = third == 0 ? List.of() : ranked.subList(ranked.size() - third, ranked.size());
    Double discrimination = third == 0 ? null : mean(top) - mean(bottom);
    List<ItemStat.OptionStat> options =
        question instanceof Question.Choice choice
            ? options(choice, units, third == 0 ? null : top, third == 0 ? null : bottom)
            : List.of();
    ItemStat.BranchPaths paths =
        question instanceof Question.Branching branching ? paths(number, branching, units) : null;
    return new ItemStat(
        number,
        question.id(),
        question.prompt(),
        question.kind(),
        learners,
        units.size(),
        facility,
        discrimination,
        options,
        paths);
  }

  private static Optional<Response> responseTo(AttemptResponses attempt, String questionId) {
    return attempt.responses().stream().filter(r -> r.questionId().equals(questionId)).findFirst();
  }

  /** The weighted score, 0 to 1, of the attempt's other questions; null when it showed no other. */
  private static Double rest(
      AttemptResponses attempt, String questionId, Map<String, Double> weights) {
    double earned = 0;
    double possible = 0;
    for (Response response : attempt.responses()) {
      if (!response.questionId().equals(questionId)) {
        double weight = weights.getOrDefault(response.questionId(), 1.0);
        earned += weight * response.score();
        possible += weight;
      }
    }
    return possible == 0 ? null : earned / possible;
  }

  private static double mean(List<Unit> units) {
    return units.stream().mapToDouble(u -> u.response().score()).average().orElse(0);
  }

  private static List<ItemStat.OptionStat> options(
      Question.Choice choice, List<Unit> units, List<Unit> top, List<Unit> bottom) {
    List<ItemStat.OptionStat> options = new ArrayList<>();
    for (Question.Option option : choice.options()) {
      int chosen = chose(units, option.id());
      Integer byTop = top == null ? null : chose(top, option.id());
      Integer byBottom = bottom == null ? null : chose(bottom, option.id());
      ItemStat.Flag flag = ItemStat.Flag.NONE;
      if (!option.correct() && chosen == 0) {
        flag = ItemStat.Flag.NOBODY_CHOSE;
      } else if (!option.correct() && byTop != null && byTop > byBottom) {
        flag = ItemStat.Flag.STRONG_CHOSE_WRONG;
      }
      options.add(
          new ItemStat.OptionStat(
              option.id(), option.text(), option.correct(), chosen, byTop, byBottom, flag));
    }
    return options;
  }

  private static int chose(List<Unit> units, String optionId) {
    return (int) units.stream().filter(u -> u.response().picked(optionId)).count();
  }

  /**
   * Every attempt that showed the scenario stood at its start; each pick (slot = step) is a choice
   * taken there, and the last choice leads to the next step or to the ending reached.
   */
  private static ItemStat.BranchPaths paths(
      int number, Question.Branching branching, List<Unit> units) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < branching.steps().size(); i++) {
      labels.put(branching.steps().get(i).id(), "Step " + (i + 1));
    }
    for (int i = 0; i < branching.endings().size(); i++) {
      labels.put(branching.endings().get(i).id(), "Ending " + (i + 1));
    }
    Map<String, Integer> reached = new HashMap<>();
    Map<String, Integer> taken = new HashMap<>();
    int unfinished = 0;
    for (Unit unit : units) {
      Set<String> passed = new HashSet<>();
      passed.add(branching.start());
      String at = branching.start();
      for (AttemptResponses.Pick pick : unit.response().picks()) {
        String step = pick.slot() == null ? at : pick.slot();
        Optional<Question.BranchChoice> choice =
            branching
                .step(step)
                .flatMap(
                    s ->
                        s.choices().stream()
                            .filter(c -> c.id().equals(pick.optionId()))
                            .findFirst());
        if (choice.isEmpty()) {
          // the scenario changed since this attempt: the rest of its path no longer exists
          break;
        }
        taken.merge(step + "\u0000" + choice.get().id(), 1, Integer::sum);
        at = choice.get().next();
        passed.add(step);
        passed.add(at);
      }
      passed.forEach(id -> reached.merge(id, 1, Integer::sum));
      if (branching.ending(at).isEmpty()) {
        unfinished++;
      }
    }
    List<ItemStat.Node> steps =
        branching.steps().stream()
            .map(
                s ->
                    new ItemStat.Node(
                        s.id(), labels.get(s.id()), s.text(), reached.getOrDefault(s.id(), 0)))
            .toList();
    List<ItemStat.Node> endings =
        branching.endings().stream()
            .map(
                e ->
                    new ItemStat.Node(
                        e.id(), labels.get(e.id()), e.text(), reached.getOrDefault(e.id(), 0)))
            .toList();
    List<ItemStat.Edge> choices = new ArrayList<>();
    for (Question.Step step : branching.steps()) {
      for (Question.BranchChoice choice : step.choices()) {
        choices.add(
            new ItemStat.Edge(
                step.id(),
                labels.get(step.id()),
                choice.id(),
                choice.text(),
                choice.next(),
                labels.getOrDefault(choice.next(), choice.next()),
                taken.getOrDefault(step.id() + "\u0000" + choice.id(), 0)));
      }
    }
    String graph =
        PathGraph.svg(
            steps,
            endings,
            choices,
            branching.start(),
            "Question "
                + number
                + ": paths taken through the scenario; the table beside gives the same numbers");
    return new ItemStat.BranchPaths(steps, choices, endings, unfinished, graph);
  }
}
