package com.recoverylab.sandbox;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** A gradebook column (AGS line item); {@code activityId} is null for one the tool made alone. */
record LineItem(
    long id,
    Long activityId,
    String label,
    BigDecimal scoreMaximum,
    String resourceId,
    String tag,
    Instant startAt,
    Instant endAt) {

  LineItem {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(scoreMaximum, "scoreMaximum");
  }
}
