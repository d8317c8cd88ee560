package com.recoverylab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.lti.launch.LaunchData;
import com.recoverylab.lti.launch.LaunchFacts;
import com.recoverylab.lti.launch.LaunchRecorder;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HousekeepingTest {

  @Test
  void expired_sessions_are_removed_and_live_ones_kept() {
    var db = TestDatabases.h2();
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 2)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), false);
      long platformId =
          new PlatformRepository(jdbc)
              .insert(new Platform(0, "https://lms", "c", null, "a", "t", "j"), Instant.now())
              .id();
      Instant launchedAt = Instant.parse("2026-11-28T08:00:00Z");
      LaunchSessions sessions =
          new LaunchSessions(
              new LaunchSessionRepository(jdbc), Clock.fixed(launchedAt, ZoneOffset.UTC));
      LaunchSession old =
          new LaunchRecorder(jdbc, sessions, Clock.fixed(launchedAt, ZoneOffset.UTC))
              .record(
                  new LaunchFacts(
                      platformId,
                      "1",
                      "u",
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
      LaunchSessions later =
          new LaunchSessions(
              new LaunchSessionRepository(jdbc),
              Clock.fixed(launchedAt.plus(Duration.ofHours(9)), ZoneOffset.UTC));
      LaunchSession fresh =
          later.start(
              platformId,
              old.userId(),
              old.courseId(),
              old.resourceLinkId(),
              Role.LEARNER,
              "Sam",
              "{}");

      assertEquals(1, later.deleteExpired(), "the 9-hour-old session is past its 8 hours");
      LaunchSessionRepository repository = new LaunchSessionRepository(jdbc);
      assertTrue(repository.find(old.id()).isEmpty());
      assertTrue(repository.find(fresh.id()).isPresent());
    }
  }

  @Test
  void a_failing_task_does_not_stop_the_others() throws Exception {
    CountDownLatch ran = new CountDownLatch(2);
    AtomicInteger good = new AtomicInteger();
    try (Housekeeping housekeeping =
        new Housekeeping(
            List.of(
                new Housekeeping.Task(
                    "broken",
                    () -> {
                      ran.countDown();
                      throw new IllegalStateException("database gone");
                    }),
                new Housekeeping.Task(
                    "good",
                    () -> {
                      int runs = good.incrementAndGet();
                      ran.countDown();
                      return runs;
                    })),
            Duration.ofMillis(20))) {
      assertTrue(ran.await(5, TimeUnit.SECONDS));
    }
    assertTrue(good.get() >= 1, "the task after the broken one still ran");
  }
}
