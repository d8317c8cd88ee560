package com.recoverylab.quiz;

import com.recoverylab.store.Jdbc;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Attempts, answers and picked options: the {@code quiz_attempts}, {@code quiz_answers} and {@code
 * quiz_answer_choices} tables.
 */
final class QuizRepository {
  private static final String ATTEMPT_COLUMNS =
      "id, user_id, course_id, resource_link_id, quiz_id, mode, status,"
          + " question_order, feedback, points_possible, started_at, submitted_at, score_fraction, points";
  private final Jdbc jdbc;

  QuizRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Inserts an open attempt; a second open attempt with the same key is a unique violation. */
  long insertAttempt(
      long userId,
      long courseId,
      Long resourceLinkId,
      String quizId,
      AttemptMode mode,
      String openKey,
      AttemptLayout layout,
      long seed,
      String feedback,
      double pointsPossible,
      Instant now) {
    return jdbc.insert(
        "INSERT INTO quiz_attempts (user_id, course_id, resource_link_id, quiz_id, mode, status, open_key,"
            + " question_order, seed, feedback, points_possible, started_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, 'IN_PROGRESS', ?, ?, ?, ?, ?, ?, ?)",
        userId,
        courseId,
        resourceLinkId,
        quizId,
        mode,
        openKey,
        layout.toJson(),
        seed,
        feedback,
        pointsPossible,
        now,
        now);
  }

  Optional<Attempt> attempt(long id) {
    return jdbc.queryOne(
        "SELECT " + ATTEMPT_COLUMNS + " FROM quiz_attempts WHERE id = ?", QuizRepository::map, id);
  }

  Optional<Attempt> openAttempt(String openKey) {
    return jdbc.queryOne(
        "SELECT " + ATTEMPT_COLUMNS + " FROM quiz_attempts WHERE open_key = ?",
        QuizRepository::map,
        openKey);
  }

  /**
   * A user's newest {@code limit} attempts at a quiz in a course (graded on the given link, and
   * practice), newest first.
   */
  List<Attempt> attempts(
      long userId, long courseId, String quizId, Long resourceLinkId, int limit) {
    return jdbc.query(
        HISTORY,
        QuizRepository::map,
        userId,
        courseId,
        quizId,
        resourceLinkId == null ? -1L : resourceLinkId,
        limit);
  }

  /**
   * Parameters: user, course, quiz, link (-1 for none), how many. The fixed user and quiz come
   * first in the ORDER BY: H2 then reads quiz_attempts_user_quiz_newest in its order and stops
   * after the newest rows (a test pins the plan).
   */
  static final String HISTORY =
      "SELECT "
          + ATTEMPT_COLUMNS
          + " FROM quiz_attempts WHERE user_id = ? AND course_id = ?"
          + " AND quiz_id = ? AND (mode = 'PRACTICE' OR resource_link_id = ?)"
          + " ORDER BY user_id, quiz_id, started_at DESC, id DESC FETCH FIRST ? ROWS ONLY";

  /** Graded attempts that count against the limit: submitted ones. */
  int submittedGradedCount(long userId, long resourceLinkId) {
    return jdbc.queryOne(SUBMITTED_GRADED_COUNT, row -> row.getInt("n"), userId, resourceLinkId)
        .orElse(0);
  }

  /**
   * Parameters: user, link. Package-private so a test can check the plan reads only the learner's
   * rows.
   */
  static final String SUBMITTED_GRADED_COUNT =
      "SELECT COUNT(*) AS n FROM quiz_attempts WHERE user_id = ?"
          + " AND resource_link_id = ? AND mode = 'GRADED' AND status = 'SUBMITTED'";

  /**
   * Marks an open attempt as touched; false when it is no longer open. The UPDATE locks the row, so
   * a save and a submit of the same attempt run one after the other.
   */
  boolean touchOpen(long attemptId, Instant now) {
    return jdbc.update(
            "UPDATE quiz_attempts SET updated_at = ? WHERE id = ? AND status = 'IN_PROGRESS'",
            now,
            attemptId)
        == 1;
  }

  /** Submits an open attempt; false when it was already submitted (a double submit). */
  boolean markSubmitted(long attemptId, double fraction, double points, Instant now) {
    return jdbc.update(
            "UPDATE quiz_attempts SET status = 'SUBMITTED', open_key = NULL, submitted_at = ?,"
                + " updated_at = ?, score_fraction = ?, points = ? WHERE id = ? AND status = 'IN_PROGRESS'",
            now,
            now,
            fraction,
            points,
            attemptId)
        == 1;
  }

  Map<String, StoredAnswer> answers(long attemptId) {
    Map<String, StoredAnswer> answers = new LinkedHashMap<>();
    jdbc.query(
            "SELECT question_id, answer, score, complete, answered_at FROM quiz_answers WHERE attempt_id = ?"
                + " ORDER BY answered_at, question_id",
            row ->
                new StoredAnswer(
                    row.getString("question_id"),
                    Answer.fromJson(row.getString("answer")),
                    row.getBigDecimal("score").doubleValue(),
                    row.getBoolean("complete"),
                    Jdbc.instant(row, "answered_at")),
            attemptId)
        .forEach(a -> answers.put(a.questionId(), a));
    return answers;
  }

  /** An answer to save with the options it picked. */
  record AnswerRows(StoredAnswer answer, List<PickedOption> picks) {}

  /**
   * Saves answers and their picked options, replacing the earlier answers named in {@code
   * replacing}. Call inside the transaction that locked the attempt (so {@code replacing} is what
   * is stored). Each table gets one multi-row INSERT, however many questions the page sent.
   */
  void saveAnswers(long attemptId, List<AnswerRows> rows, Set<String> replacing) {
    for (AnswerRows row : rows) {
      if (replacing.contains(row.answer().questionId())) {
        deleteAnswer(attemptId, row.answer().questionId());
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    List<Object> answerParams = new ArrayList<>();
    List<Object> pickParams = new ArrayList<>();
    for (AnswerRows row : rows) {
      StoredAnswer answer = row.answer();
      answerParams.addAll(
          Arrays.asList(
              attemptId,
              answer.questionId(),
              Answer.toJson(answer.answer()),
              answer.score(),
              answer.complete(),
              answer.answeredAt()));
      for (PickedOption pick : row.picks()) {
        pickParams.addAll(
            Arrays.asList(
                attemptId,
                answer.questionId(),
                pick.slot(),
                pick.optionId(),
                pick.correct(),
                pick.misconception()));
      }
    }
    jdbc.update(
        "INSERT INTO quiz_answers (attempt_id, question_id, answer, score, complete, answered_at) VALUES "
            + values(6, rows.size()),
        answerParams.toArray());
    if (!pickParams.isEmpty()) {
      jdbc.update(
          "INSERT INTO quiz_answer_choices (attempt_id, question_id, slot, option_id, correct, misconception)"
              + " VALUES "
              + values(6, pickParams.size() / 6),
          pickParams.toArray());
    }
  }

  /** {@code (?, ?), (?, ?)} for two rows of two columns. */
  private static String values(int columns, int rows) {
    String row = "(" + String.join(", ", Collections.nCopies(columns, "?")) + ")";
    return String.join(", ", Collections.nCopies(rows, row));
  }

  void deleteAnswer(long attemptId, String questionId) {
    jdbc.update(
        "DELETE FROM quiz_answer_choices WHERE attempt_id = ? AND question_id = ?",
        attemptId,
        questionId);
    jdbc.update(
        "DELETE FROM quiz_answers WHERE attempt_id = ? AND question_id = ?", attemptId, questionId);
  }

  /** Score fractions of a learner's submitted graded attempts on a link, oldest first. */
  List<Double> submittedGradedFractions(long resourceLinkId, long userId) {
    return jdbc.query(
        SUBMITTED_GRADED_FRACTIONS,
        row -> row.getBigDecimal("score_fraction").doubleValue(),
        resourceLinkId,
        userId);
  }

  /**
   * Parameters: link, user. Package-private so a test can check the plan reads only the learner's
   * rows.
   */
  static final String SUBMITTED_GRADED_FRACTIONS =
      "SELECT score_fraction FROM quiz_attempts WHERE resource_link_id = ?"
          + " AND user_id = ? AND mode = 'GRADED' AND status = 'SUBMITTED' ORDER BY submitted_at, id";

  /** Users with at least one submitted graded attempt on a link. */
  List<Long> gradedUsers(long resourceLinkId) {
    return jdbc.query(
        "SELECT DISTINCT user_id FROM quiz_attempts WHERE resource_link_id = ? AND mode = 'GRADED'"
            + " AND status = 'SUBMITTED' ORDER BY user_id",
        row -> row.getLong("user_id"),
        resourceLinkId);
  }

  /** Every submitted graded attempt on a link, oldest first. */
  List<QuizResults.AttemptRow> submittedGradedAttempts(long resourceLinkId) {
    return jdbc.query(
        "SELECT id, user_id, quiz_id, submitted_at, score_fraction, points, points_possible"
            + " FROM quiz_attempts WHERE resource_link_id = ? AND mode = 'GRADED' AND status = 'SUBMITTED'"
            + " ORDER BY submitted_at, id",
        row ->
            new QuizResults.AttemptRow(
                row.getLong("id"),
                row.getLong("user_id"),
                row.getString("quiz_id"),
                Jdbc.instant(row, "submitted_at"),
                row.getBigDecimal("score_fraction").doubleValue(),
                row.getBigDecimal("points").doubleValue(),
                row.getBigDecimal("points_possible").doubleValue()),
        resourceLinkId);
  }

  /**
   * The submitted graded attempts on a link an item analysis counts, each with its answers and
   * picks: two queries (attempts, then answers with their picks) however many learners there are.
   */
  List<AttemptResponses> responses(long resourceLinkId, AttemptResponses.Counting counting) {
    // each learner's attempts numbered oldest first, so "first" is the one submitted first
    String counted =
        "WITH counted AS (SELECT id, user_id, question_order,"
            + " ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY submitted_at, id) AS nth FROM quiz_attempts"
            + " WHERE resource_link_id = ? AND mode = 'GRADED' AND status = 'SUBMITTED')";
    String which = counting == AttemptResponses.Counting.FIRST ? " WHERE k.nth = 1" : "";
    Map<Long, Long> users = new LinkedHashMap<>();
    Map<Long, List<String>> shown = new LinkedHashMap<>();
    jdbc.query(
        counted
            + " SELECT k.id, k.user_id, k.question_order FROM counted k"
            + which
            + " ORDER BY k.id",
        row -> {
          long id = row.getLong("id");
          users.put(id, row.getLong("user_id"));
          shown.put(
              id,
              AttemptLayout.fromJson(row.getString("question_order")).slots().stream()
                  .map(AttemptLayout.Slot::questionId)
                  .toList());
          return null;
        },
        resourceLinkId);
    record Row(long attemptId, String questionId, double score, String slot, String optionId) {}
    List<Row> rows =
        jdbc.query(
            counted
                + " SELECT q.attempt_id, q.question_id, q.score, c.slot, c.option_id"
                + " FROM counted k JOIN quiz_answers q ON q.attempt_id = k.id"
                + " LEFT JOIN quiz_answer_choices c ON c.attempt_id = q.attempt_id AND c.question_id = q.question_id"
                + which
                + " ORDER BY q.attempt_id, q.question_id, c.id",
            row ->
                new Row(
                    row.getLong("attempt_id"),
                    row.getString("question_id"),
                    row.getBigDecimal("score").doubleValue(),
                    row.getString("slot"),
                    row.getString("option_id")),
            resourceLinkId);
    Map<Long, Map<String, Double>> scores = new LinkedHashMap<>();
    Map<Long, Map<String, List<AttemptResponses.Pick>>> picks = new LinkedHashMap<>();
    for (Row row : rows) {
      scores
          .computeIfAbsent(row.attemptId(), k -> new LinkedHashMap<>())
          .put(row.questionId(), row.score());
      List<AttemptResponses.Pick> those =
          picks
              .computeIfAbsent(row.attemptId(), k -> new LinkedHashMap<>())
              .computeIfAbsent(row.questionId(), k -> new ArrayList<>());
      if (row.optionId() != null) {
        those.add(new AttemptResponses.Pick(row.slot(), row.optionId()));
      }
    }
    List<AttemptResponses> attempts = new ArrayList<>();
    for (Map.Entry<Long, Long> attempt : users.entrySet()) {
      long id = attempt.getKey();
      Map<String, Double> answered = scores.getOrDefault(id, Map.of());
      // the questions the attempt showed, then any answered one its stored layout does not name
      Set<String> questions = new java.util.LinkedHashSet<>(shown.get(id));
      questions.addAll(answered.keySet());
      List<AttemptResponses.Response> responses = new ArrayList<>();
      for (String question : questions) {
        responses.add(
            new AttemptResponses.Response(
                question,
                answered.getOrDefault(question, 0.0),
                picks.getOrDefault(id, Map.of()).getOrDefault(question, List.of())));
      }
      attempts.add(new AttemptResponses(id, attempt.getValue(), responses));
    }
    return attempts;
  }

  private static Attempt map(ResultSet row) throws SQLException {
    long link = row.getLong("resource_link_id");
    Long linkId = row.wasNull() ? null : link;
    BigDecimal fraction = row.getBigDecimal("score_fraction");
    BigDecimal points = row.getBigDecimal("points");
    return new Attempt(
        row.getLong("id"),
        row.getLong("user_id"),
        row.getLong("course_id"),
        linkId,
        row.getString("quiz_id"),
        AttemptMode.valueOf(row.getString("mode")),
        "SUBMITTED".equals(row.getString("status")),
        AttemptLayout.fromJson(row.getString("question_order")),
        row.getString("feedback"),
        row.getBigDecimal("points_possible").doubleValue(),
        Jdbc.instant(row, "started_at"),
        Jdbc.instant(row, "submitted_at"),
        fraction == null ? null : fraction.doubleValue(),
        points == null ? null : points.doubleValue());
  }
}
