package com.recoverylab.review;

import com.recoverylab.store.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
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

  /**
   * The learner's cards in the course for these tags, locked until the transaction ends, by tag:
   * one statement for all the tags an attempt revealed.
   */
  List<ReviewCard> lock(long userId, long courseId, Collection<String> tags) {
    if (tags.isEmpty()) {
      return List.of();
    }
    Object[] params = new Object[tags.size() + 2];
    params[0] = userId;
    params[1] = courseId;
    int i = 2;
    for (String tag : tags) {
      params[i++] = tag;
    }
    return jdbc.query(lockStatement(tags.size()), ReviewCardRepository::card, params);
  }

  /**
   * The statement of {@link #lock(long, long, Collection)} for this many tags. It locks the cards
   * by tag (PostgreSQL in its ORDER BY, H2 as it reads the (user_id, course_id, tag) index), so two
   * submits of one learner never wait for each other in a circle. Package-private so a test can
   * check the index.
   */
  static String lockStatement(int tags) {
    return locking(
        " WHERE user_id = ? AND course_id = ? AND tag IN (" + placeholders(tags) + ")",
        " ORDER BY tag");
  }

  /**
   * Adds the new cards (all of one learner and course) in one statement, leaving out a tag the
   * learner has a card for by now, and returns the tags added.
   */
  List<String> insertMissing(List<ReviewCard> fresh) {
    if (fresh.isEmpty()) {
      return List.of();
    }
    String row = "(" + placeholders(11) + ")";
    String rows = String.join(", ", java.util.Collections.nCopies(fresh.size(), row));
    List<Object> params = new ArrayList<>();
    for (ReviewCard card : fresh) {
      params.addAll(
          Arrays.asList(
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
              card.lapses()));
    }
    String columns =
        " (user_id, course_id, tag, source_quiz_id, source_question_id, stability, difficulty,"
            + " last_review_at, due_at, reviews, lapses)";
    if (jdbc.isPostgres()) {
      // a second node adding the same card at once must not abort the attempt's transaction
      return jdbc.query(
          "INSERT INTO review_cards"
              + columns
              + " VALUES "
              + rows
              + " ON CONFLICT (user_id, course_id, tag) DO NOTHING RETURNING tag",
          r -> r.getString(1),
          params.toArray());
    }
    return jdbc.query(
        "SELECT tag FROM FINAL TABLE (INSERT INTO review_cards"
            + columns
            + " SELECT * FROM (VALUES "
            + rows
            + ") fresh"
            + columns
            + " WHERE NOT EXISTS (SELECT 1 FROM review_cards c WHERE c.user_id = fresh.user_id"
            + " AND c.course_id = fresh.course_id AND c.tag = fresh.tag))",
        r -> r.getString(1),
        params.toArray());
  }

  /**
   * New schedules of cards revealed again (the last answer stays), in one statement for all the
   * cards of an attempt.
   */
  void reschedule(List<ReviewCard> cards) {
    if (cards.isEmpty()) {
      return;
    }
    // typed first row: PostgreSQL gives a VALUES column the type of its first row
    String first =
        "(CAST(? AS BIGINT), CAST(? AS VARCHAR(100)), CAST(? AS VARCHAR(100)),"
            + " CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION),"
            + " CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE),"
            + " CAST(? AS INT), CAST(? AS INT))";
    String more = ", (" + placeholders(9) + ")";
    List<Object> params = new ArrayList<>();
    for (ReviewCard card : cards) {
      params.addAll(
          Arrays.asList(
              card.id(),
              card.sourceQuizId(),
              card.sourceQuestionId(),
              card.memory().stability(),
              card.memory().difficulty(),
              card.lastReviewAt(),
              card.dueAt(),
              card.reviews(),
              card.lapses()));
    }
    jdbc.update(
        "MERGE INTO review_cards c USING (VALUES "
            + first
            + more.repeat(cards.size() - 1)
            + ") AS v (id, source_quiz_id, source_question_id, stability, difficulty, last_review_at,"
            + " due_at, reviews, lapses) ON c.id = v.id WHEN MATCHED THEN UPDATE SET"
            + " source_quiz_id = v.source_quiz_id, source_question_id = v.source_question_id,"
            + " stability = v.stability, difficulty = v.difficulty, last_review_at = v.last_review_at,"
            + " due_at = v.due_at, reviews = v.reviews, lapses = v.lapses, hidden_until = NULL",
        params.toArray());
  }

  private static String placeholders(int count) {
    return String.join(", ", java.util.Collections.nCopies(count, "?"));
  }

  /** A card by id, locked until the transaction ends. */
  Optional<ReviewCard> lock(long id) {
    return jdbc.queryOne(lockStatement(), ReviewCardRepository::card, id);
  }

  /** The statement of {@link #lock(long)}. Package-private so a test can check the index. */
  static String lockStatement() {
    return locking(" WHERE id = ?", "");
  }

  /**
   * The cards {@code where} picks, locked until the transaction ends, in {@code order}. One form
   * for both databases: H2 used to get a no-op UPDATE instead, because its own statement cache
   * never kept a FOR UPDATE query and parsed it on every submit; {@code store/StatementCache} now
   * keeps the statements on H2, the FOR UPDATE one too.
   */
  private static String locking(String where, String order) {
    return "SELECT " + COLUMNS + " FROM review_cards" + where + order + " FOR UPDATE";
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
