package com.recoverylab.instructor;

import java.time.Instant;

/**
 * One learner's results on a link (public: templates read it). Scores are fractions 0..1 of
 * submitted graded attempts; null when there is none yet.
 *
 * @param inProgress graded attempts started and not submitted
 * @param seconds time spent on submitted attempts
 */
public record StudentRow(
    long userId,
    String subject,
    String name,
    int attempts,
    int inProgress,
    Double best,
    Double last,
    Double first,
    Double average,
    long seconds,
    Instant lastSubmitted) {

  /** The score the link's grading method makes of the attempts. */
  public Double graded(com.recoverylab.content.GradingMethod method) {
    return switch (method) {
      case HIGHEST -> best;
      case LAST -> last;
      case FIRST -> first;
      case AVERAGE -> average;
    };
  }

  public String displayName() {
    return name == null || name.isBlank() ? subject : name;
  }
}
