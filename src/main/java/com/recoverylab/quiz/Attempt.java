package com.recoverylab.quiz;

import java.time.Instant;

/**
 * One attempt at a quiz, as stored.
 *
 * @param resourceLinkId the graded link; null for practice
 * @param feedback {@code after-each}, {@code at-end} or {@code practice} (immediate, retryable)
 * @param pointsPossible what the quiz was worth when the attempt started
 */
record Attempt(
    long id,
    long userId,
    long courseId,
    Long resourceLinkId,
    String quizId,
    AttemptMode mode,
    boolean submitted,
    AttemptLayout layout,
    String feedback,
    double pointsPossible,
    Instant startedAt,
    Instant submittedAt,
    Double scoreFraction,
    Double points) {

  static final String PRACTICE_FEEDBACK = "practice";

  boolean practice() {
    return mode == AttemptMode.PRACTICE;
  }

  /** Whether a question's right/wrong and feedback show as soon as it is answered. */
  boolean immediateFeedback() {
    return practice() || "after-each".equals(feedback);
  }
}
