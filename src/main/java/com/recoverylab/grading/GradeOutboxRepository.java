package com.recoverylab.grading;

import com.recoverylab.store.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The grade_outbox table. */
public final class GradeOutboxRepository {
  private static final String ROW_COLUMNS =
      "id, resource_link_id, user_id, score_given, score_maximum, comment, graded_at, tries, created_at";

  // The newest-row reads of a pair name the (fixed) pair first in their ORDER BY: H2 reads an
  // index in order only when the ORDER BY starts with the index's first columns, so they take the
  // first entry of grade_outbox_pair_newest instead of reading and sorting every grade of the pair
  // (a test pins the plans).

  /** The pair's newest score time (a submit reads it inside its INSERT). */
  static final String NEWEST_GRADED_AT = newestGradedAt("");

  /**
   * The same read as the INSERT nests it on H2. Nested in the INSERT's join, H2 planned it on the
   * link's foreign-key index alone (every grade of the class on the link) once the pair's
   * two-column index was gone; its own index hint holds it to the pair's newest-first index.
   */
  static final String NEWEST_GRADED_AT_H2 = newestGradedAt(" USE INDEX (grade_outbox_pair_newest)");

  private static String newestGradedAt(String hint) {
    return "SELECT graded_at FROM grade_outbox"
        + hint
        + " WHERE resource_link_id = ? AND user_id = ?"
        + " ORDER BY resource_link_id, user_id, graded_at DESC FETCH FIRST 1 ROWS ONLY";
  }

  /** The state of the pair's newest row that is not superseded (every result page reads it). */
  static final String NEWEST_STATE =
      "SELECT status, last_error, tries, delivered_at FROM grade_outbox WHERE resource_link_id = ? AND user_id = ?"
          + " AND status <> 'SUPERSEDED' ORDER BY resource_link_id, user_id, graded_at DESC, id DESC"
          + " FETCH FIRST 1 ROWS ONLY";

  private final Jdbc jdbc;

  public GradeOutboxRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Older rows still waiting for the pair will never be sent: the new one replaces them. */
  int supersedePending(long resourceLinkId, long userId) {
    return jdbc.update(SUPERSEDE_PENDING, resourceLinkId, userId);
  }

  static final String SUPERSEDE_PENDING =
      "UPDATE grade_outbox SET status = 'SUPERSEDED', note = 'a newer grade was queued' WHERE resource_link_id = ?"
          + " AND user_id = ? AND status = 'PENDING'";

  /**
   * Queues the grade as PENDING and returns the row id. Its score time is the grade's own, unless
   * the pair already has a row at that time or later: then 1 ms after the newest one, because
   * platforms refuse a score that is not newer than the one they hold (409). The newest time is
   * read in the same statement, so queuing a grade costs one round trip, not two.
   */
  long insertAfterNewest(PendingGrade grade, Instant now) {
    return jdbc.insert(
        "INSERT INTO grade_outbox (resource_link_id, user_id, score_given, score_maximum, comment, graded_at,"
            + " status, tries, next_try_at, created_at)"
            + " SELECT ?, ?, ?, ?, ?, CASE WHEN newest.graded_at IS NULL OR newest.graded_at < ? THEN ?"
            + " ELSE newest.graded_at + INTERVAL '0.001' SECOND END, 'PENDING', 0, ?, ?"
            + " FROM (VALUES (1)) one_row LEFT JOIN ("
            + (jdbc.isPostgres() ? NEWEST_GRADED_AT : NEWEST_GRADED_AT_H2)
            + ") newest ON TRUE",
        grade.resourceLinkId(),
        grade.userId(),
        grade.scoreGiven(),
        grade.scoreMaximum(),
        grade.comment(),
        grade.gradedAt(),
        grade.gradedAt(),
        now,
        now,
        grade.resourceLinkId(),
        grade.userId());
  }

  /** The newest row for the pair that is not superseded, as its delivery state. */
  Optional<GradeOutbox.SyncState> latestState(long resourceLinkId, long userId) {
    return jdbc.queryOne(
        NEWEST_STATE,
        row ->
            new GradeOutbox.SyncState(
                GradeOutbox.Status.valueOf(row.getString("status")),
                row.getString("last_error"),
                row.getInt("tries"),
                Jdbc.instant(row, "delivered_at")),
        resourceLinkId,
        userId);
  }

  /**
   * The grade last queued for a learner on a link (any state but superseded): given and maximum.
   */
  Optional<double[]> lastQueuedGrade(long resourceLinkId, long userId) {
    return jdbc.queryOne(
        "SELECT score_given, score_maximum FROM grade_outbox WHERE resource_link_id = ?"
            + " AND user_id = ? AND status <> 'SUPERSEDED'"
            + " ORDER BY resource_link_id, user_id, graded_at DESC, id DESC FETCH FIRST 1 ROWS ONLY",
        row ->
            new double[] {
              row.getBigDecimal("score_given").doubleValue(),
              row.getBigDecimal("score_maximum").doubleValue()
            },
        resourceLinkId,
        userId);
  }

  /** Each learner's newest grade on the link (any state); names are left for the caller to add. */
  List<GradeOutbox.LearnerSync> learnerStates(long resourceLinkId) {
    return jdbc.query(
        "SELECT o.user_id, o.score_given, o.score_maximum, o.graded_at, o.status, o.tries,"
            + " o.last_error, o.note, o.delivered_at FROM grade_outbox o"
            + " WHERE o.resource_link_id = ? AND o.id = (SELECT MAX(n.id) FROM grade_outbox n"
            + " WHERE n.resource_link_id = o.resource_link_id AND n.user_id = o.user_id"
            + " AND n.graded_at = (SELECT MAX(m.graded_at) FROM grade_outbox m"
            + " WHERE m.resource_link_id = o.resource_link_id AND m.user_id = o.user_id))",
        row ->
            new GradeOutbox.LearnerSync(
                row.getLong("user_id"),
                null,
                null,
                row.getDouble("score_given"),
                row.getDouble("score_maximum"),
                Jdbc.instant(row, "graded_at"),
                GradeOutbox.Status.valueOf(row.getString("status")),
                row.getInt("tries"),
                row.getString("last_error"),
                row.getString("note"),
                Jdbc.instant(row, "delivered_at")),
        resourceLinkId);
  }

  /** The newest grade of the pair in any state, to queue again. */
  Optional<PendingGrade> newestGrade(long resourceLinkId, long userId, Instant gradedAt) {
    return jdbc.queryOne(
        "SELECT score_given, score_maximum, comment FROM grade_outbox WHERE resource_link_id = ? AND user_id = ?"
            + " ORDER BY resource_link_id, user_id, graded_at DESC, id DESC FETCH FIRST 1 ROWS ONLY",
        row ->
            new PendingGrade(
                resourceLinkId,
                userId,
                row.getDouble("score_given"),
                row.getDouble("score_maximum"),
                row.getString("comment"),
                gradedAt),
        resourceLinkId,
        userId);
  }

  /** Learners with at least one grade on the link. */
  List<Long> learnersWithGrades(long resourceLinkId) {
    return jdbc.query(
        "SELECT DISTINCT user_id FROM grade_outbox WHERE resource_link_id = ? ORDER BY user_id",
        row -> row.getLong("user_id"),
        resourceLinkId);
  }

  // --- delivery ---------------------------------------------------------------------------

  /**
   * Takes up to {@code limit} due rows (not held by a live claim, oldest due first) for this node
   * until {@code until}, counting a try on each, and returns them. Of two nodes racing for a row
   * exactly one takes it: PostgreSQL locks the chosen rows and skips rows another node is claiming
   * at the same moment ({@code FOR UPDATE SKIP LOCKED}); on H2 the update repeats the due
   * conditions, and H2 checks them again on a row another transaction changed first.
   */
  List<Claimed> claimDue(String node, Instant now, Instant until, int limit) {
    if (limit < 1) {
      return List.of();
    }
    if (jdbc.isPostgres()) {
      // one statement; MATERIALIZED because as "id IN (subquery)" the planner may run the
      // subquery once per row of the table (a nested-loop semi-join) and claim far beyond the
      // limit. The limit stays a literal here: with a parameter, a generic plan that the driver
      // prepares after a few runs would assume a tenth of the table instead of the few rows asked.
      return jdbc.query(
          "WITH due AS MATERIALIZED ("
              + DUE_UNTIL_LIMIT
              + limit
              + " ROWS ONLY FOR UPDATE SKIP LOCKED)"
              + " UPDATE grade_outbox o SET claimed_by = ?, claim_until = ?, tries = o.tries + 1 FROM due"
              + " WHERE o.id = due.id RETURNING o.id, o.resource_link_id, o.user_id, o.score_given, o.score_maximum,"
              + " o.comment, o.graded_at, o.tries, o.created_at",
          GradeOutboxRepository::claimedRow,
          now,
          now,
          node,
          until);
    }
    // two statements: H2 runs an "id IN (subquery)" again for every row the update looks at
    List<Long> ids = jdbc.query(DUE, row -> row.getLong(1), now, now, limit);
    if (ids.isEmpty()) {
      return List.of();
    }
    Object[] params = new Object[ids.size() + 4];
    params[0] = node;
    params[1] = until;
    for (int i = 0; i < ids.size(); i++) {
      params[i + 2] = ids.get(i);
    }
    params[ids.size() + 2] = now;
    params[ids.size() + 3] = now;
    return jdbc.query(
        "SELECT " + ROW_COLUMNS + " FROM FINAL TABLE (" + claimH2(ids.size()) + ")",
        GradeOutboxRepository::claimedRow,
        params);
  }

  /**
   * The ids of due rows: not held by a live claim, oldest due first, up to a limit that follows.
   * "status" leads the ORDER BY so both databases read due rows in the order of the index on
   * (status, next_try_at) and stop at the limit (by next_try_at alone H2 read and sorted every
   * pending row on each look). A link whose gradebook column is still being changed keeps its
   * grades back, so rescaled scores never land in a column with the old maximum.
   */
  private static final String DUE_UNTIL_LIMIT =
      "SELECT id FROM grade_outbox WHERE status = 'PENDING' AND next_try_at <= ?"
          + " AND (claim_until IS NULL OR claim_until < ?) AND NOT EXISTS (SELECT 1 FROM line_item_updates u"
          + " WHERE u.resource_link_id = grade_outbox.resource_link_id AND u.status = 'PENDING')"
          + " ORDER BY status, next_try_at, id FETCH FIRST ";

  /**
   * H2's look for due rows. The limit is a parameter, so the text is the same for every limit and
   * each connection parses it once (every round of the worker runs it); a test pins its plan.
   */
  static final String DUE = DUE_UNTIL_LIMIT + "? ROWS ONLY";

  /**
   * H2: claims the rows {@link #DUE} found by primary key, repeating the due conditions so a row
   * another node claimed first is left alone (H2 checks the whole condition again on a row it had
   * to wait for). The repeated conditions sit inside a CASE so H2 cannot read them as an index
   * range: written plainly, H2 took the (status, next_try_at) index whenever the backlog was below
   * about a thousand rows and walked every due row to find the few ids of the claim, on every round
   * (a test pins the plan).
   */
  static String claimH2(int ids) {
    return "UPDATE grade_outbox SET claimed_by = ?, claim_until = ?, tries = tries + 1 WHERE id IN ("
        + "?, ".repeat(ids - 1)
        + "?) AND CASE WHEN status = 'PENDING' AND next_try_at <= ?"
        + " AND (claim_until IS NULL OR claim_until < ?) THEN TRUE ELSE FALSE END";
  }

  /** A claimed row and when it was queued (the retry window counts from there). */
  record Claimed(OutboxRow row, Instant createdAt) {}

  boolean markDelivered(long id, String node, Instant now, String note) {
    return jdbc.update(
            "UPDATE grade_outbox SET status = 'DELIVERED', delivered_at = ?, last_error = NULL, note = ?,"
                + " claimed_by = NULL, claim_until = NULL WHERE id = ? AND claimed_by = ? AND status = 'PENDING'",
            now,
            note,
            id,
            node)
        == 1;
  }

  boolean markFailed(long id, String node, String reason) {
    return jdbc.update(
            "UPDATE grade_outbox SET status = 'FAILED', last_error = ?, claimed_by = NULL, claim_until = NULL"
                + " WHERE id = ? AND claimed_by = ? AND status = 'PENDING'",
            clip(reason),
            id,
            node)
        == 1;
  }

  boolean markSuperseded(long id, String node, String note) {
    return jdbc.update(
            "UPDATE grade_outbox SET status = 'SUPERSEDED', note = ?, claimed_by = NULL, claim_until = NULL"
                + " WHERE id = ? AND claimed_by = ? AND status = 'PENDING'",
            clip(note),
            id,
            node)
        == 1;
  }

  boolean scheduleRetry(long id, String node, Instant nextTry, String reason) {
    return jdbc.update(
            "UPDATE grade_outbox SET next_try_at = ?, last_error = ?, claimed_by = NULL, claim_until = NULL"
                + " WHERE id = ? AND claimed_by = ? AND status = 'PENDING'",
            nextTry,
            clip(reason),
            id,
            node)
        == 1;
  }

  /**
   * Gives back a claim without recording a try's outcome (the node stops; the try never finished).
   */
  void release(long id, String node) {
    jdbc.update(
        "UPDATE grade_outbox SET claimed_by = NULL, claim_until = NULL WHERE id = ? AND claimed_by = ?",
        id,
        node);
  }

  /** True when a grade newer than the row is queued for the same pair, in any state. */
  boolean hasNewer(OutboxRow row) {
    // one row answers it: a count read every newer grade of the pair
    return jdbc.queryOne(
            HAS_NEWER, r -> r.getInt("one"), row.resourceLinkId(), row.userId(), row.gradedAt())
        .isPresent();
  }

  /** Parameters: link, user, score time. */
  static final String HAS_NEWER =
      "SELECT 1 AS one FROM grade_outbox WHERE resource_link_id = ? AND user_id = ? AND graded_at > ?"
          + " FETCH FIRST 1 ROWS ONLY";

  /** True when an earlier grade of the pair reached the platform. */
  boolean hasEarlierDelivered(OutboxRow row) {
    return jdbc.queryOne(
            HAS_EARLIER_DELIVERED,
            r -> r.getInt("one"),
            row.resourceLinkId(),
            row.userId(),
            row.gradedAt())
        .isPresent();
  }

  /** Parameters: link, user, score time. */
  static final String HAS_EARLIER_DELIVERED =
      "SELECT 1 AS one FROM grade_outbox WHERE resource_link_id = ? AND user_id = ?"
          + " AND status = 'DELIVERED' AND graded_at < ? FETCH FIRST 1 ROWS ONLY";

  /**
   * Row counts of the given states, for metrics; states without rows count 0. The states are read
   * through the (status, next_try_at) index, so counting the waiting rows stays as cheap as the
   * backlog is small however many delivered rows the table keeps.
   */
  Map<GradeOutbox.Status, Long> countByStatus(Set<GradeOutbox.Status> states) {
    Map<GradeOutbox.Status, Long> counts = new EnumMap<>(GradeOutbox.Status.class);
    for (GradeOutbox.Status status : states) {
      counts.put(status, 0L);
    }
    jdbc.query(
            countByStatusSql(states.size()),
            row -> Map.entry(GradeOutbox.Status.valueOf(row.getString("status")), row.getLong("n")),
            states.stream().map(Enum::name).toArray())
        .forEach(e -> counts.put(e.getKey(), e.getValue()));
    return counts;
  }

  static String countByStatusSql(int states) {
    return "SELECT status, COUNT(*) AS n FROM grade_outbox WHERE status IN ("
        + String.join(", ", Collections.nCopies(states, "?"))
        + ") GROUP BY status";
  }

  /**
   * A claimed row, read by position in the order of {@link #ROW_COLUMNS} (both claims return them
   * in that order): by name, H2 built a map of the result's column labels for every claim.
   */
  private static Claimed claimedRow(ResultSet row) throws SQLException {
    return new Claimed(
        new OutboxRow(
            row.getLong(1),
            row.getLong(2),
            row.getLong(3),
            row.getDouble(4),
            row.getDouble(5),
            row.getString(6),
            Jdbc.instant(row, 7),
            row.getInt(8)),
        Jdbc.instant(row, 9));
  }

  private static String clip(String text) {
    if (text == null) {
      return null;
    }
    return text.length() <= 2000 ? text : text.substring(0, 1999) + "…";
  }
}
