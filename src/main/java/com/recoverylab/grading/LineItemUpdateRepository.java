package com.recoverylab.grading;

import com.recoverylab.store.Jdbc;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The line_item_updates table: column changes waiting for the platform, and how they ended. */
public final class LineItemUpdateRepository {
  private static final String COLUMNS =
      "id, resource_link_id, score_maximum, label, tries, created_at";
  private final Jdbc jdbc;

  public LineItemUpdateRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Queues the change; one still waiting for the link is replaced by the new one, which takes over
   * what the waiting one changed and the new one leaves as it is (a new label after new points
   * still sends the points).
   */
  long queue(long resourceLinkId, Double scoreMaximum, String label, Instant now) {
    Optional<LineItemUpdate> waiting =
        jdbc.queryOne(
            "SELECT "
                + COLUMNS
                + " FROM line_item_updates"
                + " WHERE resource_link_id = ? AND status = 'PENDING' ORDER BY id DESC FETCH FIRST 1 ROWS ONLY",
            LineItemUpdateRepository::map,
            resourceLinkId);
    if (waiting.isPresent()) {
      scoreMaximum = scoreMaximum != null ? scoreMaximum : waiting.get().scoreMaximum();
      label = label != null ? label : waiting.get().label();
    }
    jdbc.update(
        "UPDATE line_item_updates SET status = 'SUPERSEDED', note = 'a newer change was queued'"
            + " WHERE resource_link_id = ? AND status = 'PENDING'",
        resourceLinkId);
    return jdbc.insert(
        "INSERT INTO line_item_updates (resource_link_id, score_maximum, label, status, tries,"
            + " next_try_at, created_at) VALUES (?, ?, ?, 'PENDING', 0, ?, ?)",
        resourceLinkId,
        scoreMaximum == null ? null : BigDecimal.valueOf(scoreMaximum),
        label,
        now,
        now);
  }

  /** The newest change of the link's maximum that was not replaced, as the instructor sees it. */
  Optional<GradeOutbox.ColumnUpdate> latest(long resourceLinkId) {
    return jdbc.queryOne(
        "SELECT score_maximum, label, status, tries, last_error, note, done_at"
            + " FROM line_item_updates WHERE resource_link_id = ? AND status <> 'SUPERSEDED'"
            + " AND score_maximum IS NOT NULL"
            + " ORDER BY id DESC FETCH FIRST 1 ROWS ONLY",
        row -> {
          BigDecimal maximum = row.getBigDecimal("score_maximum");
          return new GradeOutbox.ColumnUpdate(
              maximum == null ? null : maximum.doubleValue(),
              row.getString("label"),
              GradeOutbox.ColumnUpdate.Status.valueOf(row.getString("status")),
              row.getInt("tries"),
              row.getString("last_error"),
              row.getString("note"),
              Jdbc.instant(row, "done_at"));
        },
        resourceLinkId);
  }

  /**
   * Takes up to {@code limit} due updates for this node until {@code until}, counting a try on
   * each; of two nodes racing for a row only one takes it (the update repeats the due conditions).
   */
  List<LineItemUpdate> claimDue(String node, Instant now, Instant until, int limit) {
    if (limit < 1) {
      return List.of();
    }
    List<Long> ids =
        jdbc.query(
            // the limit is a parameter: one text for every limit, so H2 parses it once per
            // connection (every round of the grade worker runs this look)
            "SELECT id FROM line_item_updates WHERE status = 'PENDING' AND next_try_at <= ?"
                + " AND (claim_until IS NULL OR claim_until < ?) ORDER BY status, next_try_at, id"
                + " FETCH FIRST ? ROWS ONLY",
            row -> row.getLong(1),
            now,
            now,
            limit);
    List<LineItemUpdate> claimed = new java.util.ArrayList<>();
    for (long id : ids) {
      int taken =
          jdbc.update(
              "UPDATE line_item_updates SET claimed_by = ?, claim_until = ?, tries = tries + 1"
                  + " WHERE id = ? AND status = 'PENDING' AND next_try_at <= ? AND (claim_until IS NULL OR claim_until < ?)",
              node,
              until,
              id,
              now,
              now);
      if (taken == 1) {
        jdbc.queryOne(
                "SELECT " + COLUMNS + " FROM line_item_updates WHERE id = ?",
                LineItemUpdateRepository::map,
                id)
            .ifPresent(claimed::add);
      }
    }
    return claimed;
  }

  boolean markDone(long id, String node, Instant now, String note) {
    return jdbc.update(
            "UPDATE line_item_updates SET status = 'DONE', done_at = ?, last_error = NULL, note = ?,"
                + " claimed_by = NULL, claim_until = NULL WHERE id = ? AND claimed_by = ? AND status = 'PENDING'",
            now,
            clip(note),
            id,
            node)
        == 1;
  }

  boolean markFailed(long id, String node, String reason) {
    return jdbc.update(
            "UPDATE line_item_updates SET status = 'FAILED', last_error = ?, claimed_by = NULL,"
                + " claim_until = NULL WHERE id = ? AND claimed_by = ? AND status = 'PENDING'",
            clip(reason),
            id,
            node)
        == 1;
  }

  boolean scheduleRetry(long id, String node, Instant nextTry, String reason) {
    return jdbc.update(
            "UPDATE line_item_updates SET next_try_at = ?, last_error = ?, claimed_by = NULL,"
                + " claim_until = NULL WHERE id = ? AND claimed_by = ? AND status = 'PENDING'",
            nextTry,
            clip(reason),
            id,
            node)
        == 1;
  }

  /** Gives back a claim without recording a try's outcome (the node stops). */
  void release(long id, String node) {
    jdbc.update(
        "UPDATE line_item_updates SET claimed_by = NULL, claim_until = NULL WHERE id = ? AND claimed_by = ?",
        id,
        node);
  }

  private static LineItemUpdate map(ResultSet row) throws SQLException {
    BigDecimal maximum = row.getBigDecimal("score_maximum");
    return new LineItemUpdate(
        row.getLong("id"),
        row.getLong("resource_link_id"),
        maximum == null ? null : maximum.doubleValue(),
        row.getString("label"),
        row.getInt("tries"),
        Jdbc.instant(row, "created_at"));
  }

  private static String clip(String text) {
    if (text == null) {
      return null;
    }
    return text.length() <= 2000 ? text : text.substring(0, 1999) + "…";
  }
}
