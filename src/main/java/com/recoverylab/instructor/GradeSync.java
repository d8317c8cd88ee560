package com.recoverylab.instructor;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Where learners' grades stand on their way to the gradebook, and sending them again (the grading
 * feature).
 */
public interface GradeSync {
  /**
   * Delivery state of a learner's newest grade (public: templates read it).
   *
   * @param status PENDING, DELIVERED, FAILED or SUPERSEDED
   * @param lastError why it waits or failed, in plain words; null when nothing is wrong
   * @param platformText what the platform itself said about it (shown folded), or empty
   */
  record State(String status, String lastError, String platformText) {}

  /** States for those of the learners who have a queued grade on the link. */
  Map<Long, State> states(long resourceLinkId, Collection<Long> userIds);

  /** Queues the learner's newest grade again; false when they have none. */
  boolean resendOne(long resourceLinkId, long userId);

  /** Queues every learner's newest grade on the link again; returns how many. */
  int resendLink(long resourceLinkId);

  /**
   * Queues the change of the link's gradebook column to the new points; joins the caller's
   * transaction. The link's grades wait until the platform has made it (or refused).
   */
  void queueColumnPoints(long resourceLinkId, double points);

  /** Where the newest change of the link's gradebook column stands; empty when none was made. */
  Optional<ColumnState> columnState(long resourceLinkId);

  /**
   * A change of the link's gradebook column (public: templates read it).
   *
   * @param status PENDING, DONE or FAILED
   * @param points the maximum asked for, as shown (10, 7.5)
   * @param problem why it waits or failed, in the platform's words where it gave any; empty when
   *     none
   * @param note what happened without a call (no column yet); empty when none
   */
  record ColumnState(String status, String points, String problem, String note) {
    public boolean pending() {
      return "PENDING".equals(status);
    }

    public boolean failed() {
      return "FAILED".equals(status);
    }

    public boolean done() {
      return "DONE".equals(status);
    }
  }
}
