package com.recoverylab.review;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The statements a submit uses for all the cards it touches at once, on H2 and PostgreSQL. */
class ReviewCardRepositoryTest {
  private static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void an_attempts_cards_are_locked_added_and_rescheduled_together_and_only_the_learners(
      TestDatabase db) {
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 2)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), database.isPostgres());
      long platform =
          jdbc.insert(
              "INSERT INTO platforms (issuer, client_id, created_at) VALUES ('https://lms', 'c', ?)",
              NOW);
      long course =
          jdbc.insert(
              "INSERT INTO courses (platform_id, deployment_id, context_id, created_at, updated_at)"
                  + " VALUES (?, '1', 'c', ?, ?)",
              platform,
              NOW,
              NOW);
      long learner = user(jdbc, platform, "learner");
      long classmate = user(jdbc, platform, "classmate");
      ReviewCardRepository cards = new ReviewCardRepository(jdbc);

      assertEquals(
          List.of("basics", "more-is-better"),
          cards.insertMissing(
              List.of(card(learner, course, "basics"), card(learner, course, "more-is-better"))));
      assertEquals(
          List.of("basics"), cards.insertMissing(List.of(card(classmate, course, "basics"))));

      // one known tag and one new one: only the new one is added, the known one stays as it was
      assertEquals(
          List.of("tools-cure-fatigue"),
          cards.insertMissing(
              List.of(
                  card(learner, course, "basics", "other-quiz"),
                  card(learner, course, "tools-cure-fatigue"))));
      assertEquals("quiz", cards.lock(learner, course, Set.of("basics")).get(0).sourceQuizId());
      // "not now" on every card: a rescheduled card shows again, the others stay hidden
      jdbc.update("UPDATE review_cards SET hidden_until = ?", NOW.plus(Duration.ofDays(1)));

      List<ReviewCard> locked =
          jdbc.inTransaction(
              () -> cards.lock(learner, course, Set.of("more-is-better", "basics", "unknown")));
      assertEquals(
          List.of("basics", "more-is-better"), locked.stream().map(ReviewCard::tag).toList());

      Instant later = NOW.plus(Duration.ofDays(3));
      cards.reschedule(
          locked.stream()
              .map(
                  c ->
                      new ReviewCard(
                          c.id(),
                          c.userId(),
                          c.courseId(),
                          c.tag(),
                          "quiz-2",
                          "q-" + c.tag(),
                          new FsrsScheduler.Memory(0.5, 7.25),
                          later,
                          later.plus(Duration.ofDays(1)),
                          c.reviews(),
                          c.lapses() + 1,
                          c.lastQuestionId(),
                          c.lastAnswer(),
                          c.lastRight()))
              .toList());
      assertEquals(
          List.of(
              "basics quiz-2 q-basics 0.5 7.25 2 visible",
              "more-is-better quiz-2 q-more-is-better 0.5 7.25 2 visible",
              "tools-cure-fatigue quiz q 1.0 5.0 1 hidden"),
          jdbc.query(
              "SELECT tag, source_quiz_id, source_question_id, stability, difficulty, lapses,"
                  + " hidden_until FROM review_cards WHERE user_id = ? ORDER BY tag",
              r ->
                  String.join(
                      " ",
                      r.getString(1),
                      r.getString(2),
                      r.getString(3),
                      String.valueOf(r.getDouble(4)),
                      String.valueOf(r.getDouble(5)),
                      String.valueOf(r.getInt(6)),
                      r.getObject(7) == null ? "visible" : "hidden"),
              learner));
      assertEquals(
          later,
          cards.lock(learner, course, Set.of("basics")).get(0).lastReviewAt(),
          "the new schedule's times");
      assertEquals(
          List.of("basics quiz 1"),
          jdbc.query(
              "SELECT tag, source_quiz_id, lapses FROM review_cards WHERE user_id = ?",
              r -> r.getString(1) + " " + r.getString(2) + " " + r.getInt(3),
              classmate),
          "the classmate's card is untouched");
    }
  }

  private static long user(Jdbc jdbc, long platform, String subject) {
    return jdbc.insert(
        "INSERT INTO users (platform_id, subject, created_at, updated_at) VALUES (?, ?, ?, ?)",
        platform,
        subject,
        NOW,
        NOW);
  }

  private static ReviewCard card(long userId, long courseId, String tag) {
    return card(userId, courseId, tag, "quiz");
  }

  private static ReviewCard card(long userId, long courseId, String tag, String sourceQuiz) {
    return new ReviewCard(
        0,
        userId,
        courseId,
        tag,
        sourceQuiz,
        "q",
        new FsrsScheduler.Memory(1.0, 5.0),
        NOW,
        NOW.plus(Duration.ofDays(1)),
        0,
        1,
        null,
        List.of(),
        null);
  }
}
