package com.recoverylab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.grading.GradeOutboxRepository.Claimed;
import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Claiming due rows in one statement, on H2 and PostgreSQL. */
class GradeOutboxRepositoryTest {
  private static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");
  private static final Instant UNTIL = NOW.plus(Duration.ofMinutes(5));

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void a_claim_takes_at_most_the_limit_oldest_due_first_and_leaves_held_later_and_finished_rows(
      TestDatabase db) {
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 4)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), database.isPostgres());
      Seed seed = new Seed(jdbc);
      // due one to ten minutes ago, the row due longest queued last
      List<Long> due = new ArrayList<>();
      for (int i = 1; i <= 10; i++) {
        due.add(0, seed.row("PENDING", NOW.minus(Duration.ofMinutes(i)), null, null));
      }
      long expiredClaim =
          seed.row("PENDING", NOW.minus(Duration.ofSeconds(30)), "dead-node", NOW.minusSeconds(1));
      long liveClaim =
          seed.row("PENDING", NOW.minus(Duration.ofHours(1)), "other-node", NOW.plusSeconds(60));
      long later = seed.row("PENDING", NOW.plusSeconds(1), null, null);
      long delivered = seed.row("DELIVERED", NOW.minus(Duration.ofHours(2)), null, null);
      GradeOutboxRepository repository = new GradeOutboxRepository(jdbc);

      List<Claimed> first = repository.claimDue("node-a", NOW, UNTIL, 4);
      assertEquals(sorted(due.subList(0, 4)), ids(first), "the four rows due longest");
      assertEquals(
          List.of(1, 1, 1, 1),
          first.stream().map(c -> c.row().tries()).toList(),
          "each claim counts a try");
      assertEquals(
          4L,
          count(jdbc, "claimed_by = 'node-a' AND claim_until IS NOT NULL AND tries = 1"),
          "only the rows returned were claimed");

      List<Claimed> rest = repository.claimDue("node-b", NOW, UNTIL, 50);
      List<Long> expected = new ArrayList<>(due.subList(4, 10));
      expected.add(expiredClaim);
      assertEquals(sorted(expected), ids(rest));
      assertEquals(
          0,
          repository.claimDue("node-c", NOW, UNTIL, 50).size(),
          "nothing left that is due and free");
      assertEquals(
          0L,
          count(jdbc, "id IN (" + liveClaim + ", " + later + ", " + delivered + ") AND tries > 0"));
      assertEquals(List.of(), repository.claimDue("node-c", NOW, UNTIL, 0));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void nodes_claiming_at_once_never_take_the_same_row_or_more_than_they_asked_for(TestDatabase db)
      throws Exception {
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 10)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), database.isPostgres());
      Seed seed = new Seed(jdbc);
      int rows = 150;
      for (int i = 0; i < rows; i++) {
        seed.row("PENDING", NOW.minusSeconds(i % 7), null, null);
      }
      GradeOutboxRepository repository = new GradeOutboxRepository(jdbc);
      Map<Long, String> claimedBy = new ConcurrentHashMap<>();
      List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
      int nodes = 6;
      ExecutorService threads = Executors.newFixedThreadPool(nodes);
      CountDownLatch go = new CountDownLatch(1);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
          String node = "node-" + n;
          int limit = 1 + n % 3;
          done.add(
              threads.submit(
                  () -> {
                    go.await();
                    List<Claimed> got;
                    do {
                      got = repository.claimDue(node, NOW, UNTIL, limit);
                      if (got.size() > limit) {
                        problems.add(node + " asked for " + limit + " and got " + got.size());
                      }
                      for (Claimed each : got) {
                        String before = claimedBy.putIfAbsent(each.row().id(), node);
                        if (before != null) {
                          problems.add(
                              "row " + each.row().id() + " claimed by " + before + " and " + node);
                        }
                      }
                    } while (!got.isEmpty());
                    return null;
                  }));
        }
        go.countDown();
        for (Future<?> each : done) {
          each.get(60, TimeUnit.SECONDS);
        }
      } finally {
        threads.shutdownNow();
      }
      assertTrue(problems.isEmpty(), problems.toString());
      assertEquals(rows, claimedBy.size(), "every due row was claimed");
      assertEquals(
          (long) rows,
          count(jdbc, "tries = 1 AND claimed_by IS NOT NULL"),
          "each row was claimed once");
    }
  }

  /** The rows' ids in ascending order: a claim returns its rows in no particular order. */
  private static List<Long> ids(List<Claimed> claimed) {
    return sorted(claimed.stream().map(c -> c.row().id()).toList());
  }

  private static List<Long> sorted(List<Long> ids) {
    return ids.stream().sorted().toList();
  }

  private static long count(Jdbc jdbc, String where) {
    return jdbc.queryOne("SELECT COUNT(*) FROM grade_outbox WHERE " + where, r -> r.getLong(1))
        .orElseThrow();
  }

  /** A platform, a course and a link, and outbox rows for new learners on it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void a_queued_grade_is_always_newer_than_the_pairs_newest_and_replaces_waiting_ones(
      TestDatabase db) {
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 2)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), database.isPostgres());
      Seed seed = new Seed(jdbc);
      long first = seed.row("DELIVERED", NOW, null, null);
      long user =
          jdbc.queryOne("SELECT user_id FROM grade_outbox WHERE id = ?", r -> r.getLong(1), first)
              .orElseThrow();
      GradeOutbox outbox =
          new GradeOutbox(
              jdbc, new GradeOutboxRepository(jdbc), java.time.Clock.fixed(NOW, ZoneOffset.UTC));

      // the seeded row was graded at NOW
      long same = outbox.enqueue(new PendingGrade(seed.link, user, 6, 10, "", NOW));
      assertEquals(NOW.plusMillis(1), gradedAt(jdbc, same), "same time: 1 ms after the newest");
      long older =
          outbox.enqueue(new PendingGrade(seed.link, user, 7, 10, "", NOW.minusSeconds(60)));
      assertEquals(NOW.plusMillis(2), gradedAt(jdbc, older), "older time: after the newest too");
      long newer =
          outbox.enqueue(new PendingGrade(seed.link, user, 8, 10, "", NOW.plusSeconds(60)));
      assertEquals(NOW.plusSeconds(60), gradedAt(jdbc, newer), "a newer time stays as it is");
      assertEquals(
          List.of("DELIVERED", "SUPERSEDED", "SUPERSEDED", "PENDING"),
          jdbc.query(
              "SELECT status FROM grade_outbox WHERE user_id = ? ORDER BY id",
              r -> r.getString(1),
              user));
      assertEquals(8.0, outbox.lastQueuedGrade(seed.link, user).orElseThrow()[0]);

      // another learner's grades on the link do not move this one's time
      long classmateRow = seed.row("DELIVERED", NOW, null, null);
      long classmate =
          jdbc.queryOne(
                  "SELECT user_id FROM grade_outbox WHERE id = ?", r -> r.getLong(1), classmateRow)
              .orElseThrow();
      long own =
          outbox.enqueue(new PendingGrade(seed.link, classmate, 5, 10, "", NOW.plusSeconds(10)));
      assertEquals(NOW.plusSeconds(10), gradedAt(jdbc, own));
    }
  }

  /**
   * What a delivery refused with 409 asks: is a newer grade of the pair queued, and did an earlier
   * one of the pair reach the platform. Each reads one row, so each is pinned by its answers too.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void a_refused_delivery_finds_the_pairs_newer_grade_and_its_earlier_delivered_one(
      TestDatabase db) {
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 2)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), database.isPostgres());
      Seed seed = new Seed(jdbc);
      GradeOutboxRepository repository = new GradeOutboxRepository(jdbc);
      // a classmate's grade delivered long before: never the learner's
      seed.row("DELIVERED", NOW, null, null);
      long first = seed.row("DELIVERED", NOW, null, null);
      long user =
          jdbc.queryOne("SELECT user_id FROM grade_outbox WHERE id = ?", r -> r.getLong(1), first)
              .orElseThrow();
      jdbc.update(
          "UPDATE grade_outbox SET graded_at = ? WHERE id = ?", NOW.minusSeconds(30), first);
      jdbc.update(
          "UPDATE grade_outbox SET graded_at = ? WHERE resource_link_id = ? AND user_id <> ?",
          NOW.minusSeconds(60),
          seed.link,
          user);
      Map<String, OutboxRow> rows = new LinkedHashMap<>();
      rows.put("first", outboxRow(seed.link, user, NOW.minusSeconds(30)));
      for (String[] grade :
          new String[][] {{"second", "SUPERSEDED", "20"}, {"third", "PENDING", "10"}}) {
        Instant at = NOW.minusSeconds(Long.parseLong(grade[2]));
        seed.grade(user, at, grade[1]);
        rows.put(grade[0], outboxRow(seed.link, user, at));
      }

      assertTrue(repository.hasNewer(rows.get("first")));
      assertTrue(repository.hasNewer(rows.get("second")));
      assertTrue(!repository.hasNewer(rows.get("third")), "the newest grade has none newer");
      assertTrue(
          !repository.hasEarlierDelivered(rows.get("first")),
          "only the classmate's delivered grade is earlier");
      assertTrue(repository.hasEarlierDelivered(rows.get("second")));
      assertTrue(
          repository.hasEarlierDelivered(rows.get("third")),
          "the superseded grade between does not hide the delivered one");
    }
  }

  private static OutboxRow outboxRow(long link, long user, Instant gradedAt) {
    return new OutboxRow(0, link, user, 5, 10, "", gradedAt, 1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void the_pairs_reads_on_the_submit_and_delivery_paths_read_a_row_not_the_learners_history(
      TestDatabase db) {
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 2)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), database.isPostgres());
      Seed seed = new Seed(jdbc);
      long user = 0;
      for (int learner = 0; learner < 40; learner++) {
        long row = seed.row("DELIVERED", NOW, null, null);
        user =
            jdbc.queryOne("SELECT user_id FROM grade_outbox WHERE id = ?", r -> r.getLong(1), row)
                .orElseThrow();
        for (int i = 1; i < 25; i++) {
          seed.grade(user, NOW.minusSeconds(i), i % 5 == 0 ? "SUPERSEDED" : "DELIVERED");
        }
      }
      if (database.isPostgres()) {
        jdbc.update("ANALYZE grade_outbox");
      }
      // Each of the pair's reads on the submit and delivery paths reads a row or two, not the
      // learner's 25 grades (nor the class's 1,000 on the link). Parameters: link, user[, time].
      Map<String, String> reads = new LinkedHashMap<>();
      reads.put("supersede", GradeOutboxRepository.SUPERSEDE_PENDING);
      reads.put(
          "the INSERT's newest time",
          "SELECT COUNT(*) FROM (VALUES (1)) one_row LEFT JOIN ("
              + (database.isPostgres()
                  ? GradeOutboxRepository.NEWEST_GRADED_AT
                  : GradeOutboxRepository.NEWEST_GRADED_AT_H2)
              + ") newest ON TRUE");
      reads.put("newest time", GradeOutboxRepository.NEWEST_GRADED_AT);
      reads.put("newest state", GradeOutboxRepository.NEWEST_STATE);
      reads.put("a newer grade", GradeOutboxRepository.HAS_NEWER);
      reads.put("an earlier delivered grade", GradeOutboxRepository.HAS_EARLIER_DELIVERED);
      Instant middle = NOW.minusSeconds(12);
      for (Map.Entry<String, String> read : reads.entrySet()) {
        String sql = read.getValue();
        Object[] params =
            sql.contains("graded_at > ?") || sql.contains("graded_at < ?")
                ? new Object[] {seed.link, user, middle}
                : new Object[] {seed.link, user};
        String plan =
            String.join(
                    "\n",
                    jdbc.query(
                        (database.isPostgres() ? "EXPLAIN " : "EXPLAIN ANALYZE ") + sql,
                        r -> r.getString(1),
                        params))
                .toLowerCase(java.util.Locale.ROOT);
        if (database.isPostgres()) {
          // PostgreSQL chooses by its statistics (with no grade waiting, superseding may as well
          // look up the waiting ones by status); it must not read the table through
          assertTrue(!plan.contains("seq scan"), read.getKey() + ": " + plan);
          if (read.getKey().startsWith("newest")) {
            assertTrue(
                plan.contains("grade_outbox_pair")
                    && plan.contains("index cond: ((resource_link_id = ")
                    && plan.contains("user_id = "),
                read.getKey() + ": " + plan);
          }
          if (read.getKey().equals("newest time")) {
            // for the state, PostgreSQL may as well sort the pair's few rows it reads; here it
            // must not: this read runs on every submit
            assertTrue(!plan.contains("sort"), plan);
          }
        } else {
          java.util.regex.Matcher scans =
              java.util.regex.Pattern.compile("scancount: (\\d+)").matcher(plan);
          while (scans.find()) {
            assertTrue(
                Integer.parseInt(scans.group(1)) <= 2,
                read.getKey() + " read more than the row it needs:\n" + plan);
          }
          assertTrue(!plan.contains("constraint_"), read.getKey() + ": " + plan);
        }
      }
    }
  }

  @Test
  void the_h2_claim_reads_due_rows_in_index_order_and_claims_them_by_primary_key() {
    TestDatabase db = TestDatabases.h2();
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 2)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), false);
      Seed seed = new Seed(jdbc);
      List<Long> due = new ArrayList<>();
      // a small backlog: here H2 preferred the due index for the claim's update
      for (int i = 0; i < 30; i++) {
        due.add(seed.row("PENDING", NOW.minusSeconds(i), null, null));
        seed.row("DELIVERED", NOW.minusSeconds(i), null, null);
      }
      String select =
          String.join(
              "\n",
              jdbc.query("EXPLAIN " + GradeOutboxRepository.DUE, r -> r.getString(1), NOW, NOW, 8));
      // the due look walks the (status, next_try_at) index in order and stops at the limit (H2
      // sorts only rows due at the same instant by id: "index sorted: 2 of 3 columns")
      assertTrue(
          select.contains("GRADE_OUTBOX_DUE: STATUS = 'PENDING'")
              && select.contains("/* index sorted"),
          select);
      Object[] params = new Object[12];
      params[0] = "node";
      params[1] = UNTIL;
      for (int i = 0; i < 8; i++) {
        params[i + 2] = due.get(i);
      }
      params[10] = NOW;
      params[11] = NOW;
      String claim =
          String.join(
              "\n",
              jdbc.query(
                  "EXPLAIN " + GradeOutboxRepository.claimH2(8), r -> r.getString(1), params));
      // the found rows are looked up by primary key, not by walking every pending row again
      assertTrue(claim.contains("PRIMARY_KEY") && !claim.contains("GRADE_OUTBOX_DUE"), claim);
    }
  }

  private static Instant gradedAt(Jdbc jdbc, long id) {
    return jdbc.queryOne(
            "SELECT graded_at FROM grade_outbox WHERE id = ?",
            r -> Jdbc.instant(r, "graded_at"),
            id)
        .orElseThrow();
  }

  private static final class Seed {
    private final Jdbc jdbc;
    private final long platform;
    private final long link;
    private int learners;

    Seed(Jdbc jdbc) {
      this.jdbc = jdbc;
      platform =
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
      link =
          jdbc.insert(
              "INSERT INTO resource_links (course_id, link_id, created_at, updated_at)"
                  + " VALUES (?, 'l', ?, ?)",
              course,
              NOW,
              NOW);
    }

    /** Another grade of {@code user} on the link, due now. */
    void grade(long user, Instant gradedAt, String status) {
      jdbc.update(
          "INSERT INTO grade_outbox (resource_link_id, user_id, score_given, score_maximum,"
              + " comment, graded_at, status, tries, next_try_at, created_at)"
              + " VALUES (?, ?, 5, 10, '', ?, ?, 0, ?, ?)",
          link,
          user,
          gradedAt,
          status,
          NOW,
          NOW);
    }

    long row(String status, Instant nextTry, String claimedBy, Instant claimUntil) {
      long user =
          jdbc.insert(
              "INSERT INTO users (platform_id, subject, created_at, updated_at) VALUES (?, ?, ?, ?)",
              platform,
              "learner-" + ++learners,
              NOW,
              NOW);
      return jdbc.insert(
          "INSERT INTO grade_outbox (resource_link_id, user_id, score_given, score_maximum, comment,"
              + " graded_at, status, tries, next_try_at, created_at, claimed_by, claim_until)"
              + " VALUES (?, ?, 5, 10, '', ?, ?, 0, ?, ?, ?, ?)",
          link,
          user,
          NOW,
          status,
          nextTry,
          NOW.minus(Duration.ofDays(1)),
          claimedBy,
          claimUntil);
    }
  }
}
