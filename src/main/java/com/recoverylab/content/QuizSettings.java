package com.recoverylab.content;

import java.util.Objects;

/**
 * A quiz's defaults; an instructor may override points, attempts, grading method and feedback
 * timing per resource link.
 *
 * @param points what the whole quiz is worth in the gradebook (scoreMaximum)
 * @param maxAttempts graded attempts allowed; 0 means unlimited
 * @param shuffle whether question order (and option order) is shuffled per attempt
 * @param draw how many questions each attempt draws from the pool; 0 means all
 */
public record QuizSettings(
    double points, int maxAttempts, GradingMethod gradingMethod, FeedbackTiming feedbackTiming, boolean shuffle, int draw) {

  public QuizSettings {
    Objects.requireNonNull(gradingMethod, "gradingMethod");
    Objects.requireNonNull(feedbackTiming, "feedbackTiming");
    if (points <= 0) {
      throw new IllegalArgumentException("points must be positive: " + points);
    }
    if (maxAttempts < 0 || draw < 0) {
      throw new IllegalArgumentException("maxAttempts and draw must not be negative");
    }
  }
}
