package com.recoverylab.instructor;

import java.util.Collection;
import java.util.Map;

/** Where learners' grades stand on their way to the gradebook, and sending them again (the grading feature). */
public interface GradeSync {
  /**
   * Delivery state of a learner's newest grade (public: templates read it).
   *
   * @param status PENDING, DELIVERED, FAILED or SUPERSEDED
   */
  record State(String status, String lastError) {}

  /** States for those of the learners who have a queued grade on the link. */
  Map<Long, State> states(long resourceLinkId, Collection<Long> userIds);

  /** Queues the learner's newest grade again; false when they have none. */
  boolean resendOne(long resourceLinkId, long userId);

  /** Queues every learner's newest grade on the link again; returns how many. */
  int resendLink(long resourceLinkId);
}
