package com.recoverylab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker's retry window and backoff, with a clock the test moves. */
class GradeDeliveryWorkerTest {

  private static final class MovableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-11-02T08:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  /** A platform that stays down: every try is a passing failure. */
  private static final class DownPlatform implements GradeChannel {
    @Override
    public boolean serves(OutboxRow row) {
      return true;
    }

    @Override
    public DeliveryResult deliver(OutboxRow row) {
      return new DeliveryResult.RetryLater(
          "The platform could not take the score now (HTTP 503: down)", null);
    }
  }

  private static GradeDeliveryWorker.Settings settings(Duration retryFor) {
    return new GradeDeliveryWorker.Settings(
        retryFor, 2, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(5));
  }

  @Test
  void backoff_doubles_per_try_with_jitter_and_stops_growing_at_an_hour() {
    GradeDeliveryWorker worker =
        new GradeDeliveryWorker(
            null,
            null,
            List.of(),
            new GradeMetrics(null, "n", Clock.systemUTC()),
            settings(Duration.ofHours(1)),
            Clock.systemUTC());
    try {
      for (int i = 0; i < 50; i++) {
        long first = worker.backoff(1).toMillis();
        long third = worker.backoff(3).toMillis();
        assertTrue(first >= 2500 && first <= 5000, "first wait: " + first);
        assertTrue(third >= 10_000 && third <= 20_000, "third wait: " + third);
        long late = worker.backoff(40).toMillis();
        assertTrue(late >= 1_800_000 && late <= 3_600_000, "capped: " + late);
      }
    } finally {
      worker.close();
    }
  }

  @Test
  void a_grade_still_failing_when_the_retry_window_ends_fails_with_the_last_problem()
      throws Exception {
    TestDatabase db = TestDatabases.h2();
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 4)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), false);
      MovableClock clock = new MovableClock();
      long row = seedRow(jdbc, clock);
      GradeOutboxRepository repository = new GradeOutboxRepository(jdbc);
      GradeDeliveryWorker worker =
          new GradeDeliveryWorker(
              repository,
              new LineItemUpdateRepository(jdbc),
              List.of(new DownPlatform()),
              new GradeMetrics(repository, "node-a", Clock.systemUTC()),
              settings(Duration.ofHours(168)),
              clock);
      try {
        int rounds = 0;
        while (status(jdbc, row).equals("PENDING") && rounds++ < 60) {
          worker.poll();
          worker.awaitIdle(Duration.ofSeconds(5));
          clock.advance(Duration.ofHours(6));
        }
        assertEquals("FAILED", status(jdbc, row));
        String error =
            jdbc.queryOne(
                    "SELECT last_error FROM grade_outbox WHERE id = ?", r -> r.getString(1), row)
                .orElseThrow();
        assertTrue(
            error.startsWith("Gave up after ")
                && error.contains(
                    " tries over 168 hours. Last problem: The"
                        + " platform could not take the score now (HTTP 503: down)"),
            error);
        assertTrue(rounds > 10, "kept trying for the whole window: " + rounds);
      } finally {
        worker.close();
      }
    }
  }

  /** A platform that takes every score a little later, as a real one over the network. */
  private static final class QuickPlatform implements GradeChannel {
    final java.util.concurrent.atomic.AtomicInteger scores =
        new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public boolean serves(OutboxRow row) {
      return true;
    }

    @Override
    public DeliveryResult deliver(OutboxRow row) {
      try {
        Thread.sleep(5); // plays network latency, not a wait for something
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      scores.incrementAndGet();
      return new DeliveryResult.Delivered();
    }
  }

  @Test
  void a_backlog_larger_than_the_concurrency_is_sent_without_waiting_an_interval_per_batch()
      throws Exception {
    TestDatabase db = TestDatabases.h2();
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 4)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), false);
      Clock clock = Clock.systemUTC();
      long first = seedRow(jdbc, clock);
      long link =
          jdbc.queryOne(
                  "SELECT resource_link_id FROM grade_outbox WHERE id = ?",
                  r -> r.getLong(1),
                  first)
              .orElseThrow();
      GradeOutbox outbox = new GradeOutbox(jdbc, new GradeOutboxRepository(jdbc), clock);
      Instant now = clock.instant();
      for (int i = 1; i < 40; i++) {
        long user =
            jdbc.insert(
                "INSERT INTO users (platform_id, subject, created_at, updated_at)"
                    + " SELECT platform_id, ?, ?, ? FROM users WHERE subject = 'u'",
                "learner-" + i,
                now,
                now);
        outbox.enqueue(new PendingGrade(link, user, 5, 10, null, now));
      }
      GradeOutboxRepository repository = new GradeOutboxRepository(jdbc);
      QuickPlatform platform = new QuickPlatform();
      // concurrency 2 and one look per 2 s: batch by batch, 40 grades would take 40 s
      GradeDeliveryWorker worker =
          new GradeDeliveryWorker(
                  repository,
                  new LineItemUpdateRepository(jdbc),
                  List.of(platform),
                  new GradeMetrics(repository, "node-a", Clock.systemUTC()),
                  new GradeDeliveryWorker.Settings(
                      Duration.ofHours(1),
                      2,
                      Duration.ofSeconds(2),
                      Duration.ofSeconds(5),
                      Duration.ofMinutes(5)),
                  clock)
              .start();
      try {
        DeliveryScenario.await(
            () -> platform.scores.get() == 40,
            Duration.ofSeconds(12),
            () -> platform.scores.get() + " of 40 grades sent");
        assertEquals(
            40L,
            jdbc.queryOne(
                    "SELECT COUNT(*) FROM grade_outbox WHERE status = 'DELIVERED'",
                    r -> r.getLong(1))
                .orElseThrow());
      } finally {
        worker.close();
      }
    }
  }

  private static String status(Jdbc jdbc, long row) {
    return jdbc.queryOne("SELECT status FROM grade_outbox WHERE id = ?", r -> r.getString(1), row)
        .orElseThrow();
  }

  static long seedRow(Jdbc jdbc, Clock clock) {
    Instant now = clock.instant();
    long platform =
        jdbc.insert(
            "INSERT INTO platforms (issuer, client_id, created_at) VALUES ('https://lms', 'c', ?)",
            now);
    long user =
        jdbc.insert(
            "INSERT INTO users (platform_id, subject, created_at, updated_at) VALUES (?, 'u', ?, ?)",
            platform,
            now,
            now);
    long course =
        jdbc.insert(
            "INSERT INTO courses (platform_id, deployment_id, context_id, created_at, updated_at)"
                + " VALUES (?, '1', 'c', ?, ?)",
            platform,
            now,
            now);
    long link =
        jdbc.insert(
            "INSERT INTO resource_links (course_id, link_id, created_at, updated_at)"
                + " VALUES (?, 'l', ?, ?)",
            course,
            now,
            now);
    return new GradeOutbox(jdbc, new GradeOutboxRepository(jdbc), clock)
        .enqueue(new PendingGrade(link, user, 5, 10, null, now));
  }
}
