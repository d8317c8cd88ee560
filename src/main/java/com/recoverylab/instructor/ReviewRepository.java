package com.recoverylab.instructor;

import com.recoverylab.store.Jdbc;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** One learner's graded attempts on a link, their answers and picks; and removing them on a reset. */
final class ReviewRepository {
  private final Jdbc jdbc;

  ReviewRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  record Learner(long id, String subject, String name) {}

  /** The platform user with that subject, if they ever launched the tool. */
  Optional<Learner> learner(long platformId, String subject) {
    return jdbc.queryOne("SELECT id, subject, COALESCE(name, TRIM(COALESCE(given_name, '') || ' ' || COALESCE(family_name, '')))"
            + " AS shown FROM users WHERE platform_id = ? AND subject = ?",
        row -> new Learner(row.getLong("id"), row.getString("subject"),
            row.getString("shown") == null || row.getString("shown").isBlank() ? row.getString("subject")
                : row.getString("shown")),
        platformId, subject);
  }

  /**
   * True when the learner took part in the course: an attempt on any of its links, or a reset
   * on this one. A platform user id from another course is not one of this course's students.
   */
  boolean belongsTo(long userId, long courseId, long linkId) {
    return jdbc.queryOne("SELECT CASE WHEN EXISTS (SELECT 1 FROM quiz_attempts WHERE user_id = ? AND course_id = ?)"
            + " OR EXISTS (SELECT 1 FROM attempt_resets WHERE user_id = ? AND resource_link_id = ?) THEN 1 ELSE 0 END AS ok"
            + " FROM resource_links WHERE id = ?",
        row -> row.getInt("ok") == 1, userId, courseId, userId, linkId, linkId).orElse(false);
  }

  record AttemptRow(long id, String status, Instant startedAt, Instant submittedAt, Double scoreFraction,
      Double points, double pointsPossible) {}

  List<AttemptRow> attempts(long linkId, long userId) {
    return jdbc.query("SELECT id, status, started_at, submitted_at, score_fraction, points, points_possible"
            + " FROM quiz_attempts WHERE resource_link_id = ? AND user_id = ? AND mode = 'GRADED'"
            + " ORDER BY started_at, id",
        row -> new AttemptRow(row.getLong("id"), row.getString("status"), Jdbc.instant(row, "started_at"),
            Jdbc.instant(row, "submitted_at"), decimal(row.getBigDecimal("score_fraction")),
            decimal(row.getBigDecimal("points")), row.getBigDecimal("points_possible").doubleValue()),
        linkId, userId);
  }

  record AnswerRow(long attemptId, String questionId, double score, boolean complete) {}

  List<AnswerRow> answers(List<Long> attemptIds) {
    if (attemptIds.isEmpty()) {
      return List.of();
    }
    return jdbc.query("SELECT attempt_id, question_id, score, complete FROM quiz_answers WHERE attempt_id IN ("
            + placeholders(attemptIds.size()) + ")",
        row -> new AnswerRow(row.getLong("attempt_id"), row.getString("question_id"),
            row.getBigDecimal("score").doubleValue(), row.getBoolean("complete")),
        attemptIds.toArray());
  }

  record PickRow(long attemptId, String questionId, String slot, String optionId, boolean correct) {}

  List<PickRow> picks(List<Long> attemptIds) {
    if (attemptIds.isEmpty()) {
      return List.of();
    }
    return jdbc.query("SELECT attempt_id, question_id, slot, option_id, correct FROM quiz_answer_choices"
            + " WHERE attempt_id IN (" + placeholders(attemptIds.size()) + ") ORDER BY id",
        row -> new PickRow(row.getLong("attempt_id"), row.getString("question_id"), row.getString("slot"),
            row.getString("option_id"), row.getBoolean("correct")),
        attemptIds.toArray());
  }

  /** Removes the learner's graded attempts on the link (with their answers); returns how many. */
  int deleteAttempts(long linkId, long userId) {
    String attempts = "SELECT id FROM quiz_attempts WHERE resource_link_id = ? AND user_id = ? AND mode = 'GRADED'";
    jdbc.update("DELETE FROM quiz_answer_choices WHERE attempt_id IN (" + attempts + ")", linkId, userId);
    jdbc.update("DELETE FROM quiz_answers WHERE attempt_id IN (" + attempts + ")", linkId, userId);
    return jdbc.update("DELETE FROM quiz_attempts WHERE resource_link_id = ? AND user_id = ? AND mode = 'GRADED'",
        linkId, userId);
  }

  void recordReset(long linkId, long userId, long by, int removed, Instant at) {
    jdbc.insert("INSERT INTO attempt_resets (resource_link_id, user_id, reset_by, attempts_removed, reset_at)"
        + " VALUES (?, ?, ?, ?, ?)", linkId, userId, by, removed, at);
  }

  private static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  private static Double decimal(BigDecimal value) {
    return value == null ? null : value.doubleValue();
  }
}
