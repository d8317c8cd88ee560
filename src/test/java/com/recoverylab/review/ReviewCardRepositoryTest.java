package com.recoverylab.review;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
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
      long platform = platform(jdbc);
      long course = course(jdbc, platform);
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

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void a_second_submit_of_the_learner_waits_for_the_held_cards_and_reads_what_the_first_wrote(
      TestDatabase db) throws Exception {
    // three connections: the first submit's, the second submit's and the one that watches them
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 3)) {
      TwoCards two = twoCards(database);
      Jdbc jdbc = two.jdbc();
      ReviewCardRepository cards = two.cards();
      long learner = two.learner();
      long course = two.course();
      ExecutorService secondSubmit = Executors.newSingleThreadExecutor();
      try {
        Future<List<Integer>> secondSaw =
            jdbc.inTransaction(
                () -> {
                  List<ReviewCard> first =
                      new ArrayList<>(cards.lock(learner, course, Set.of("basics")));
                  // the second names its tags the other way round; it still takes them by tag
                  Future<List<Integer>> second =
                      secondSubmit.submit(
                          () ->
                              jdbc.inTransaction(
                                  () -> {
                                    List<ReviewCard> held =
                                        cards.lock(
                                            learner,
                                            course,
                                            new java.util.LinkedHashSet<>(
                                                List.of("more-is-better", "basics")));
                                    cards.reschedule(lapsedAgain(held));
                                    return held.stream().map(ReviewCard::lapses).toList();
                                  }));
                  await()
                      .atMost(Duration.ofSeconds(10))
                      .until(() -> TestDatabases.waitingForARowLock(database));
                  // had the second taken "more-is-better" before waiting, this would deadlock
                  first.addAll(cards.lock(learner, course, Set.of("more-is-better")));
                  assertFalse(second.isDone(), "the second submit waits for the first");
                  cards.reschedule(lapsedAgain(first));
                  return second;
                });
        assertEquals(
            List.of(2, 2),
            secondSaw.get(10, TimeUnit.SECONDS),
            "the second submit reads the lapses the first committed");
      } finally {
        secondSubmit.shutdownNow();
      }
      assertEquals(
          List.of("basics 3", "more-is-better 3"),
          jdbc.query(
              "SELECT tag, lapses FROM review_cards WHERE user_id = ? ORDER BY tag",
              r -> r.getString(1) + " " + r.getInt(2),
              learner),
          "both submits' updates count, none is lost");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void a_second_answer_to_a_card_waits_for_the_first_and_reads_what_it_wrote(TestDatabase db)
      throws Exception {
    // three connections: the first answer's, the second answer's and the one that watches them
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 3)) {
      TwoCards two = twoCards(database);
      Jdbc jdbc = two.jdbc();
      ReviewCardRepository cards = two.cards();
      long learner = two.learner();
      long course = two.course();
      long basics = cards.lock(learner, course, Set.of("basics")).get(0).id();
      long other = cards.lock(learner, course, Set.of("more-is-better")).get(0).id();
      assertEquals("basics", cards.lock(basics).orElseThrow().tag());
      assertTrue(cards.lock(other + basics + 1).isEmpty(), "no card, no row");
      // the second answer to the card, and then one to the learner's other card
      ExecutorService secondAnswer = Executors.newFixedThreadPool(2);
      try {
        Future<Integer> secondSaw =
            jdbc.inTransaction(
                () -> {
                  ReviewCard first = cards.lock(basics).orElseThrow();
                  Future<Integer> second = secondAnswer.submit(() -> answer(jdbc, cards, basics));
                  await()
                      .atMost(Duration.ofSeconds(10))
                      .until(() -> TestDatabases.waitingForARowLock(database));
                  assertFalse(second.isDone(), "the second answer waits for the first");
                  // an answer to the learner's other card meanwhile does not wait
                  Future<Integer> otherCard = secondAnswer.submit(() -> answer(jdbc, cards, other));
                  await().atMost(Duration.ofSeconds(10)).until(otherCard::isDone);
                  assertFalse(second.isDone(), "the second answer still waits");
                  cards.saveReview(answeredRight(cards, first));
                  return second;
                });
        assertEquals(
            1,
            secondSaw.get(10, TimeUnit.SECONDS),
            "the second answer reads the review the first committed");
      } finally {
        secondAnswer.shutdownNow();
      }
      assertEquals(
          List.of("basics 2", "more-is-better 1"),
          jdbc.query(
              "SELECT tag, reviews FROM review_cards WHERE user_id = ? ORDER BY tag",
              r -> r.getString(1) + " " + r.getInt(2),
              learner),
          "both answers count, none is lost");
    }
  }

  @Test
  void on_h2_the_card_locks_find_the_cards_through_their_indexes() throws SQLException {
    TestDatabase db = TestDatabases.h2();
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 2);
        Connection connection = database.dataSource().getConnection()) {
      try (Statement explain = connection.createStatement();
          ResultSet plan =
              explain.executeQuery("EXPLAIN " + ReviewCardRepository.lockStatement())) {
        plan.next();
        assertTrue(plan.getString(1).contains("PRIMARY_KEY"), plan.getString(1));
      }
      // the lock order is the order H2 reads the rows in: the unique index, by tag
      try (Statement explain = connection.createStatement();
          ResultSet plan =
              explain.executeQuery("EXPLAIN " + ReviewCardRepository.lockStatement(3))) {
        plan.next();
        assertTrue(plan.getString(1).contains("REVIEW_CARDS_ONE"), plan.getString(1));
      }
    }
  }

  /** A review answer as the servlet gives it, in its own transaction; the reviews it found. */
  private static int answer(Jdbc jdbc, ReviewCardRepository cards, long cardId) {
    return jdbc.inTransaction(
        () -> {
          ReviewCard held = cards.lock(cardId).orElseThrow();
          cards.saveReview(answeredRight(cards, held));
          return held.reviews();
        });
  }

  /** The card after a right review answer, as {@link SpacedReviewServlet} makes it. */
  private static ReviewCard answeredRight(ReviewCardRepository cards, ReviewCard card) {
    // answered(...) reads neither the content nor the clock
    ReviewSchedule schedule =
        new ReviewSchedule(
            cards, new FsrsScheduler(), () -> null, Clock.fixed(NOW, ZoneOffset.UTC));
    return schedule.answered(card, "q1", List.of("a"), true, NOW);
  }

  /** A learner of a course with two review cards, "basics" and "more-is-better". */
  private record TwoCards(Jdbc jdbc, ReviewCardRepository cards, long learner, long course) {}

  private static TwoCards twoCards(Database database) {
    Jdbc jdbc = new Jdbc(database.dataSource(), database.isPostgres());
    long platform = platform(jdbc);
    long course = course(jdbc, platform);
    long learner = user(jdbc, platform, "learner");
    ReviewCardRepository cards = new ReviewCardRepository(jdbc);
    cards.insertMissing(
        List.of(card(learner, course, "basics"), card(learner, course, "more-is-better")));
    return new TwoCards(jdbc, cards, learner, course);
  }

  /** The cards revealed once more: a lapse more each, the rest as it was. */
  private static List<ReviewCard> lapsedAgain(List<ReviewCard> cards) {
    return cards.stream()
        .map(
            c ->
                new ReviewCard(
                    c.id(),
                    c.userId(),
                    c.courseId(),
                    c.tag(),
                    c.sourceQuizId(),
                    c.sourceQuestionId(),
                    c.memory(),
                    c.lastReviewAt(),
                    c.dueAt(),
                    c.reviews(),
                    c.lapses() + 1,
                    c.lastQuestionId(),
                    c.lastAnswer(),
                    c.lastRight()))
        .toList();
  }

  private static long platform(Jdbc jdbc) {
    return jdbc.insert(
        "INSERT INTO platforms (issuer, client_id, created_at) VALUES ('https://lms', 'c', ?)",
        NOW);
  }

  private static long course(Jdbc jdbc, long platform) {
    return jdbc.insert(
        "INSERT INTO courses (platform_id, deployment_id, context_id, created_at, updated_at)"
            + " VALUES (?, '1', 'c', ?, ?)",
        platform,
        NOW,
        NOW);
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
