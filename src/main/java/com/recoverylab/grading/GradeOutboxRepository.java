package com.recoverylab.grading;

import com.recoverylab.store.Jdbc;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The grade_outbox table. */
public final class GradeOutboxRepository {
  private final Jdbc jdbc;

  public GradeOutboxRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** The newest score timestamp already queued for the pair, in any state. */
  Optional<Instant> latestGradedAt(long resourceLinkId, long userId) {
    return jdbc.queryOne(
            "SELECT graded_at AS latest FROM grade_outbox WHERE resource_link_id = ? AND user_id = ?"
                + " ORDER BY graded_at DESC FETCH FIRST 1 ROWS ONLY",
            row -> Jdbc.instant(row, "latest"), resourceLinkId, userId)
        .filter(Objects::nonNull);
  }

  /** Older rows still waiting for the pair will never be sent: the new one replaces them. */
  int supersedePending(long resourceLinkId, long userId) {
    return jdbc.update(
        "UPDATE grade_outbox SET status = 'SUPERSEDED' WHERE resource_link_id = ? AND user_id = ? AND status = 'PENDING'",
        resourceLinkId, userId);
  }

  long insert(PendingGrade grade, Instant gradedAt, Instant now) {
    return jdbc.insert(
        "INSERT INTO grade_outbox (resource_link_id, user_id, score_given, score_maximum, comment, graded_at, status,"
            + " tries, next_try_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)",
        grade.resourceLinkId(), grade.userId(), grade.scoreGiven(), grade.scoreMaximum(), grade.comment(), gradedAt,
        now, now);
  }

  /** The newest row for the pair that is not superseded, as its delivery state. */
  Optional<GradeOutbox.SyncState> latestState(long resourceLinkId, long userId) {
    return jdbc.queryOne(
        "SELECT status, last_error, tries, delivered_at FROM grade_outbox WHERE resource_link_id = ? AND user_id = ?"
            + " AND status <> 'SUPERSEDED' ORDER BY graded_at DESC, id DESC FETCH FIRST 1 ROWS ONLY",
        row -> new GradeOutbox.SyncState(GradeOutbox.Status.valueOf(row.getString("status")), row.getString("last_error"),
            row.getInt("tries"), Jdbc.instant(row, "delivered_at")),
        resourceLinkId, userId);
  }
}
