package com.recoverylab.quiz;

import com.recoverylab.content.Question;
import com.recoverylab.content.Question.BranchChoice;
import com.recoverylab.content.Question.Branching;
import com.recoverylab.content.Question.Choice;
import com.recoverylab.content.Question.Matching;
import com.recoverylab.content.Question.Ranking;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores answers on the server, as {@code docs/content-format.md} defines for each kind. Pure
 * functions: a score is a fraction from 0 to 1 of the question's weight. An answer of the wrong
 * shape for its question scores 0 (forms are checked before anything is stored).
 */
final class QuizScorer {
  private QuizScorer() {}

  /** The score of one answer to one question, 0 to 1. */
  static double score(Question question, Answer answer) {
    if (question instanceof Choice choice && answer instanceof Answer.Chosen chosen) {
      return choice(choice, chosen.optionIds());
    }
    if (question instanceof Ranking ranking && answer instanceof Answer.Ordered ordered) {
      return ranking(ranking, ordered.itemIds());
    }
    if (question instanceof Matching matching && answer instanceof Answer.Matched matched) {
      return matching(matching, matched.choiceByPair());
    }
    if (question instanceof Branching branching && answer instanceof Answer.Path path) {
      return branching(branching, path.choiceIds());
    }
    return 0;
  }

  /**
   * Single and true-false: 1 when exactly the one right option is chosen. Multiple: max(0, (right
   * chosen - wrong chosen) / right options), so ticking everything earns nothing.
   */
  static double choice(Choice question, Collection<String> chosenIds) {
    Set<String> chosen = new HashSet<>(chosenIds);
    int rightTotal = 0;
    int rightChosen = 0;
    int wrongChosen = 0;
    for (Question.Option option : question.options()) {
      if (option.correct()) {
        rightTotal++;
      }
      if (chosen.contains(option.id())) {
        if (option.correct()) {
          rightChosen++;
        } else {
          wrongChosen++;
        }
      }
    }
    if (question.choiceKind() != Question.ChoiceKind.MULTIPLE) {
      return chosen.size() == 1 && rightChosen == 1 ? 1 : 0;
    }
    if (rightTotal == 0) {
      return 0;
    }
    return Math.max(0, (double) (rightChosen - wrongChosen) / rightTotal);
  }

  /**
   * Pairs of items in different tiers placed in the right relative order / such pairs; items of one
   * tier may come in any order. An incomplete order scores 0.
   */
  static double ranking(Ranking question, List<String> order) {
    List<String> right = question.items().stream().map(Question.RankItem::id).toList();
    if (order.size() != right.size() || !new HashSet<>(order).equals(new HashSet<>(right))) {
      return 0;
    }
    int n = order.size();
    int pairs = 0;
    int inOrder = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        int earlier = question.tierOf(order.get(i));
        int later = question.tierOf(order.get(j));
        if (earlier != later) {
          pairs++;
          if (earlier < later) {
            inOrder++;
          }
        }
      }
    }
    return pairs == 0 ? 1 : (double) inOrder / pairs;
  }

  /**
   * Whether an item of a submitted order is part of a pair in different tiers placed the wrong way
   * round: only such an item shows a misconception.
   */
  static boolean misplaced(Ranking question, List<String> order, String itemId) {
    int at = order.indexOf(itemId);
    int tier = question.tierOf(itemId);
    for (int k = 0; k < order.size(); k++) {
      int other = question.tierOf(order.get(k));
      if ((k < at && other > tier) || (k > at && other < tier)) {
        return true;
      }
    }
    return false;
  }

  /** Pairs matched to their own right-hand text / pairs; distractors and blanks earn nothing. */
  static double matching(Matching question, Map<String, String> choiceByPair) {
    if (question.pairs().isEmpty()) {
      return 0;
    }
    long right =
        question.pairs().stream().filter(p -> p.id().equals(choiceByPair.get(p.id()))).count();
    return (double) right / question.pairs().size();
  }

  /**
   * Path-sum: the chosen choices' points / the best path's points (an unfinished path counts what
   * it has chosen so far). Ending: the reached ending's score, 0 before an ending.
   */
  static double branching(Branching question, List<String> path) {
    BranchWalk walk;
    try {
      walk = BranchWalk.follow(question, path);
    } catch (IllegalArgumentException e) {
      return 0;
    }
    if (question.scoring() == Question.BranchScoring.ENDING) {
      return walk.ending() == null ? 0 : clamp(walk.ending().score());
    }
    double best = bestPathPoints(question);
    double chosen = walk.choices().stream().mapToDouble(BranchChoice::points).sum();
    if (best <= 0) {
      return walk.ending() == null ? 0 : 1;
    }
    return clamp(chosen / best);
  }

  /** The most points any path from the start to an ending collects (no step visited twice). */
  static double bestPathPoints(Branching question) {
    double best = best(question, question.start(), new HashSet<>());
    return best == Double.NEGATIVE_INFINITY ? 0 : best;
  }

  private static double best(Branching question, String stepId, Set<String> visited) {
    if (question.ending(stepId).isPresent()) {
      return 0;
    }
    var step = question.step(stepId);
    if (step.isEmpty() || !visited.add(stepId)) {
      return Double.NEGATIVE_INFINITY;
    }
    double best = Double.NEGATIVE_INFINITY;
    for (BranchChoice choice : step.get().choices()) {
      double rest = best(question, choice.next(), visited);
      if (rest != Double.NEGATIVE_INFINITY) {
        best = Math.max(best, choice.points() + rest);
      }
    }
    visited.remove(stepId);
    return best;
  }

  /** A question's score with its weight. */
  record Weighted(double score, double weight) {}

  /** The weighted mean of question scores: sum(score x weight) / sum(weights); 0 when empty. */
  static double quizFraction(List<Weighted> scores) {
    double weights = 0;
    double sum = 0;
    for (Weighted w : scores) {
      weights += w.weight();
      sum += clamp(w.score()) * w.weight();
    }
    return weights <= 0 ? 0 : clamp(sum / weights);
  }

  private static double clamp(double value) {
    return Math.max(0, Math.min(1, value));
  }
}
