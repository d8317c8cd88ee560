package com.recoverylab.grading;

import java.time.Duration;

/** What happened when a channel tried to deliver a grade. */
public sealed interface DeliveryResult {
  /**
   * The platform holds the grade (or the column change is made).
   *
   * @param note what to tell the instructor about it, or null
   */
  record Delivered(String note) implements DeliveryResult {
    public Delivered() {
      this(null);
    }
  }

  /**
   * A passing problem (timeout, 5xx, 429): try again later.
   *
   * @param retryAfter the platform's Retry-After, or null to use the backoff
   */
  record RetryLater(String reason, Duration retryAfter) implements DeliveryResult {}

  /** A problem retrying will not fix (403, 404, a refused grade): shown to the instructor. */
  record Failed(String reason) implements DeliveryResult {
    /**
     * A refusal told in plain words, with what the platform itself said kept apart: the instructor
     * page shows it folded ({@link GradeOutbox#problem}), since platforms may answer with debugging
     * text.
     */
    public static Failed withDetails(String plain, String platformText) {
      return new Failed(
          platformText == null || platformText.isBlank()
              ? plain
              : plain + GradeOutbox.DETAILS_SEPARATOR + platformText.strip());
    }
  }

  /**
   * The platform holds a grade at least as new as this one (AGS answers 409 to an older timestamp).
   * The worker tells apart "an earlier try of this row arrived" (delivered) from "a newer grade is
   * there" (superseded).
   */
  record Outdated(String reason) implements DeliveryResult {}
}
