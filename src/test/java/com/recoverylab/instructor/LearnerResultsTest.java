package com.recoverylab.instructor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.content.GradingMethod;
import com.recoverylab.course.CourseRecordRepository;
import com.recoverylab.lti.launch.LaunchData;
import com.recoverylab.lti.launch.LaunchFacts;
import com.recoverylab.lti.launch.LaunchRecorder;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.quiz.QuizResults;
import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.LaunchSessionRepository;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The results aggregates and the learner table built on them give the same answers on H2 and
 * PostgreSQL.
 */
class LearnerResultsTest {

  private static long attempt(
      Jdbc jdbc, LaunchSession s, String status, double fraction, int startMinute, int seconds) {
    Instant started = Instant.parse("2026-02-01T10:00:00Z").plusSeconds(startMinute * 60L);
    boolean submitted = status.equals("SUBMITTED");
    return jdbc.insert(
        "INSERT INTO quiz_attempts (user_id, course_id, resource_link_id, quiz_id, mode, status,"
            + " question_order, seed, feedback, points_possible, started_at, updated_at, submitted_at, score_fraction, points)"
            + " VALUES (?, ?, ?, 'two-runs', 'GRADED', ?, '{}', 1, 'at-end', 10, ?, ?, ?, ?, ?)",
        s.userId(),
        s.courseId(),
        s.resourceLinkId(),
        status,
        started,
        started,
        submitted ? started.plusSeconds(seconds) : null,
        submitted ? fraction : null,
        submitted ? fraction * 10 : null);
  }

  private static void pick(
      Jdbc jdbc, long attemptId, String question, String option, boolean correct, String tag) {
    jdbc.insert(
        "INSERT INTO quiz_answer_choices (attempt_id, question_id, option_id, correct, misconception)"
            + " VALUES (?, ?, ?, ?, ?)",
        attemptId,
        question,
        option,
        correct,
        tag);
    if (jdbc.queryOne(
                "SELECT COUNT(*) FROM quiz_answers WHERE attempt_id = ? AND question_id = ?",
                r -> r.getLong(1),
                attemptId,
                question)
            .orElse(0L)
        == 0) {
      jdbc.update(
          "INSERT INTO quiz_answers (attempt_id, question_id, answer, score, complete, answered_at)"
              + " VALUES (?, ?, '{}', ?, TRUE, ?)",
          attemptId,
          question,
          correct ? 1 : 0,
          Instant.now());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void learners_are_aggregated_filtered_and_paged_in_the_database(TestDatabase db) {
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 4)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), database.isPostgres());
      Platform platform =
          new PlatformRepository(jdbc)
              .insert(
                  new Platform(
                      0,
                      "https://lms",
                      "c1",
                      null,
                      "https://lms/auth",
                      "https://lms/token",
                      "https://lms/jwks"),
                  Instant.now());
      LaunchRecorder recorder =
          new LaunchRecorder(
              jdbc,
              new LaunchSessions(new LaunchSessionRepository(jdbc), Clock.systemUTC()),
              Clock.systemUTC());
      LaunchSession ana = recorder.record(facts(platform, "ana", "Ana 50%_off"));
      LaunchSession ben = recorder.record(facts(platform, "ben", "Ben Back"));
      LaunchSession cat = recorder.record(facts(platform, "cat", "Cat Open"));
      long a1 = attempt(jdbc, ana, "SUBMITTED", 0.25, 0, 125);
      attempt(jdbc, ana, "SUBMITTED", 1.0, 10, 60);
      attempt(jdbc, ana, "SUBMITTED", 0.5, 20, 30);
      long b1 = attempt(jdbc, ben, "SUBMITTED", 0.0, 0, 100);
      attempt(jdbc, cat, "IN_PROGRESS", 0, 0, 0);
      pick(jdbc, a1, "first", "gun", false, "tools-replace-basics");
      pick(jdbc, b1, "first", "gun", false, "tools-replace-basics");
      pick(jdbc, b1, "next", "skip", false, "data-overrules-feel");
      pick(jdbc, b1, "next", "skip", false, "data-overrules-feel");

      QuizResults quizResults = new QuizResults(jdbc);
      LearnerRows results = new LearnerRows(quizResults, new CourseRecordRepository(jdbc));
      long link = ana.resourceLinkId();
      List<StudentRow> rows = results.students(link, LearnerRows.Filter.NONE, 0, 50);
      assertEquals(
          List.of("Ana 50%_off", "Ben Back", "Cat Open"),
          rows.stream().map(StudentRow::name).toList());
      StudentRow anaRow = rows.get(0);
      assertEquals(3, anaRow.attempts());
      assertEquals(1.0, anaRow.best());
      assertEquals(0.5, anaRow.last());
      assertEquals(0.25, anaRow.first());
      assertEquals(0.5833, anaRow.average(), 0.001);
      assertEquals(215, anaRow.seconds());
      assertEquals(1, rows.get(2).inProgress());
      assertEquals(0, rows.get(2).attempts());

      assertEquals(
          List.of("Ben Back"),
          results.students(link, LearnerRows.Filter.NONE, 1, 1).stream()
              .map(StudentRow::name)
              .toList());
      assertEquals(3, results.countStudents(link, LearnerRows.Filter.NONE));
      assertEquals(1, results.countStudents(link, new LearnerRows.Filter("50%_", null)));
      assertEquals(
          0, results.countStudents(link, new LearnerRows.Filter("n%k", null)), "% is literal");
      assertEquals(1, results.countStudents(link, new LearnerRows.Filter(null, Set.of("ben"))));
      assertEquals(0, results.countStudents(link, new LearnerRows.Filter(null, Set.of())));

      assertArrayEquals(
          new int[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 1},
          results.histogram(link, GradingMethod.HIGHEST, LearnerRows.Filter.NONE));
      assertArrayEquals(
          new int[] {1, 0, 1, 0, 0, 0, 0, 0, 0, 0},
          results.histogram(link, GradingMethod.FIRST, LearnerRows.Filter.NONE));

      List<QuizResults.MisconceptionCount> tags = quizResults.misconceptionCounts(link);
      assertEquals(
          "tools-replace-basics",
          tags.get(0).tag(),
          "chosen by two learners, ahead of one learner's two picks");
      assertEquals(2, tags.get(0).learners());
      assertEquals(2, tags.get(1).picks());
      assertTrue(results.startedSubjects(link).containsAll(Set.of("ana", "ben", "cat")));

      assertTrue(quizResults.tookPartIn(ben.userId(), ben.courseId()));
      assertEquals(1, quizResults.removeGradedAttempts(link, ben.userId()));
      assertFalse(results.hasGradedAttempt(link, ben.userId()));
      assertEquals(2, results.countStudents(link, LearnerRows.Filter.NONE));
    }
  }

  private static LaunchFacts facts(Platform platform, String subject, String name) {
    return new LaunchFacts(
        platform.id(),
        "1",
        subject,
        name,
        null,
        null,
        null,
        "course-1",
        "RUN",
        "Running",
        "link-1",
        "Quiz",
        Role.LEARNER,
        "quiz",
        "two-runs",
        null,
        LaunchData.NONE);
  }
}
