package com.recoverylab.instructor;

/**
 * Recomputes every learner's grade on a link and queues the changed ones (the quiz feature does
 * it).
 */
@FunctionalInterface
public interface LinkRegrader {
  /** Returns how many grades were queued; joins the caller's transaction. */
  int recomputeAndQueue(long resourceLinkId);
}
