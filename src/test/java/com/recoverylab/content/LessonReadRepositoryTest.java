package com.recoverylab.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.recoverylab.lti.launch.LaunchData;
import com.recoverylab.lti.launch.LaunchFacts;
import com.recoverylab.lti.launch.LaunchRecorder;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.LaunchSessionRepository;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LessonReadRepositoryTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void only_the_first_read_is_kept_per_user_course_and_lesson(TestDatabase db) {
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
      LaunchSession session =
          new LaunchRecorder(
                  jdbc,
                  new LaunchSessions(new LaunchSessionRepository(jdbc), Clock.systemUTC()),
                  Clock.systemUTC())
              .record(
                  new LaunchFacts(
                      platform.id(),
                      "1",
                      "u1",
                      "Sam",
                      null,
                      null,
                      null,
                      "c",
                      null,
                      null,
                      "l",
                      null,
                      Role.LEARNER,
                      null,
                      null,
                      null,
                      LaunchData.NONE));
      LessonReadRepository reads = new LessonReadRepository(jdbc);
      Instant first = Instant.parse("2026-03-01T08:00:00Z");

      reads.markRead(session.userId(), session.courseId(), "limits", first);
      reads.markRead(session.userId(), session.courseId(), "limits", first.plusSeconds(60));
      reads.markRead(session.userId(), session.courseId(), "the-tools", first.plusSeconds(90));

      assertEquals(
          Set.of("limits", "the-tools"), reads.readLessons(session.userId(), session.courseId()));
      assertEquals(Set.of(), reads.readLessons(session.userId(), session.courseId() + 1));
      assertEquals(
          first,
          jdbc.queryOne(
                  "SELECT first_read_at FROM lesson_reads WHERE lesson_id = 'limits'",
                  row -> Jdbc.instant(row, "first_read_at"))
              .orElseThrow());
    }
  }
}
