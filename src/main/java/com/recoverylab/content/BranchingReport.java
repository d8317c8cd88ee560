package com.recoverylab.content;

import com.recoverylab.content.Question.BranchScoring;
import java.util.Locale;

/**
 * The best and worst score a student can reach in one branching scenario, as fractions of the
 * question (0 to 1) under its scoring mode; for path-sum scoring also the points behind them.
 */
public record BranchingReport(
    String file,
    int line,
    int column,
    String quizId,
    String questionId,
    BranchScoring scoring,
    double best,
    double worst,
    double bestPoints,
    double worstPoints) {

  /**
   * {@code quizzes/x.yaml:12:5: quiz x, branching y (path-sum): best path 1.00 (5 points), worst
   * path 0.20 (1 point)}.
   */
  @Override
  public String toString() {
    String where =
        file + ":" + line + ":" + column + ": quiz " + quizId + ", branching " + questionId;
    if (scoring == BranchScoring.PATH_SUM) {
      return where
          + " (path-sum): best path "
          + fraction(best)
          + " ("
          + points(bestPoints)
          + "), worst path "
          + fraction(worst)
          + " ("
          + points(worstPoints)
          + ")";
    }
    return where + " (ending): best path " + fraction(best) + ", worst path " + fraction(worst);
  }

  private static String fraction(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static String points(double value) {
    return QuizReader.number(value) + (value == 1 ? " point" : " points");
  }
}
