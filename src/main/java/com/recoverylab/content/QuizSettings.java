package com.recoverylab.content;

import java.util.Objects;

/**
 * A quiz's defaults; an instructor may override points, attempts, grading method and feedback
 * timing per resource link.
 *
 * @param points what the whole quiz is worth in the gradebook (scoreMaximum)
 * @param maxAttempts graded attempts allowed; 0 means unlimited
 * @param shuffle whether question order is shuffled per attempt (options and choices always are,
 *     except those marked fixed)
 * @param draw how many questions each attempt draws from the pool; 0 means all
 * @param rightAnswers when reviews show the right answers
 */
public record QuizSettings(
    double points,
    int maxAttempts,
    GradingMethod gradingMethod,
    FeedbackTiming feedbackTiming,
    boolean shuffle,
    int draw,
    RightAnswers rightAnswers) {

  /** Settings that leave right answers to the default. */
  public QuizSettings(
      double points,
      int maxAttempts,
      GradingMethod gradingMethod,
      FeedbackTiming feedbackTiming,
      boolean shuffle,
      int draw) {
    this(points, maxAttempts, gradingMethod, feedbackTiming, shuffle, draw, RightAnswers.DEFAULT);
  }

  public QuizSettings {
    Objects.requireNonNull(gradingMethod, "gradingMethod");
    Objects.requireNonNull(feedbackTiming, "feedbackTiming");
    Objects.requireNonNull(rightAnswers, "rightAnswers");
    if (points <= 0) {
      throw new IllegalArgumentException("points must be positive: " + points);
    }
    if (maxAttempts < 0 || draw < 0) {
      throw new IllegalArgumentException("maxAttempts and draw must not be negative");
    }
  }
}
