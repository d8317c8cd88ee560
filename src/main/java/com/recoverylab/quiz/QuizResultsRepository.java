package com.recoverylab.quiz;

import com.recoverylab.store.Jdbc;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/**
 * Results of a quiz link, aggregated in the database: one query per table of a results page however
 * many learners the course has. Only graded attempts count; practice and previews do not.
 */
final class QuizResultsRepository {
  private static final String SUBMITTED_GRADED_ON_LINK =
      " WHERE a.resource_link_id = ? AND a.mode = 'GRADED' AND a.status = 'SUBMITTED'";
  private final Jdbc jdbc;

  QuizResultsRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  private String seconds() {
    return jdbc.isPostgres()
        ? "EXTRACT(EPOCH FROM (a.submitted_at - a.started_at))"
        : "DATEDIFF('SECOND', a.started_at, a.submitted_at)";
  }

  /** Per-learner aggregates of everyone with a graded attempt on the link (submitted or not). */
  List<QuizResults.LearnerResult> learners(long linkId) {
    String sql =
        "WITH att AS (SELECT a.user_id, a.status, a.score_fraction, a.submitted_at, "
            + seconds()
            + " AS secs,"
            + " ROW_NUMBER() OVER (PARTITION BY a.user_id, a.status ORDER BY a.submitted_at DESC, a.id DESC) AS newest,"
            + " ROW_NUMBER() OVER (PARTITION BY a.user_id, a.status ORDER BY a.submitted_at ASC, a.id ASC) AS oldest"
            + " FROM quiz_attempts a WHERE a.resource_link_id = ? AND a.mode = 'GRADED')"
            + " SELECT user_id,"
            + " SUM(CASE WHEN status = 'SUBMITTED' THEN 1 ELSE 0 END) AS attempts,"
            + " SUM(CASE WHEN status = 'IN_PROGRESS' THEN 1 ELSE 0 END) AS in_progress,"
            + " MAX(CASE WHEN status = 'SUBMITTED' THEN score_fraction END) AS best,"
            + " AVG(CASE WHEN status = 'SUBMITTED' THEN score_fraction END) AS average,"
            + " MAX(CASE WHEN status = 'SUBMITTED' AND newest = 1 THEN score_fraction END) AS last_score,"
            + " MAX(CASE WHEN status = 'SUBMITTED' AND oldest = 1 THEN score_fraction END) AS first_score,"
            + " SUM(CASE WHEN status = 'SUBMITTED' THEN secs ELSE 0 END) AS seconds,"
            + " MAX(CASE WHEN status = 'SUBMITTED' THEN submitted_at END) AS last_submitted"
            + " FROM att GROUP BY user_id ORDER BY user_id";
    return jdbc.query(
        sql,
        row -> {
          BigDecimal seconds = row.getBigDecimal("seconds");
          return new QuizResults.LearnerResult(
              row.getLong("user_id"),
              row.getInt("attempts"),
              row.getInt("in_progress"),
              fraction(row, "best"),
              fraction(row, "last_score"),
              fraction(row, "first_score"),
              fraction(row, "average"),
              seconds == null ? 0 : seconds.longValue(),
              Jdbc.instant(row, "last_submitted"));
        },
        linkId);
  }

  List<QuizResults.OptionCount> optionCounts(long linkId) {
    return jdbc.query(
        "SELECT c.question_id, c.option_id, c.correct, c.misconception, COUNT(*) AS picks,"
            + " COUNT(DISTINCT c.attempt_id) AS attempts"
            + " FROM quiz_answer_choices c JOIN quiz_attempts a ON a.id = c.attempt_id"
            + SUBMITTED_GRADED_ON_LINK
            + " GROUP BY c.question_id, c.option_id, c.correct, c.misconception"
            + " ORDER BY c.question_id, picks DESC, c.option_id",
        row ->
            new QuizResults.OptionCount(
                row.getString("question_id"),
                row.getString("option_id"),
                row.getBoolean("correct"),
                row.getString("misconception"),
                row.getInt("picks"),
                row.getInt("attempts")),
        linkId);
  }

  List<QuizResults.SlotCount> slotCounts(long linkId) {
    return jdbc.query(
        "SELECT c.question_id, c.slot, c.option_id, COUNT(*) AS picks"
            + " FROM quiz_answer_choices c JOIN quiz_attempts a ON a.id = c.attempt_id"
            + SUBMITTED_GRADED_ON_LINK
            + " AND c.slot IS NOT NULL GROUP BY c.question_id, c.slot, c.option_id",
        row ->
            new QuizResults.SlotCount(
                row.getString("question_id"),
                row.getString("slot"),
                row.getString("option_id"),
                row.getInt("picks")),
        linkId);
  }

  List<QuizResults.QuestionScore> questionScores(long linkId) {
    return jdbc.query(
        "SELECT q.question_id, AVG(q.score) AS average, COUNT(*) AS answers"
            + " FROM quiz_answers q JOIN quiz_attempts a ON a.id = q.attempt_id"
            + SUBMITTED_GRADED_ON_LINK
            + " GROUP BY q.question_id",
        row ->
            new QuizResults.QuestionScore(
                row.getString("question_id"), row.getDouble("average"), row.getInt("answers")),
        linkId);
  }

  /** Misconceptions shown by wrong picks, the most widespread (by learners) first. */
  List<QuizResults.MisconceptionCount> misconceptionCounts(long linkId) {
    return jdbc.query(
        "SELECT c.misconception, COUNT(DISTINCT a.user_id) AS learners,"
            + " COUNT(DISTINCT c.attempt_id) AS attempts, COUNT(*) AS picks"
            + " FROM quiz_answer_choices c JOIN quiz_attempts a ON a.id = c.attempt_id"
            + SUBMITTED_GRADED_ON_LINK
            + " AND c.correct = FALSE AND c.misconception IS NOT NULL"
            + " GROUP BY c.misconception ORDER BY learners DESC, picks DESC, c.misconception",
        row ->
            new QuizResults.MisconceptionCount(
                row.getString("misconception"),
                row.getInt("learners"),
                row.getInt("attempts"),
                row.getInt("picks")),
        linkId);
  }

  /** A learner's graded attempts on a link (any status), oldest first. */
  List<QuizResults.LearnerAttempt> learnerAttempts(long linkId, long userId) {
    return jdbc.query(
        "SELECT id, status, started_at, submitted_at, score_fraction, points, points_possible"
            + " FROM quiz_attempts WHERE resource_link_id = ? AND user_id = ? AND mode = 'GRADED'"
            + " ORDER BY started_at, id",
        row ->
            new QuizResults.LearnerAttempt(
                row.getLong("id"),
                row.getString("status"),
                Jdbc.instant(row, "started_at"),
                Jdbc.instant(row, "submitted_at"),
                fraction(row, "score_fraction"),
                fraction(row, "points"),
                row.getBigDecimal("points_possible").doubleValue()),
        linkId,
        userId);
  }

  List<QuizResults.AnswerRow> answers(List<Long> attemptIds) {
    if (attemptIds.isEmpty()) {
      return List.of();
    }
    return jdbc.query(
        "SELECT attempt_id, question_id, score, complete FROM quiz_answers WHERE attempt_id IN ("
            + placeholders(attemptIds.size())
            + ")",
        row ->
            new QuizResults.AnswerRow(
                row.getLong("attempt_id"),
                row.getString("question_id"),
                row.getBigDecimal("score").doubleValue(),
                row.getBoolean("complete")),
        attemptIds.toArray());
  }

  List<QuizResults.PickRow> picks(List<Long> attemptIds) {
    if (attemptIds.isEmpty()) {
      return List.of();
    }
    return jdbc.query(
        "SELECT attempt_id, question_id, slot, option_id, correct FROM quiz_answer_choices"
            + " WHERE attempt_id IN ("
            + placeholders(attemptIds.size())
            + ") ORDER BY id",
        row ->
            new QuizResults.PickRow(
                row.getLong("attempt_id"),
                row.getString("question_id"),
                row.getString("slot"),
                row.getString("option_id"),
                row.getBoolean("correct")),
        attemptIds.toArray());
  }

  /** True when the user has an attempt (graded or practice) in the course. */
  boolean hasAttemptInCourse(long userId, long courseId) {
    return jdbc.queryOne(
            "SELECT 1 AS one FROM quiz_attempts WHERE user_id = ? AND course_id = ? FETCH FIRST 1 ROWS ONLY",
            row -> row.getInt("one"),
            userId,
            courseId)
        .isPresent();
  }

  /**
   * Removes the learner's graded attempts on the link with their answers and picks; returns how
   * many.
   */
  int deleteGradedAttempts(long linkId, long userId) {
    String attempts =
        "SELECT id FROM quiz_attempts WHERE resource_link_id = ? AND user_id = ? AND mode = 'GRADED'";
    jdbc.update(
        "DELETE FROM quiz_answer_choices WHERE attempt_id IN (" + attempts + ")", linkId, userId);
    jdbc.update("DELETE FROM quiz_answers WHERE attempt_id IN (" + attempts + ")", linkId, userId);
    return jdbc.update(
        "DELETE FROM quiz_attempts WHERE resource_link_id = ? AND user_id = ? AND mode = 'GRADED'",
        linkId,
        userId);
  }

  private static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  private static Double fraction(ResultSet row, String column) throws SQLException {
    BigDecimal value = row.getBigDecimal(column);
    return value == null ? null : value.doubleValue();
  }
}
