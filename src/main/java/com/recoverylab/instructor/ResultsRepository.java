package com.recoverylab.instructor;

import com.recoverylab.content.GradingMethod;
import com.recoverylab.store.Jdbc;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Results of a quiz link, aggregated in the database: one query per table of the page however
 * many learners the course has. Only graded attempts count; practice and previews do not.
 */
final class ResultsRepository {
  private final Jdbc jdbc;

  ResultsRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Which learners to show: a name fragment, and (when the roster has groups) the platform user
   * ids of a group. Null parts do not filter.
   */
  record Filter(String name, Set<String> subjects) {
    static final Filter NONE = new Filter(null, null);
  }

  private String seconds() {
    return jdbc.isPostgres()
        ? "EXTRACT(EPOCH FROM (a.submitted_at - a.started_at))"
        : "DATEDIFF('SECOND', a.started_at, a.submitted_at)";
  }

  /** Per-learner aggregates: the part of the query both the rows and the histogram use. */
  private String perLearner() {
    return "WITH att AS (SELECT a.user_id, a.status, a.score_fraction, a.submitted_at, " + seconds() + " AS secs,"
        + " ROW_NUMBER() OVER (PARTITION BY a.user_id, a.status ORDER BY a.submitted_at DESC, a.id DESC) AS newest,"
        + " ROW_NUMBER() OVER (PARTITION BY a.user_id, a.status ORDER BY a.submitted_at ASC, a.id ASC) AS oldest"
        + " FROM quiz_attempts a WHERE a.resource_link_id = ? AND a.mode = 'GRADED'),"
        + " per AS (SELECT user_id,"
        + " SUM(CASE WHEN status = 'SUBMITTED' THEN 1 ELSE 0 END) AS attempts,"
        + " SUM(CASE WHEN status = 'IN_PROGRESS' THEN 1 ELSE 0 END) AS in_progress,"
        + " MAX(CASE WHEN status = 'SUBMITTED' THEN score_fraction END) AS best,"
        + " AVG(CASE WHEN status = 'SUBMITTED' THEN score_fraction END) AS average,"
        + " MAX(CASE WHEN status = 'SUBMITTED' AND newest = 1 THEN score_fraction END) AS last_score,"
        + " MAX(CASE WHEN status = 'SUBMITTED' AND oldest = 1 THEN score_fraction END) AS first_score,"
        + " SUM(CASE WHEN status = 'SUBMITTED' THEN secs ELSE 0 END) AS seconds,"
        + " MAX(CASE WHEN status = 'SUBMITTED' THEN submitted_at END) AS last_submitted"
        + " FROM att GROUP BY user_id)";
  }

  private static String where(Filter filter, List<Object> params) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    if (filter.name() != null && !filter.name().isBlank()) {
      where.append(" AND LOWER(COALESCE(u.name, '') || ' ' || COALESCE(u.given_name, '') || ' '"
          + " || COALESCE(u.family_name, '') || ' ' || u.subject) LIKE ? ESCAPE '\\'");
      params.add("%" + filter.name().trim().toLowerCase(Locale.ROOT)
          .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
    }
    if (filter.subjects() != null) {
      if (filter.subjects().isEmpty()) {
        where.append(" AND 1 = 0");
      } else {
        where.append(" AND u.subject IN (").append(String.join(", ", java.util.Collections.nCopies(
            filter.subjects().size(), "?"))).append(")");
        params.addAll(filter.subjects());
      }
    }
    return where.toString();
  }

  /** One page of learners, ordered by name. */
  List<StudentRow> students(long linkId, Filter filter, int offset, int limit) {
    List<Object> params = new ArrayList<>(List.of(linkId));
    String where = where(filter, params);
    String sql = perLearner() + " SELECT u.id, u.subject, u.name, u.given_name, u.family_name, per.*"
        + " FROM per JOIN users u ON u.id = per.user_id" + where
        + " ORDER BY LOWER(COALESCE(u.name, u.subject)), u.id";
    if (limit > 0) {
      sql += " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
      params.add(offset);
      params.add(limit);
    }
    return jdbc.query(sql, row -> {
      String name = row.getString("name");
      if (name == null || name.isBlank()) {
        name = ((row.getString("given_name") == null ? "" : row.getString("given_name")) + " "
            + (row.getString("family_name") == null ? "" : row.getString("family_name"))).trim();
      }
      BigDecimal seconds = row.getBigDecimal("seconds");
      return new StudentRow(row.getLong("id"), row.getString("subject"), name, row.getInt("attempts"),
          row.getInt("in_progress"), fraction(row, "best"), fraction(row, "last_score"), fraction(row, "first_score"),
          fraction(row, "average"), seconds == null ? 0 : seconds.longValue(), Jdbc.instant(row, "last_submitted"));
    }, params.toArray());
  }

  int countStudents(long linkId, Filter filter) {
    List<Object> params = new ArrayList<>();
    String where = where(filter, params);
    return jdbc.queryOne("SELECT COUNT(DISTINCT a.user_id) AS n FROM quiz_attempts a JOIN users u ON u.id = a.user_id"
            + where + " AND a.resource_link_id = ? AND a.mode = 'GRADED'",
        row -> row.getInt("n"), append(params, linkId)).orElse(0);
  }

  /** Learners per tenth of the graded score (bin 9 holds 90-100%). */
  int[] histogram(long linkId, GradingMethod method, Filter filter) {
    String column = switch (method) {
      case HIGHEST -> "best";
      case LAST -> "last_score";
      case FIRST -> "first_score";
      case AVERAGE -> "average";
    };
    List<Object> params = new ArrayList<>(List.of(linkId));
    String where = where(filter, params);
    int[] bins = new int[10];
    jdbc.query(perLearner() + " SELECT per." + column + " AS score FROM per JOIN users u ON u.id = per.user_id" + where
        + " AND per.attempts > 0", row -> {
          double score = row.getDouble("score");
          bins[Math.max(0, Math.min(9, (int) Math.floor(score * 10)))]++;
          return null;
        }, params.toArray());
    return bins;
  }

  /** How often each option of each question was picked, in submitted graded attempts. */
  record OptionCount(String questionId, String optionId, boolean correct, String misconception, int picks) {}

  List<OptionCount> optionCounts(long linkId) {
    return jdbc.query("SELECT c.question_id, c.option_id, c.correct, c.misconception, COUNT(*) AS picks"
            + " FROM quiz_answer_choices c JOIN quiz_attempts a ON a.id = c.attempt_id"
            + " WHERE a.resource_link_id = ? AND a.mode = 'GRADED' AND a.status = 'SUBMITTED'"
            + " GROUP BY c.question_id, c.option_id, c.correct, c.misconception",
        row -> new OptionCount(row.getString("question_id"), row.getString("option_id"), row.getBoolean("correct"),
            row.getString("misconception"), row.getInt("picks")),
        linkId);
  }

  /** How often an option was placed in a slot: a ranking position or a matching pair. */
  record SlotCount(String questionId, String slot, String optionId, int picks) {}

  List<SlotCount> slotCounts(long linkId) {
    return jdbc.query("SELECT c.question_id, c.slot, c.option_id, COUNT(*) AS picks"
            + " FROM quiz_answer_choices c JOIN quiz_attempts a ON a.id = c.attempt_id"
            + " WHERE a.resource_link_id = ? AND a.mode = 'GRADED' AND a.status = 'SUBMITTED' AND c.slot IS NOT NULL"
            + " GROUP BY c.question_id, c.slot, c.option_id",
        row -> new SlotCount(row.getString("question_id"), row.getString("slot"), row.getString("option_id"),
            row.getInt("picks")),
        linkId);
  }

  /** Average score (0..1) and number of answers per question. */
  record QuestionScore(String questionId, double average, int answers) {}

  List<QuestionScore> questionScores(long linkId) {
    return jdbc.query("SELECT q.question_id, AVG(q.score) AS average, COUNT(*) AS answers"
            + " FROM quiz_answers q JOIN quiz_attempts a ON a.id = q.attempt_id"
            + " WHERE a.resource_link_id = ? AND a.mode = 'GRADED' AND a.status = 'SUBMITTED'"
            + " GROUP BY q.question_id",
        row -> new QuestionScore(row.getString("question_id"), row.getDouble("average"), row.getInt("answers")),
        linkId);
  }

  /** Misconceptions shown by wrong picks, the most widespread (by learners) first. */
  record MisconceptionCount(String tag, int learners, int picks) {}

  List<MisconceptionCount> misconceptions(long linkId) {
    return jdbc.query("SELECT c.misconception, COUNT(DISTINCT a.user_id) AS learners, COUNT(*) AS picks"
            + " FROM quiz_answer_choices c JOIN quiz_attempts a ON a.id = c.attempt_id"
            + " WHERE a.resource_link_id = ? AND a.mode = 'GRADED' AND a.status = 'SUBMITTED'"
            + " AND c.correct = FALSE AND c.misconception IS NOT NULL"
            + " GROUP BY c.misconception ORDER BY learners DESC, picks DESC, c.misconception",
        row -> new MisconceptionCount(row.getString("misconception"), row.getInt("learners"), row.getInt("picks")),
        linkId);
  }

  boolean hasGradedAttempt(long linkId, long userId) {
    return jdbc.queryOne("SELECT COUNT(*) AS n FROM quiz_attempts WHERE resource_link_id = ? AND user_id = ?"
        + " AND mode = 'GRADED'", row -> row.getLong("n") > 0, linkId, userId).orElse(false);
  }

  /** Platform user ids of everyone with a graded attempt on the link (started, submitted or not). */
  Set<String> startedSubjects(long linkId) {
    return new HashSet<>(jdbc.query("SELECT DISTINCT u.subject FROM quiz_attempts a JOIN users u ON u.id = a.user_id"
        + " WHERE a.resource_link_id = ? AND a.mode = 'GRADED'", row -> row.getString("subject"), linkId));
  }

  private static Double fraction(java.sql.ResultSet row, String column) throws java.sql.SQLException {
    BigDecimal value = row.getBigDecimal(column);
    return value == null ? null : value.doubleValue();
  }

  private static Object[] append(List<Object> params, Object last) {
    List<Object> all = new ArrayList<>(params);
    all.add(last);
    return all.toArray();
  }

  List<ResetRow> resets(long linkId) {
    return jdbc.query("SELECT COALESCE(l.name, l.subject) AS learner, COALESCE(b.name, b.subject) AS by_name,"
            + " r.attempts_removed, r.reset_at FROM attempt_resets r JOIN users l ON l.id = r.user_id"
            + " JOIN users b ON b.id = r.reset_by WHERE r.resource_link_id = ? ORDER BY r.reset_at DESC, r.id DESC",
        row -> new ResetRow(row.getString("learner"), row.getString("by_name"), row.getInt("attempts_removed"),
            Jdbc.instant(row, "reset_at")),
        linkId);
  }
}
