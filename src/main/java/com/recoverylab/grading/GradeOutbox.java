package com.recoverylab.grading;

import com.recoverylab.store.Jdbc;
import java.time.Clock;
import java.time.Instant;

/**
 * Queues grades for delivery. Callers enqueue inside the same {@link Jdbc#inTransaction} that
 * stores the attempt, so a grade is queued exactly when its attempt is stored.
 */
public final class GradeOutbox {
  private final Jdbc jdbc;
  private final GradeOutboxRepository repository;
  private final Clock clock;

  public GradeOutbox(Jdbc jdbc, GradeOutboxRepository repository, Clock clock) {
    this.jdbc = jdbc;
    this.repository = repository;
    this.clock = clock;
  }

  /**
   * Queues the grade, superseding older rows for the same learner and link that have not been
   * sent, and returns the row id. Only learners' grades belong here.
   */
  public long enqueue(PendingGrade grade) {
    return jdbc.inTransaction(() -> {
      Instant gradedAt = grade.gradedAt();
      Instant latest = repository.latestGradedAt(grade.resourceLinkId(), grade.userId()).orElse(null);
      if (latest != null && !gradedAt.isAfter(latest)) {
        // platforms answer 409 to a score not newer than the one they hold
        gradedAt = latest.plusMillis(1);
      }
      repository.supersedePending(grade.resourceLinkId(), grade.userId());
      return repository.insert(grade, gradedAt, clock.instant());
    });
  }

  /** Where the newest grade for a learner on a link stands; empty when none was queued. */
  public java.util.Optional<SyncState> syncState(long resourceLinkId, long userId) {
    return repository.latestState(resourceLinkId, userId);
  }

  /** States of an outbox row. */
  public enum Status {
    PENDING,
    DELIVERED,
    FAILED,
    SUPERSEDED
  }

  /** The delivery state of a learner's newest grade on a link. */
  public record SyncState(Status status, String lastError, int tries, Instant deliveredAt) {}
}
