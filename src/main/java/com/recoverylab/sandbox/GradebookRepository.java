package com.recoverylab.sandbox;

import com.recoverylab.store.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Scores received (sandbox_results) and the switch that makes score posts fail for demos. */
final class GradebookRepository {
  private static final String FAILING_SCORE_POSTS = "failing_score_posts";
  private final Jdbc jdbc;

  GradebookRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  Optional<ScoreResult> result(long lineItemId, String userId) {
    return jdbc.queryOne(
        "SELECT * FROM sandbox_results WHERE line_item_id = ? AND user_id = ?",
        GradebookRepository::map,
        lineItemId,
        userId);
  }

  List<ScoreResult> results(long lineItemId) {
    return jdbc.query(
        "SELECT * FROM sandbox_results WHERE line_item_id = ? ORDER BY user_id",
        GradebookRepository::map,
        lineItemId);
  }

  List<ScoreResult> all() {
    return jdbc.query(
        "SELECT * FROM sandbox_results ORDER BY line_item_id, user_id", GradebookRepository::map);
  }

  /**
   * Stores the score unless the stored one is as new or newer; false then. One statement per case,
   * so two posts racing for the same user cannot both win.
   */
  boolean storeIfNewer(ScoreResult score) {
    int updated =
        jdbc.update(
            "UPDATE sandbox_results SET score_given = ?, score_maximum = ?, comment = ?, activity_progress = ?,"
                + " grading_progress = ?, score_timestamp = ?, received_at = ?"
                + " WHERE line_item_id = ? AND user_id = ? AND score_timestamp < ?",
            score.scoreGiven(),
            score.scoreMaximum(),
            score.comment(),
            score.activityProgress(),
            score.gradingProgress(),
            score.timestamp(),
            score.receivedAt(),
            score.lineItemId(),
            score.userId(),
            score.timestamp());
    if (updated == 1) {
      return true;
    }
    if (result(score.lineItemId(), score.userId()).isPresent()) {
      return false;
    }
    try {
      jdbc.update(
          "INSERT INTO sandbox_results (line_item_id, user_id, score_given, score_maximum, comment,"
              + " activity_progress, grading_progress, score_timestamp, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          score.lineItemId(),
          score.userId(),
          score.scoreGiven(),
          score.scoreMaximum(),
          score.comment(),
          score.activityProgress(),
          score.gradingProgress(),
          score.timestamp(),
          score.receivedAt());
      return true;
    } catch (Jdbc.DataAccessException e) {
      if (e.isUniqueViolation()) {
        return false;
      }
      throw e;
    }
  }

  int failingScorePosts() {
    return jdbc.queryOne(
            "SELECT int_value FROM sandbox_settings WHERE name = ?",
            row -> row.getInt("int_value"),
            FAILING_SCORE_POSTS)
        .orElse(0);
  }

  void setFailingScorePosts(int count) {
    jdbc.update(
        "UPDATE sandbox_settings SET int_value = ? WHERE name = ?", count, FAILING_SCORE_POSTS);
  }

  /** Uses up one of the score posts that should fail; false when none is left. */
  boolean takeFailingScorePost() {
    return jdbc.update(
            "UPDATE sandbox_settings SET int_value = int_value - 1 WHERE name = ? AND int_value > 0",
            FAILING_SCORE_POSTS)
        == 1;
  }

  private static ScoreResult map(ResultSet row) throws SQLException {
    return new ScoreResult(
        row.getLong("line_item_id"),
        row.getString("user_id"),
        strip(row, "score_given"),
        strip(row, "score_maximum"),
        row.getString("comment"),
        row.getString("activity_progress"),
        row.getString("grading_progress"),
        Jdbc.instant(row, "score_timestamp"),
        Jdbc.instant(row, "received_at"));
  }

  private static java.math.BigDecimal strip(ResultSet row, String column) throws SQLException {
    java.math.BigDecimal value = row.getBigDecimal(column);
    return value == null ? null : value.stripTrailingZeros();
  }
}
