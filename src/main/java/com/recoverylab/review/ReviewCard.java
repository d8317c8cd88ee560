package com.recoverylab.review;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One misconception a learner revealed in one course, with its FSRS memory and when it is due.
 *
 * @param lastAnswer the option ids picked in the last review (empty before any)
 * @param lastRight whether the last review was right, null before any
 */
record ReviewCard(
    long id,
    long userId,
    long courseId,
    String tag,
    String sourceQuizId,
    String sourceQuestionId,
    FsrsScheduler.Memory memory,
    Instant lastReviewAt,
    Instant dueAt,
    int reviews,
    int lapses,
    String lastQuestionId,
    List<String> lastAnswer,
    Boolean lastRight) {
  ReviewCard {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(lastReviewAt, "lastReviewAt");
    Objects.requireNonNull(dueAt, "dueAt");
    lastAnswer = lastAnswer == null ? List.of() : List.copyOf(lastAnswer);
  }

  boolean isDueAt(Instant now) {
    return !dueAt.isAfter(now);
  }
}
