package com.recoverylab.grading;

import java.util.Optional;

/**
 * A way to deliver grades to a platform: Assignment and Grade Services for LTI 1.3 links, Basic
 * Outcomes for LTI 1.1 links. The worker offers each row to the channels in turn until one serves
 * the row's link and user.
 */
public interface GradeChannel {
  /** True when this channel knows where to send grades for the row's link and user. */
  boolean serves(OutboxRow row);

  /** Sends one grade; never throws for platform or network problems, it returns them. */
  DeliveryResult deliver(OutboxRow row);

  /**
   * Sends the grade when this channel serves the row, else returns empty. A channel that reads the
   * same facts to answer both questions overrides this to read them once per grade.
   */
  default Optional<DeliveryResult> deliverIfServed(OutboxRow row) {
    return serves(row) ? Optional.of(deliver(row)) : Optional.empty();
  }

  /**
   * Makes the column change on the platform when this channel keeps the link's column, else returns
   * empty (LTI 1.1 Basic Outcomes has no columns to change: scores are fractions).
   */
  default Optional<DeliveryResult> updateColumnIfServed(LineItemUpdate update) {
    return Optional.empty();
  }
}
