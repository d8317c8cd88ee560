package com.recoverylab.grading;

/**
 * A way to deliver grades to a platform: Assignment and Grade Services for LTI 1.3 links,
 * Basic Outcomes for LTI 1.1 links. The worker asks each channel in turn whether it serves a
 * row's link and user.
 */
public interface GradeChannel {
  /** True when this channel knows where to send grades for the row's link and user. */
  boolean serves(OutboxRow row);

  /** Sends one grade; never throws for platform or network problems, it returns them. */
  DeliveryResult deliver(OutboxRow row);
}
