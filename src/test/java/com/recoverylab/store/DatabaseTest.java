package com.recoverylab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.testing.TestDatabases.TestDatabase;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The schema and the JDBC helper behave the same on H2 and PostgreSQL. */
class DatabaseTest {

  private static Database open(TestDatabase db) {
    return Database.open(db.url(), db.user(), db.password(), db.url(), 4);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void migrations_create_the_schema_and_inserts_return_ids(TestDatabase db) {
    try (Database database = open(db)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), database.isPostgres());
      assertEquals(db.kind().equals("postgresql"), jdbc.isPostgres());
      long id =
          jdbc.insert(
              "INSERT INTO platforms (issuer, client_id, created_at) VALUES (?, ?, ?)",
              "https://moodle.example.edu",
              "client-1",
              Instant.parse("2026-11-28T10:00:00Z"));
      assertTrue(id > 0);
      Instant created =
          jdbc.queryOne(
                  "SELECT created_at FROM platforms WHERE id = ?",
                  row -> Jdbc.instant(row, "created_at"),
                  id)
              .orElseThrow();
      assertEquals(Instant.parse("2026-11-28T10:00:00Z"), created);
      assertTrue(database.isReachable());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void a_failing_transaction_leaves_nothing_behind(TestDatabase db) {
    try (Database database = open(db)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), database.isPostgres());
      assertThrows(
          IllegalStateException.class,
          () ->
              jdbc.inTransaction(
                  () -> {
                    jdbc.insert(
                        "INSERT INTO platforms (issuer, client_id, created_at) VALUES (?, ?, ?)",
                        "https://a.example",
                        "c",
                        Instant.now());
                    throw new IllegalStateException("second write failed");
                  }));
      assertEquals(
          0L,
          jdbc.queryOne("SELECT COUNT(*) AS n FROM platforms", row -> row.getLong("n"))
              .orElseThrow());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void duplicate_keys_are_recognisable(TestDatabase db) {
    try (Database database = open(db)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), database.isPostgres());
      jdbc.insert(
          "INSERT INTO platforms (issuer, client_id, created_at) VALUES (?, ?, ?)",
          "i",
          "c",
          Instant.now());
      Jdbc.DataAccessException e =
          assertThrows(
              Jdbc.DataAccessException.class,
              () ->
                  jdbc.insert(
                      "INSERT INTO platforms (issuer, client_id, created_at) VALUES (?, ?, ?)",
                      "i",
                      "c",
                      Instant.now()));
      assertTrue(e.isUniqueViolation(), e.sqlState());
    }
  }

  @Test
  void unreachable_database_stops_the_start_with_one_line_naming_the_url_without_password() {
    StartupException e =
        assertThrows(
            StartupException.class,
            () ->
                Database.open(
                    "jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2",
                    "x",
                    "hunter2",
                    "jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2",
                    2));
    assertTrue(
        e.getMessage()
            .startsWith("Cannot connect to database jdbc:postgresql://127.0.0.1:1/nowhere"),
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }
}
