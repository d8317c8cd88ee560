package com.recoverylab.review;

import com.recoverylab.store.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The {@code review_cards} table: one row per learner, course and misconception tag. */
final class ReviewCardRepository {
  private static final String COLUMNS =
      "id, user_id, course_id, tag, source_quiz_id, source_question_id, stability,"
          + " difficulty, last_review_at, due_at, reviews, lapses, last_question_id, last_answer, last_right";
  private final Jdbc jdbc;

  ReviewCardRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The launch check, one statement on the (user_id, course_id, due_at) index: how many of the
   * learner's cards in the course are due and not put off, unless the launched link has the offer
   * turned off.
   */
  int countOffered(long userId, long courseId, long linkId, Instant now) {
    return jdbc.queryOne(
            "SELECT COUNT(*) FROM review_cards c WHERE c.user_id = ? AND c.course_id = ?"
                + " AND c.due_at <= ? AND (c.hidden_until IS NULL OR c.hidden_until <= ?)"
                + " AND NOT EXISTS (SELECT 1 FROM review_links_off o WHERE o.resource_link_id = ?)",
            row -> row.getInt(1),
            userId,
            courseId,
            now,
            now,
            linkId)
        .orElse(0);
  }

  /** Adds a new card unless the learner already has one for the tag here; true when added. */
  boolean insertIfMissing(ReviewCard card) {
    String values =
        " (user_id, course_id, tag, source_quiz_id, source_question_id, stability, difficulty,"
            + " last_review_at, due_at, reviews, lapses)";
    Object[] params = {
      card.userId(),
      card.courseId(),
      card.tag(),
      card.sourceQuizId(),
      card.sourceQuestionId(),
      card.memory().stability(),
      card.memory().difficulty(),
      card.lastReviewAt(),
      card.dueAt(),
      card.reviews(),
      card.lapses()
    };
    if (jdbc.isPostgres()) {
      // a second node adding the same card at once must not abort the attempt's transaction
      return jdbc.update(
              "INSERT INTO review_cards"
                  + values
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                  + " ON CONFLICT (user_id, course_id, tag) DO NOTHING",
              params)
          == 1;
    }
    Object[] withKey = Arrays.copyOf(params, params.length + 3);
    withKey[params.length] = card.userId();
    withKey[params.length + 1] = card.courseId();
    withKey[params.length + 2] = card.tag();
    return jdbc.update(
            "INSERT INTO review_cards"
                + values
                + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM (VALUES (1)) one_row"
                + " WHERE NOT EXISTS (SELECT 1 FROM review_cards WHERE user_id = ? AND course_id = ? AND tag = ?)",
            withKey)
        == 1;
  }

  /** The learner's card for a tag, locked until the transaction ends. */
  Optional<ReviewCard> lock(long userId, long courseId, String tag) {
    return jdbc.queryOne(
        "SELECT "
            + COLUMNS
            + " FROM review_cards WHERE user_id = ? AND course_id = ? AND tag = ?"
            + " FOR UPDATE",
        ReviewCardRepository::card,
        userId,
        courseId,
        tag);
  }

  /** A card by id, locked until the transaction ends. */
  Optional<ReviewCard> lock(long id) {
    return jdbc.queryOne(
        "SELECT " + COLUMNS + " FROM review_cards WHERE id = ? FOR UPDATE",
        ReviewCardRepository::card,
        id);
  }

  Optional<ReviewCard> find(long id) {
    return jdbc.queryOne(
        "SELECT " + COLUMNS + " FROM review_cards WHERE id = ?", ReviewCardRepository::card, id);
  }

  /** The learner's due cards in the course, the longest due first. */
  List<ReviewCard> due(long userId, long courseId, Instant now) {
    return jdbc.query(
        "SELECT "
            + COLUMNS
            + " FROM review_cards WHERE user_id = ? AND course_id = ? AND due_at <= ?"
            + " ORDER BY due_at, id",
        ReviewCardRepository::card,
        userId,
        courseId,
        now);
  }

  /** A card's new schedule after it was revealed again (the last answer stays). */
  void reschedule(ReviewCard card) {
    jdbc.update(
        "UPDATE review_cards SET source_quiz_id = ?, source_question_id = ?, stability = ?, difficulty = ?,"
            + " last_review_at = ?, due_at = ?, reviews = ?, lapses = ?, hidden_until = NULL WHERE id = ?",
        card.sourceQuizId(),
        card.sourceQuestionId(),
        card.memory().stability(),
        card.memory().difficulty(),
        card.lastReviewAt(),
        card.dueAt(),
        card.reviews(),
        card.lapses(),
        card.id());
  }

  /** A card's new schedule and the answer that set it. */
  void saveReview(ReviewCard card) {
    jdbc.update(
        "UPDATE review_cards SET stability = ?, difficulty = ?, last_review_at = ?, due_at = ?, reviews = ?,"
            + " lapses = ?, last_question_id = ?, last_answer = ?, last_right = ?, hidden_until = NULL WHERE id = ?",
        card.memory().stability(),
        card.memory().difficulty(),
        card.lastReviewAt(),
        card.dueAt(),
        card.reviews(),
        card.lapses(),
        card.lastQuestionId(),
        String.join(",", card.lastAnswer()),
        card.lastRight(),
        card.id());
  }

  /** "Not now": the learner's due cards in the course stay out of launches until {@code until}. */
  int hideDue(long userId, long courseId, Instant now, Instant until) {
    return jdbc.update(
        "UPDATE review_cards SET hidden_until = ? WHERE user_id = ? AND course_id = ? AND due_at <= ?",
        until,
        userId,
        courseId,
        now);
  }

  /** Per tag, how many learners of the course have it due now. */
  record TagCount(String tag, int learners) {}

  List<TagCount> dueLearnersByTag(long courseId, Instant now) {
    return jdbc.query(
        "SELECT tag, COUNT(DISTINCT user_id) AS learners FROM review_cards"
            + " WHERE course_id = ? AND due_at <= ? GROUP BY tag ORDER BY learners DESC, tag",
        row -> new TagCount(row.getString("tag"), row.getInt("learners")),
        courseId,
        now);
  }

  private static ReviewCard card(ResultSet row) throws SQLException {
    String answer = row.getString("last_answer");
    boolean right = row.getBoolean("last_right");
    Boolean lastRight = row.wasNull() ? null : right;
    return new ReviewCard(
        row.getLong("id"),
        row.getLong("user_id"),
        row.getLong("course_id"),
        row.getString("tag"),
        row.getString("source_quiz_id"),
        row.getString("source_question_id"),
        new FsrsScheduler.Memory(row.getDouble("stability"), row.getDouble("difficulty")),
        Jdbc.instant(row, "last_review_at"),
        Jdbc.instant(row, "due_at"),
        row.getInt("reviews"),
        row.getInt("lapses"),
        row.getString("last_question_id"),
        answer == null || answer.isEmpty() ? List.of() : List.of(answer.split(",")),
        lastRight);
  }
}
