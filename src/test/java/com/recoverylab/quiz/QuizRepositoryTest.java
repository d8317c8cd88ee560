package com.recoverylab.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.content.Quiz;
import com.recoverylab.grading.GradeOutbox;
import com.recoverylab.grading.GradeOutboxRepository;
import com.recoverylab.lti.launch.LaunchData;
import com.recoverylab.lti.launch.LaunchFacts;
import com.recoverylab.lti.launch.LaunchRecorder;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.LaunchSessionRepository;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Attempts, answers, picks and grades behave the same on H2 and PostgreSQL. */
class QuizRepositoryTest {

  /** An open database with a platform, and launches on the back-to-back quiz link. */
  private static final class Setup implements AutoCloseable {
    final Database database;
    final Jdbc jdbc;
    final QuizRepository repository;
    final QuizGrades grades;
    final QuizAttempts attempts;
    final Quiz quiz = QuizFixtures.backToBack();
    private final LaunchRecorder recorder;
    private final long platformId;

    Setup(TestDatabase db) {
      database = Database.open(db.url(), db.user(), db.password(), db.url(), 6);
      jdbc = new Jdbc(database.dataSource(), database.isPostgres());
      Clock clock = Clock.systemUTC();
      repository = new QuizRepository(jdbc);
      GradeOutbox outbox = new GradeOutbox(jdbc, new GradeOutboxRepository(jdbc), clock);
      grades =
          new QuizGrades(
              jdbc,
              outbox,
              QuizFixtures::library,
              new com.recoverylab.web.Messages(java.util.List.of("messages-quiz")),
              clock);
      attempts = new QuizAttempts(jdbc, repository, grades, clock);
      recorder =
          new LaunchRecorder(
              jdbc, new LaunchSessions(new LaunchSessionRepository(jdbc), clock), clock);
      platformId =
          new PlatformRepository(jdbc)
              .insert(
                  new Platform(
                      0,
                      "https://lms",
                      "c",
                      null,
                      "https://lms/a",
                      "https://lms/t",
                      "https://lms/j"),
                  Instant.now())
              .id();
    }

    LaunchSession learner(String user) {
      return recorder.record(
          new LaunchFacts(
              platformId,
              "1",
              user,
              user,
              null,
              null,
              null,
              "course",
              "C",
              "Course",
              "quiz-link",
              "Quiz",
              Role.LEARNER,
              "quiz",
              "back-to-back",
              null,
              LaunchData.NONE));
    }

    /** Starts, answers (single right or wrong) and submits one graded attempt. */
    Attempt attemptWith(LaunchSession session, boolean right) {
      Attempt attempt = attempts.start(session, quiz);
      attempts.answer(
          attempt,
          quiz,
          Map.of(
              "first-step",
              new Answer.Chosen(List.of(right ? "sleep" : "gun")),
              "tool-effects",
              new Answer.Matched(Map.of("boots", "faster", "ball", "ball"))));
      assertTrue(attempts.submit(attempt, quiz));
      return repository.attempt(attempt.id()).orElseThrow();
    }

    long count(String sql, Object... params) {
      return jdbc.queryOne(sql, r -> r.getLong(1), params).orElseThrow();
    }

    @Override
    public void close() {
      database.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void only_one_attempt_per_user_and_link_can_be_open_at_a_time(TestDatabase db) {
    try (Setup s = new Setup(db)) {
      LaunchSession sam = s.learner("sam");
      Attempt first = s.attempts.start(sam, s.quiz);
      Attempt again = s.attempts.start(sam, s.quiz);
      assertEquals(first.id(), again.id(), "starting again resumes");
      assertEquals(first.layout(), again.layout(), "the drawn order is stored, not drawn again");
      Jdbc.DataAccessException clash =
          assertThrows(
              Jdbc.DataAccessException.class,
              () ->
                  s.repository.insertAttempt(
                      sam.userId(),
                      sam.courseId(),
                      sam.resourceLinkId(),
                      "back-to-back",
                      AttemptMode.GRADED,
                      "G:" + sam.userId() + ":" + sam.resourceLinkId(),
                      first.layout(),
                      1L,
                      "at-end",
                      10,
                      Instant.now()));
      assertTrue(clash.isUniqueViolation());
      assertEquals(AttemptMode.GRADED, first.mode());
      assertEquals(sam.resourceLinkId(), first.resourceLinkId());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void an_answer_saved_twice_is_replaced_and_its_picks_follow_it(TestDatabase db) {
    try (Setup s = new Setup(db)) {
      Attempt attempt = s.attempts.start(s.learner("ana"), s.quiz);
      s.attempts.answer(
          attempt, s.quiz, Map.of("heavy-legs", new Answer.Chosen(List.of("boots", "more-tools"))));
      s.attempts.answer(attempt, s.quiz, Map.of("heavy-legs", new Answer.Chosen(List.of("boots"))));
      StoredAnswer stored = s.repository.answers(attempt.id()).get("heavy-legs");
      assertEquals(new Answer.Chosen(List.of("boots")), stored.answer());
      assertEquals(0.5, stored.score(), 1e-9);
      assertEquals(
          1, s.count("SELECT COUNT(*) FROM quiz_answers WHERE attempt_id = ?", attempt.id()));
      assertEquals(
          1,
          s.count("SELECT COUNT(*) FROM quiz_answer_choices WHERE attempt_id = ?", attempt.id()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void a_submitted_attempt_is_scored_once_and_queues_the_link_grade(TestDatabase db) {
    try (Setup s = new Setup(db)) {
      LaunchSession lee = s.learner("lee");
      Attempt submitted = s.attemptWith(lee, true);
      // single right (weight 1) + matching half (weight 1) of weights 6: 1.5 / 6
      assertEquals(0.25, submitted.scoreFraction(), 1e-6);
      assertEquals(2.5, submitted.points(), 1e-6);
      assertFalse(s.attempts.submit(submitted, s.quiz), "a second submit changes nothing");
      assertEquals(1, s.count("SELECT COUNT(*) FROM grade_outbox WHERE user_id = ?", lee.userId()));
      assertTrue(
          s.repository.openAttempt("G:" + lee.userId() + ":" + lee.resourceLinkId()).isEmpty());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void two_submits_at_the_same_moment_grade_the_attempt_once(TestDatabase db) throws Exception {
    try (Setup s = new Setup(db)) {
      LaunchSession kim = s.learner("kim");
      Attempt attempt = s.attempts.start(kim, s.quiz);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Callable<Boolean> submit =
            () -> {
              go.await();
              try {
                return s.attempts.submit(attempt, s.quiz);
              } catch (Jdbc.DataAccessException e) {
                return false; // a database that refuses the losing writer outright is fine too
              }
            };
        results.add(pool.submit(submit));
      }
      go.countDown();
      int won = 0;
      for (Future<Boolean> result : results) {
        won += result.get() ? 1 : 0;
      }
      pool.shutdown();
      assertEquals(1, won);
      assertEquals(1, s.count("SELECT COUNT(*) FROM grade_outbox WHERE user_id = ?", kim.userId()));
      assertEquals(
          1,
          s.count(
              "SELECT COUNT(*) FROM quiz_attempts WHERE user_id = ? AND status = 'SUBMITTED'",
              kim.userId()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void item_responses_count_each_learners_first_submitted_attempt_or_all_of_them(TestDatabase db) {
    try (Setup s = new Setup(db)) {
      LaunchSession a = s.learner("a");
      LaunchSession b = s.learner("b");
      Attempt aFirst = s.attemptWith(a, false);
      Attempt aSecond = s.attemptWith(a, true);
      Attempt bOnly = s.attemptWith(b, true);
      s.attempts.answer(
          s.attempts.start(s.learner("c"), s.quiz),
          s.quiz,
          Map.of("first-step", new Answer.Chosen(List.of("gun")))); // open: never counted

      QuizResults results = new QuizResults(s.jdbc);
      List<AttemptResponses> first =
          results.responses(a.resourceLinkId(), AttemptResponses.Counting.FIRST);
      assertEquals(
          List.of(aFirst.id(), bOnly.id()),
          first.stream().map(AttemptResponses::attemptId).toList());
      List<AttemptResponses> all =
          results.responses(a.resourceLinkId(), AttemptResponses.Counting.ALL);
      assertEquals(
          List.of(aFirst.id(), aSecond.id(), bOnly.id()),
          all.stream().map(AttemptResponses::attemptId).toList());

      AttemptResponses wrong = first.get(0);
      assertEquals(a.userId(), wrong.userId());
      // every drawn question is there; the three left blank count as 0 with nothing picked
      assertEquals(s.quiz.questions().size(), wrong.responses().size());
      Map<String, AttemptResponses.Response> byQuestion = new java.util.HashMap<>();
      wrong.responses().forEach(r -> byQuestion.put(r.questionId(), r));
      assertEquals(
          new AttemptResponses.Response(
              "first-step", 0, List.of(new AttemptResponses.Pick(null, "gun"))),
          byQuestion.get("first-step"));
      assertEquals(new AttemptResponses.Response("myth", 0, List.of()), byQuestion.get("myth"));
      assertEquals(0.5, byQuestion.get("tool-effects").score(), 1e-9);
      assertEquals(
          java.util.Set.of(
              new AttemptResponses.Pick("boots", "faster"),
              new AttemptResponses.Pick("ball", "ball")),
          java.util.Set.copyOf(byQuestion.get("tool-effects").picks()));
      assertTrue(
          all.get(1).responses().stream()
              .anyMatch(
                  r -> r.questionId().equals("first-step") && r.score() == 1 && r.picked("sleep")),
          all.get(1).toString());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void option_and_misconception_counts_come_from_submitted_graded_attempts(TestDatabase db) {
    try (Setup s = new Setup(db)) {
      LaunchSession a = s.learner("a");
      LaunchSession b = s.learner("b");
      s.attemptWith(a, false);
      s.attemptWith(b, false);
      s.attemptWith(b, true);
      Attempt open = s.attempts.start(s.learner("c"), s.quiz);
      s.attempts.answer(open, s.quiz, Map.of("first-step", new Answer.Chosen(List.of("gun"))));

      QuizResults results = new QuizResults(s.jdbc);
      List<QuizResults.OptionCount> counts = results.optionCounts(a.resourceLinkId());
      assertTrue(
          counts.contains(
              new QuizResults.OptionCount(
                  "first-step", "gun", false, "tools-replace-basics", 2, 2)),
          counts.toString());
      assertTrue(
          counts.contains(new QuizResults.OptionCount("first-step", "sleep", true, null, 1, 1)),
          counts.toString());
      assertTrue(
          counts.contains(
              new QuizResults.OptionCount(
                  "tool-effects", "faster", false, "tools-speed-adaptation", 3, 3)),
          counts.toString());

      List<QuizResults.MisconceptionCount> tags = results.misconceptionCounts(a.resourceLinkId());
      assertEquals(
          List.of(
                  new QuizResults.MisconceptionCount("tools-replace-basics", 2, 2, 2),
                  new QuizResults.MisconceptionCount("tools-speed-adaptation", 2, 3, 3))
              .stream()
              .sorted(java.util.Comparator.comparing(QuizResults.MisconceptionCount::tag))
              .toList(),
          tags.stream()
              .sorted(java.util.Comparator.comparing(QuizResults.MisconceptionCount::tag))
              .toList());
      assertEquals(3, results.submittedAttempts(a.resourceLinkId()).size());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void recompute_after_a_grading_change_queues_only_the_grades_that_changed(TestDatabase db) {
    try (Setup s = new Setup(db)) {
      LaunchSession a = s.learner("a");
      LaunchSession b = s.learner("b");
      s.attemptWith(a, true); // 0.25
      s.attemptWith(a, false); // 1 of 6 = 0.0833
      s.attemptWith(b, true); // 0.25 only
      long link = a.resourceLinkId();
      assertEquals(0, s.grades.recomputeAndQueue(link), "nothing changed yet");
      assertEquals(
          "Best of 2 attempts: 2.5/10", s.grades.grade(link, a.userId()).orElseThrow().comment());

      s.jdbc.update(
          "INSERT INTO assignment_settings (resource_link_id, grading_method, updated_at) VALUES (?, 'last', ?)",
          link,
          Instant.now());
      assertEquals(
          1, s.grades.recomputeAndQueue(link), "only learner a's grade changes under 'last'");
      QuizGrades.LinkGrade grade = s.grades.grade(link, a.userId()).orElseThrow();
      assertEquals(0.8333, grade.points(), 1e-4);
      assertEquals("Last of 2 attempts: 0.83/10", grade.comment());
      assertEquals(
          0.8333,
          s.jdbc
              .queryOne(
                  "SELECT score_given FROM grade_outbox WHERE user_id = ? AND status = 'PENDING'",
                  r -> r.getBigDecimal(1).doubleValue(),
                  a.userId())
              .orElseThrow(),
          1e-4);

      s.jdbc.update(
          "UPDATE assignment_settings SET points = 20, grading_method = 'average' WHERE resource_link_id = ?",
          link);
      assertEquals(2, s.grades.recomputeAndQueue(link), "new points change everyone's grade");
      assertEquals(0, s.grades.recomputeAndQueue(link));
      assertEquals(
          "Average of 1 attempt: 5/20", s.grades.grade(link, b.userId()).orElseThrow().comment());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void save_and_submit_stores_every_answer_with_its_picks_and_scores_them_together(
      TestDatabase db) {
    try (Setup s = new Setup(db)) {
      LaunchSession eva = s.learner("eva");
      Attempt attempt = s.attempts.start(eva, s.quiz);
      s.attempts.answer(
          attempt, s.quiz, Map.of("heavy-legs", new Answer.Chosen(List.of("more-tools"))));
      Map<String, Answer> page = new java.util.LinkedHashMap<>();
      page.put("first-step", new Answer.Chosen(List.of("sleep")));
      page.put("heavy-legs", new Answer.Chosen(List.of("boots")));
      page.put("myth", new Answer.Chosen(List.of("false")));
      page.put("priorities", new Answer.Ordered(List.of("sleep", "fuel", "roller")));
      page.put("tool-effects", new Answer.Matched(Map.of("boots", "boots", "ball", "faster")));
      assertTrue(s.attempts.submit(attempt, s.quiz, page));

      Attempt submitted = s.repository.attempt(attempt.id()).orElseThrow();
      // (1 + 2 x 0.5 + 1 + 1 + 0.5) / 6, the heavy-legs answer replaced by the page's
      assertEquals(0.75, submitted.scoreFraction(), 1e-6);
      assertEquals(
          5, s.count("SELECT COUNT(*) FROM quiz_answers WHERE attempt_id = ?", attempt.id()));
      assertEquals(
          1 + 1 + 1 + 3 + 2,
          s.count("SELECT COUNT(*) FROM quiz_answer_choices WHERE attempt_id = ?", attempt.id()));
      assertEquals(
          0,
          s.count(
              "SELECT COUNT(*) FROM quiz_answer_choices WHERE attempt_id = ? AND option_id = ?",
              attempt.id(),
              "more-tools"),
          "the replaced answer's picks are gone");
      assertEquals(
          3,
          s.count(
              "SELECT COUNT(*) FROM quiz_answer_choices WHERE attempt_id = ? AND question_id = ?"
                  + " AND correct = TRUE",
              attempt.id(),
              "priorities"),
          "each ranking item in its place is a right pick");
      assertEquals(1, s.count("SELECT COUNT(*) FROM grade_outbox WHERE user_id = ?", eva.userId()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void save_and_submit_on_a_submitted_attempt_is_refused_and_saves_nothing(TestDatabase db) {
    try (Setup s = new Setup(db)) {
      Attempt submitted = s.attemptWith(s.learner("max"), true);
      com.recoverylab.web.HttpError refused =
          assertThrows(
              com.recoverylab.web.HttpError.class,
              () ->
                  s.attempts.submit(
                      submitted, s.quiz, Map.of("myth", new Answer.Chosen(List.of("false")))));
      assertEquals(409, refused.status());
      assertEquals(
          0,
          s.count(
              "SELECT COUNT(*) FROM quiz_answers WHERE attempt_id = ? AND question_id = 'myth'",
              submitted.id()));
      assertEquals(
          1, s.count("SELECT COUNT(*) FROM grade_outbox WHERE user_id = ?", submitted.userId()));
    }
  }

  @org.junit.jupiter.api.Test
  void a_learners_graded_attempts_on_a_link_are_read_through_an_index_on_the_learner() {
    try (Setup s = new Setup(TestDatabases.h2())) {
      LaunchSession one = s.learner("one");
      for (int i = 0; i < 3; i++) {
        s.attemptWith(s.learner("class-" + i), i % 2 == 0);
      }
      s.attemptWith(one, true);
      long link = one.resourceLinkId();
      // H2 planned these through the (link, mode, status) index: every submitted attempt of the
      // class
      String fractions = plan(s, QuizRepository.SUBMITTED_GRADED_FRACTIONS, link, one.userId());
      String count = plan(s, QuizRepository.SUBMITTED_GRADED_COUNT, one.userId(), link);
      for (String plan : List.of(fractions, count)) {
        String index = plan.substring(plan.indexOf("/*"), plan.indexOf("*/"));
        assertTrue(index.contains("USER_ID ="), "index condition without the learner: " + plan);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void the_start_pages_newest_attempts_are_read_newest_first_without_the_older_ones(
      TestDatabase db) {
    try (Setup s = new Setup(db)) {
      LaunchSession one = s.learner("one");
      Instant started = Instant.parse("2026-03-01T08:00:00Z");
      List<Long> made = new java.util.ArrayList<>();
      for (int i = 0; i < 40; i++) {
        made.add(
            s.repository.insertAttempt(
                one.userId(),
                one.courseId(),
                one.resourceLinkId(),
                "back-to-back",
                AttemptMode.PRACTICE,
                null,
                AttemptLayout.draw(s.quiz, false, 0, i),
                i,
                Attempt.PRACTICE_FEEDBACK,
                10,
                started.plusSeconds(i)));
      }
      java.util.Collections.reverse(made);
      List<Attempt> newest =
          s.repository.attempts(
              one.userId(), one.courseId(), "back-to-back", one.resourceLinkId(), 11);
      assertEquals(made.subList(0, 11), newest.stream().map(Attempt::id).toList());
      if (!s.database.isPostgres()) {
        // in the index's order the read stops after the eleven it returns: a learner's hundredth
        // attempt costs the start page what the tenth did
        String plan =
            String.join(
                "\n",
                s.jdbc.query(
                    "EXPLAIN ANALYZE "
                        + QuizRepository.HISTORY.replace(
                            "FETCH FIRST ? ROWS", "FETCH FIRST 11 ROWS"),
                    r -> r.getString(1),
                    one.userId(),
                    one.courseId(),
                    "back-to-back",
                    one.resourceLinkId()));
        java.util.regex.Matcher scanned =
            java.util.regex.Pattern.compile("scanCount: (\\d+)").matcher(plan);
        assertTrue(scanned.find(), plan);
        assertTrue(Integer.parseInt(scanned.group(1)) <= 12, plan);
      }
    }
  }

  private static String plan(Setup s, String sql, Object... params) {
    return String.join("\n", s.jdbc.query("EXPLAIN " + sql, r -> r.getString(1), params));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void a_submit_tells_each_revealed_misconception_once_inside_its_transaction(TestDatabase db) {
    try (Setup s = new Setup(db)) {
      List<RevealedMisconceptions.SubmittedAttempt> told = new ArrayList<>();
      QuizAttempts attempts =
          new QuizAttempts(
              s.jdbc,
              s.repository,
              s.grades,
              attempt -> {
                // inside the submit: the attempt is already marked submitted on this transaction's
                // connection
                assertEquals(
                    1,
                    s.count(
                        "SELECT COUNT(*) FROM quiz_attempts WHERE user_id = ? AND status = 'SUBMITTED'",
                        attempt.userId()));
                told.add(attempt);
              },
              Clock.systemUTC());
      LaunchSession zoe = s.learner("zoe");
      Attempt attempt = attempts.start(zoe, s.quiz);
      attempts.answer(
          attempt,
          s.quiz,
          Map.of(
              "first-step", new Answer.Chosen(List.of("gun")),
              "myth", new Answer.Chosen(List.of("true")),
              "tool-effects", new Answer.Matched(Map.of("boots", "faster", "ball", "ball")),
              "priorities", new Answer.Ordered(List.of("roller", "fuel", "sleep")),
              "heavy-legs", new Answer.Chosen(List.of("boots", "compression"))));
      assertTrue(attempts.submit(attempt, s.quiz));
      assertFalse(attempts.submit(attempt, s.quiz), "a second submit tells nothing again");

      assertEquals(1, told.size(), told.toString());
      RevealedMisconceptions.SubmittedAttempt seen = told.get(0);
      assertEquals(zoe.userId(), seen.userId());
      assertEquals(zoe.courseId(), seen.courseId());
      assertEquals("back-to-back", seen.quizId());
      Map<String, String> questionByTag = new java.util.HashMap<>();
      seen.revealed().forEach(r -> questionByTag.put(r.tag(), r.questionId()));
      assertEquals(
          Set.of("tools-replace-basics", "tools-speed-adaptation"),
          questionByTag.keySet(),
          "each tag once; the right multiple-response answer reveals nothing");
      assertTrue(
          Set.of("first-step", "priorities").contains(questionByTag.get("tools-replace-basics")));
      assertTrue(
          Set.of("myth", "tool-effects").contains(questionByTag.get("tools-speed-adaptation")));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void a_failing_misconception_listener_leaves_the_attempt_open_and_queues_no_grade(
      TestDatabase db) {
    try (Setup s = new Setup(db)) {
      QuizAttempts attempts =
          new QuizAttempts(
              s.jdbc,
              s.repository,
              s.grades,
              attempt -> {
                throw new IllegalStateException("listener failed");
              },
              Clock.systemUTC());
      LaunchSession max = s.learner("max");
      Attempt attempt = attempts.start(max, s.quiz);
      attempts.answer(attempt, s.quiz, Map.of("first-step", new Answer.Chosen(List.of("gun"))));
      assertThrows(IllegalStateException.class, () -> attempts.submit(attempt, s.quiz));
      assertEquals(
          1,
          s.count(
              "SELECT COUNT(*) FROM quiz_attempts WHERE id = ? AND status = 'IN_PROGRESS'",
              attempt.id()),
          "nothing half-written: the attempt is still open");
      assertEquals(0, s.count("SELECT COUNT(*) FROM grade_outbox WHERE user_id = ?", max.userId()));
    }
  }
}
