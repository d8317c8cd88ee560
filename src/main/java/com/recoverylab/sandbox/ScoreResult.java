package com.recoverylab.sandbox;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The latest score a tool posted for one user on one line item. The grade is empty when the last
 * score was not FullyGraded or had no scoreGiven (the platform then clears the grade).
 */
record ScoreResult(
    long lineItemId,
    String userId,
    BigDecimal scoreGiven,
    BigDecimal scoreMaximum,
    String comment,
    String activityProgress,
    String gradingProgress,
    Instant timestamp,
    Instant receivedAt) {

  boolean graded() {
    return scoreGiven != null && scoreMaximum != null && scoreMaximum.signum() > 0;
  }

  /** The grade rescaled to the line item's maximum, as Moodle does; null when cleared. */
  BigDecimal gradeOutOf(BigDecimal lineItemMaximum) {
    if (!graded()) {
      return null;
    }
    return scoreGiven
        .multiply(lineItemMaximum)
        .divide(scoreMaximum, 4, java.math.RoundingMode.HALF_UP)
        .stripTrailingZeros();
  }
}
