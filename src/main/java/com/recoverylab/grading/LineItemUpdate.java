package com.recoverylab.grading;

import java.time.Instant;

/**
 * A change to make to a link's gradebook column (AGS line item) on the platform, as a delivery
 * channel sees it.
 *
 * @param scoreMaximum the column's new maximum, or null to keep the platform's
 * @param label the column's new label, or null to keep the platform's
 */
public record LineItemUpdate(
    long id,
    long resourceLinkId,
    Double scoreMaximum,
    String label,
    int tries,
    Instant createdAt) {}
