package com.recoverylab.grading;

import java.time.Instant;
import java.util.Objects;

/**
 * A grade one learner has on one resource link, to be delivered to the platform.
 *
 * @param scoreGiven the grade the link's grading method gives, in points
 * @param scoreMaximum the points the link is worth
 * @param gradedAt when the grade changed; the outbox makes it strictly increase per pair
 */
public record PendingGrade(
    long resourceLinkId,
    long userId,
    double scoreGiven,
    double scoreMaximum,
    String comment,
    Instant gradedAt) {

  public PendingGrade {
    if (scoreMaximum <= 0) {
      throw new IllegalArgumentException("scoreMaximum must be positive: " + scoreMaximum);
    }
    if (scoreGiven < 0 || scoreGiven > scoreMaximum) {
      throw new IllegalArgumentException(
          "scoreGiven must be within 0.." + scoreMaximum + ": " + scoreGiven);
    }
    Objects.requireNonNull(gradedAt, "gradedAt");
    comment = comment == null ? "" : comment;
  }
}
