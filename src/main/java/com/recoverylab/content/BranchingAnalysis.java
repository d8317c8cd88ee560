package com.recoverylab.content;

import com.recoverylab.content.Question.BranchChoice;
import com.recoverylab.content.Question.BranchScoring;
import com.recoverylab.content.Question.Branching;
import com.recoverylab.content.Question.Ending;
import com.recoverylab.content.Question.Step;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a branching scenario's graph and works out its best and worst path. Every step must be
 * reachable from the start and lead on to an ending; loops are allowed when they have a way out.
 * Under path-sum scoring a loop that earns points would make the best path endless, so choices on
 * loops must earn 0 points, and every path's points must agree with how good its ending is rated.
 * Attempts are scored by the quiz feature; this only tells authors what the scenario makes
 * possible.
 */
final class BranchingAnalysis {
  private final QuizReader.BranchingPlaces places;
  private final Branching question;
  private final Problems problems;
  private final Map<String, Step> steps = new HashMap<>();
  private final Map<String, Ending> endings = new HashMap<>();

  private BranchingAnalysis(QuizReader.BranchingPlaces places, Problems problems) {
    this.places = places;
    this.question = places.question();
    this.problems = problems;
    question.steps().forEach(s -> steps.putIfAbsent(s.id(), s));
    question.endings().forEach(e -> endings.putIfAbsent(e.id(), e));
  }

  /** Reports graph problems; the best/worst report when the graph is sound. */
  static Optional<BranchingReport> analyse(
      String quizId, QuizReader.BranchingPlaces places, Problems problems) {
    return new BranchingAnalysis(places, problems).run(quizId);
  }

  private Optional<BranchingReport> run(String quizId) {
    if (!steps.containsKey(question.start())) {
      return Optional.empty(); // the reader has reported the missing or wrong start
    }
    boolean sound = true;
    for (Step step : question.steps()) {
      if (step.choices().isEmpty()) {
        problems.add(
            places.steps().get(step.id()),
            "step "
                + step.id()
                + " is a dead end: it has no choices (lead on with choices, or make it an ending)");
        sound = false;
      }
    }
    Set<String> reachable = reachableFrom(question.start());
    for (Step step : question.steps()) {
      if (!reachable.contains(step.id())) {
        problems.add(
            places.steps().get(step.id()),
            "step " + step.id() + " cannot be reached from start " + question.start());
        sound = false;
      }
    }
    for (Ending ending : question.endings()) {
      if (!reachable.contains(ending.id())) {
        problems.add(
            places.endings().get(ending.id()),
            "ending " + ending.id() + " cannot be reached from start " + question.start());
      }
    }
    for (Step step : question.steps()) {
      if (!reachable.contains(step.id()) || step.choices().isEmpty()) {
        continue;
      }
      boolean endingAhead = reachableFrom(step.id()).stream().anyMatch(endings::containsKey);
      if (!endingAhead) {
        problems.add(
            places.steps().get(step.id()),
            "step " + step.id() + " never reaches an ending: every path from it loops or stops");
        sound = false;
      }
    }
    if (question.scoring() == BranchScoring.PATH_SUM) {
      for (Step step : question.steps()) {
        for (BranchChoice choice : step.choices()) {
          if (choice.points() > 0
              && steps.containsKey(choice.next())
              && reachableFrom(choice.next()).contains(step.id())) {
            problems.add(
                places.choices().get(step.id() + "/" + choice.id()),
                "choice "
                    + choice.id()
                    + " of step "
                    + step.id()
                    + " is on a loop and earns points every time round;"
                    + " with path-sum scoring, choices on loops must have 0 points");
            sound = false;
          }
        }
      }
    }
    if (!sound) {
      return Optional.empty();
    }
    if (question.scoring() == BranchScoring.PATH_SUM && !pathsAgreeWithEndings()) {
      return Optional.empty();
    }
    return score(quizId);
  }

  /**
   * Paths beyond this many are not enumerated; a scenario that large is too large to check or take.
   */
  static final int MAX_PATHS = 10_000;

  /** One way from the start to an ending: the choices taken, their points, and where it ends. */
  record Path(List<String> steps, List<BranchChoice> choices, double points, Ending ending) {
    String describe() {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < choices.size(); i++) {
        text.append(steps.get(i)).append('/').append(choices.get(i).id()).append(" -> ");
      }
      return text.append(ending.id())
          .append(" (")
          .append(QuizReader.number(points))
          .append(points == 1 ? " point" : " points")
          .append(", ending score ")
          .append(QuizReader.number(ending.score()))
          .append(')')
          .toString();
    }
  }

  /**
   * Under path-sum scoring the points must tell the same story as the endings: a path to a
   * worse-rated ending may not earn strictly more than a path to a better-rated one. Reports the
   * widest such gap, naming both paths.
   */
  private boolean pathsAgreeWithEndings() {
    List<Path> paths = new ArrayList<>();
    if (!enumerate(
        question.start(), new ArrayList<>(), new ArrayList<>(), new HashSet<>(), paths)) {
      problems.add(
          places.at(),
          "branching "
              + question.id()
              + " has more than "
              + MAX_PATHS
              + " paths from start to an ending: too many to check that the points agree with the endings; simplify it");
      return false;
    }
    Path worse = null;
    Path better = null;
    int pairs = 0;
    for (Path a : paths) {
      for (Path b : paths) {
        if (a.ending().score() < b.ending().score() && a.points() > b.points()) {
          pairs++;
          if (worse == null || a.points() - b.points() > worse.points() - better.points()) {
            worse = a;
            better = b;
          }
        }
      }
    }
    if (worse == null) {
      return true;
    }
    problems.add(
        places.at(),
        "branching "
            + question.id()
            + ": path "
            + worse.describe()
            + " ends worse than path "
            + better.describe()
            + " but scores more; with path-sum scoring the points must"
            + " agree with the endings' scores ("
            + pairs
            + (pairs == 1 ? " such pair" : " such pairs")
            + " of paths)");
    return false;
  }

  /**
   * Every path that visits no step twice (loops earn nothing, checked before); false past {@link
   * #MAX_PATHS}.
   */
  private boolean enumerate(
      String at,
      List<String> stepIds,
      List<BranchChoice> taken,
      Set<String> visited,
      List<Path> paths) {
    Ending ending = endings.get(at);
    if (ending != null) {
      paths.add(
          new Path(
              List.copyOf(stepIds),
              List.copyOf(taken),
              taken.stream().mapToDouble(BranchChoice::points).sum(),
              ending));
      return paths.size() <= MAX_PATHS;
    }
    Step step = steps.get(at);
    if (step == null || !visited.add(at)) {
      return true;
    }
    for (BranchChoice choice : step.choices()) {
      stepIds.add(at);
      taken.add(choice);
      boolean within = enumerate(choice.next(), stepIds, taken, visited, paths);
      stepIds.remove(stepIds.size() - 1);
      taken.remove(taken.size() - 1);
      if (!within) {
        return false;
      }
    }
    visited.remove(at);
    return true;
  }

  /** Every step and ending reachable from {@code from}, including it. */
  private Set<String> reachableFrom(String from) {
    Set<String> seen = new HashSet<>();
    Deque<String> queue = new ArrayDeque<>(List.of(from));
    while (!queue.isEmpty()) {
      String id = queue.poll();
      if (!seen.add(id)) {
        continue;
      }
      Step step = steps.get(id);
      if (step != null) {
        step.choices().stream()
            .map(BranchChoice::next)
            .filter(next -> steps.containsKey(next) || endings.containsKey(next))
            .forEach(queue::add);
      }
    }
    return seen;
  }

  private Optional<BranchingReport> score(String quizId) {
    boolean pathSum = question.scoring() == BranchScoring.PATH_SUM;
    Map<String, Double> best = new HashMap<>();
    Map<String, Double> worst = new HashMap<>();
    for (Ending ending : question.endings()) {
      best.put(ending.id(), pathSum ? 0 : ending.score());
      worst.put(ending.id(), pathSum ? 0 : ending.score());
    }
    // relax until nothing changes: at most one round per step, as loops add nothing (checked above)
    for (int round = 0; round <= steps.size(); round++) {
      boolean changed = false;
      for (Step step : question.steps()) {
        for (BranchChoice choice : step.choices()) {
          double gain = pathSum ? choice.points() : 0;
          Double nextBest = best.get(choice.next());
          Double nextWorst = worst.get(choice.next());
          if (nextBest != null
              && (best.get(step.id()) == null || gain + nextBest > best.get(step.id()))) {
            best.put(step.id(), gain + nextBest);
            changed = true;
          }
          if (nextWorst != null
              && (worst.get(step.id()) == null || gain + nextWorst < worst.get(step.id()))) {
            worst.put(step.id(), gain + nextWorst);
            changed = true;
          }
        }
      }
      if (!changed) {
        break;
      }
    }
    double bestValue = best.get(question.start());
    double worstValue = worst.get(question.start());
    Location at = places.at();
    if (pathSum) {
      if (bestValue <= 0) {
        problems.add(
            places.at(),
            "branching "
                + question.id()
                + " uses path-sum scoring but no path earns points; give the good choices points");
        return Optional.empty();
      }
      return Optional.of(
          new BranchingReport(
              at.file(),
              at.line(),
              at.column(),
              quizId,
              question.id(),
              question.scoring(),
              1.0,
              worstValue / bestValue,
              bestValue,
              worstValue));
    }
    return Optional.of(
        new BranchingReport(
            at.file(),
            at.line(),
            at.column(),
            quizId,
            question.id(),
            question.scoring(),
            bestValue,
            worstValue,
            0,
            0));
  }
}
