package com.recoverylab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Nodes of a fresh deployment start together and each runs the migrations; on PostgreSQL Flyway
 * holds an advisory lock while it migrates, so each migration is applied once.
 */
class ConcurrentMigrationTest {

  @Test
  void nodes_starting_together_on_an_empty_database_apply_each_migration_once() throws Exception {
    TestDatabase db = TestDatabases.postgres();
    int nodes = 3;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(nodes);
    List<Future<Database>> starts = new ArrayList<>();
    try {
      for (int i = 0; i < nodes; i++) {
        starts.add(
            pool.submit(
                () -> {
                  go.await();
                  return Database.open(db.url(), db.user(), db.password(), db.url(), 2);
                }));
      }
      go.countDown();
      List<Database> opened = new ArrayList<>();
      for (Future<Database> start : starts) {
        opened.add(start.get(2, TimeUnit.MINUTES));
      }
      Jdbc jdbc = new Jdbc(opened.get(0).dataSource(), true);
      List<String> versions =
          jdbc.query(
              "SELECT version FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank",
              row -> row.getString("version"));
      // a new database gets the baseline script (B), and only V scripts above it
      assertFalse(versions.isEmpty(), "nothing applied");
      assertEquals(
          versions.stream().distinct().count(),
          versions.size(),
          "applied more than once: " + versions);
      assertEquals(
          0L,
          jdbc.queryOne(
                  "SELECT COUNT(*) AS n FROM flyway_schema_history WHERE NOT success",
                  row -> row.getLong("n"))
              .orElseThrow());
      opened.forEach(Database::close);
    } finally {
      pool.shutdownNow();
    }
  }
}
