package com.recoverylab.grading;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.MovableClock;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GradeMetricsTest {

  @ParameterizedTest
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void waiting_grades_are_counted_on_every_scrape_and_settled_ones_at_most_every_30_seconds(
      TestDatabase db) {
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 2)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), database.isPostgres());
      MovableClock clock = new MovableClock();
      long row = GradeDeliveryWorkerTest.seedRow(jdbc, clock);
      GradeMetrics metrics = new GradeMetrics(new GradeOutboxRepository(jdbc), "node-a", clock);

      String first = metrics.render();
      assertTrue(first.contains("recovery_lab_grades{status=\"pending\"} 1\n"), first);
      assertTrue(first.contains("recovery_lab_grades{status=\"delivered\"} 0\n"), first);

      jdbc.update("UPDATE grade_outbox SET status = 'DELIVERED' WHERE id = ?", row);
      clock.advance(GradeMetrics.SETTLED_REUSE.minusSeconds(1));
      String soon = metrics.render();
      assertTrue(soon.contains("recovery_lab_grades{status=\"pending\"} 0\n"), soon);
      assertTrue(soon.contains("recovery_lab_grades{status=\"delivered\"} 0\n"), soon);

      clock.advance(Duration.ofSeconds(2));
      String later = metrics.render();
      assertTrue(later.contains("recovery_lab_grades{status=\"delivered\"} 1\n"), later);
      assertTrue(later.contains("recovery_lab_grades{status=\"failed\"} 0\n"), later);
      assertTrue(later.contains("recovery_lab_grades{status=\"superseded\"} 0\n"), later);
    }
  }

  @Test
  void the_waiting_count_walks_the_status_index_not_the_table() {
    TestDatabase db = TestDatabases.h2();
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 2)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), false);
      String plan =
          String.join(
              "\n",
              jdbc.query(
                  "EXPLAIN " + GradeOutboxRepository.countByStatusSql(2),
                  r -> r.getString(1),
                  "PENDING",
                  "FAILED"));
      assertTrue(plan.contains("GRADE_OUTBOX_DUE"), plan);
    }
  }
}
