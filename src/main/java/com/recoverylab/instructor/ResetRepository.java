package com.recoverylab.instructor;

import com.recoverylab.store.Jdbc;
import java.time.Instant;
import java.util.List;

/** The {@code attempt_resets} table: who removed a learner's attempts on a link, and when. */
final class ResetRepository {
  private final Jdbc jdbc;

  ResetRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** A stored reset; names are the course feature's to give. */
  record StoredReset(long userId, long resetBy, int attemptsRemoved, Instant at) {}

  void recordReset(long linkId, long userId, long by, int removed, Instant at) {
    jdbc.insert(
        "INSERT INTO attempt_resets (resource_link_id, user_id, reset_by, attempts_removed, reset_at)"
            + " VALUES (?, ?, ?, ?, ?)",
        linkId,
        userId,
        by,
        removed,
        at);
  }

  /** The link's resets, newest first. */
  List<StoredReset> resets(long linkId) {
    return jdbc.query(
        "SELECT user_id, reset_by, attempts_removed, reset_at FROM attempt_resets"
            + " WHERE resource_link_id = ? ORDER BY reset_at DESC, id DESC",
        row ->
            new StoredReset(
                row.getLong("user_id"),
                row.getLong("reset_by"),
                row.getInt("attempts_removed"),
                Jdbc.instant(row, "reset_at")),
        linkId);
  }

  /** True when the learner's attempts on the link were reset before. */
  boolean wasReset(long userId, long linkId) {
    return jdbc.queryOne(
            "SELECT 1 AS one FROM attempt_resets WHERE user_id = ? AND resource_link_id = ?"
                + " FETCH FIRST 1 ROWS ONLY",
            row -> row.getInt("one"),
            userId,
            linkId)
        .isPresent();
  }
}
