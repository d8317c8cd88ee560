package com.recoverylab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * H2 connections keep their prepared statements between uses ({@link StatementCache}), with H2's
 * own statement cache off: what a repository reads must still be what is stored, whatever the
 * statement ran before.
 */
class StatementCacheTest {
  private static final String INSERT =
      "INSERT INTO platforms (issuer, client_id, created_at) VALUES (?, ?, ?)";
  private static final String CLIENT_OF = "SELECT client_id FROM platforms WHERE issuer = ?";

  /** A pool of two connections (the migration needs both). */
  private static Database open() {
    TestDatabase db = TestDatabases.h2();
    return Database.open(db.url(), db.user(), db.password(), db.url(), 2);
  }

  @Test
  void h2_keeps_no_statements_of_its_own_so_writes_walk_no_cache() throws SQLException {
    try (Database database = open();
        Connection connection = database.dataSource().getConnection();
        PreparedStatement setting =
            connection.prepareStatement(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                    + " WHERE SETTING_NAME = 'QUERY_CACHE_SIZE'");
        ResultSet row = setting.executeQuery()) {
      assertTrue(row.next());
      assertEquals("0", row.getString(1));
    }
  }

  @Test
  void a_connection_runs_the_same_sql_with_the_statement_it_kept() throws SQLException {
    StatementCache cache = new StatementCache(8);
    try (Database database = open();
        Connection held = database.dataSource().getConnection()) {
      // with the other connection held, both borrows get the same one
      PreparedStatement first;
      PreparedStatement second;
      try (Connection borrowed = database.dataSource().getConnection()) {
        first = cache.run(borrowed, CLIENT_OF, false, new Object[] {"a"}, s -> s);
      }
      try (Connection borrowedAgain = database.dataSource().getConnection()) {
        second = cache.run(borrowedAgain, CLIENT_OF, false, new Object[] {"b"}, s -> s);
      }
      assertSame(first, second, "one connection, borrowed twice");
      assertEquals(1, cache.connections());
    }
  }

  @Test
  void reads_see_writes_made_since_the_statement_last_ran_in_and_outside_the_transaction() {
    try (Database database = open()) {
      Jdbc jdbc = new Jdbc(database.dataSource(), false);
      jdbc.insert(INSERT, "https://a.example", "one", Instant.now());
      assertEquals(List.of("one"), clientOf(jdbc, "https://a.example"));
      jdbc.inTransaction(
          () -> {
            assertEquals(List.of("one"), clientOf(jdbc, "https://a.example"));
            jdbc.update(
                "UPDATE platforms SET client_id = ? WHERE issuer = ?", "two", "https://a.example");
            assertEquals(List.of("two"), clientOf(jdbc, "https://a.example"), "own write");
            return null;
          });
      // a write on another connection of the pool, while this one keeps its statement
      Jdbc other = new Jdbc(database.dataSource(), false);
      jdbc.inTransaction(
          () -> {
            assertEquals(List.of("two"), clientOf(jdbc, "https://a.example"));
            Thread writer =
                new Thread(
                    () ->
                        other.update(
                            "UPDATE platforms SET client_id = ? WHERE issuer = ?",
                            "three",
                            "https://a.example"));
            writer.start();
            try {
              writer.join();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return null;
          });
      assertEquals(List.of("three"), clientOf(jdbc, "https://a.example"), "another's commit");
    }
  }

  @Test
  void the_same_sql_inside_a_row_mapper_gets_a_statement_of_its_own() {
    try (Database database = open()) {
      Jdbc jdbc = new Jdbc(database.dataSource(), false);
      jdbc.insert(INSERT, "https://a.example", "https://b.example", Instant.now());
      jdbc.insert(INSERT, "https://b.example", "last", Instant.now());
      // the outer read's rows stay open while the mapper runs the same SELECT
      List<String> chain =
          jdbc.inTransaction(
              () ->
                  jdbc.query(
                      CLIENT_OF,
                      row -> {
                        String next = row.getString(1);
                        return next + " -> " + clientOf(jdbc, next);
                      },
                      "https://a.example"));
      assertEquals(List.of("https://b.example -> [last]"), chain);
      assertEquals(List.of("https://b.example"), clientOf(jdbc, "https://a.example"));
    }
  }

  @Test
  void a_statement_that_failed_is_not_kept_and_the_next_run_works() throws SQLException {
    StatementCache cache = new StatementCache(8);
    try (Database database = open()) {
      Jdbc jdbc = new Jdbc(database.dataSource(), false);
      jdbc.insert(INSERT, "https://a.example", "one", Instant.now());
      List<PreparedStatement> used = new ArrayList<>();
      try (Connection connection = database.dataSource().getConnection()) {
        Object[] clash = {"https://a.example", "one", Instant.now()};
        assertThrows(
            SQLException.class,
            () ->
                cache.run(
                    connection,
                    INSERT,
                    true,
                    clash,
                    s -> {
                      used.add(s);
                      return s.executeUpdate();
                    }));
        Object[] fresh = {"https://c.example", "two", Instant.now()};
        int inserted =
            cache.run(
                connection,
                INSERT,
                true,
                fresh,
                s -> {
                  used.add(s);
                  return s.executeUpdate();
                });
        assertEquals(1, inserted);
        assertTrue(used.get(0).isClosed(), "the failed statement was closed");
        assertNotSame(used.get(0), used.get(1));
      }
      assertEquals(List.of("two"), clientOf(jdbc, "https://c.example"));
    }
  }

  @Test
  void the_oldest_statement_is_closed_when_the_shelf_is_full() throws SQLException {
    StatementCache cache = new StatementCache(2);
    try (Database database = open();
        Connection connection = database.dataSource().getConnection()) {
      PreparedStatement oldest = cache.run(connection, "SELECT 1", false, new Object[0], s -> s);
      cache.run(connection, "SELECT 2", false, new Object[0], s -> s);
      cache.run(connection, "SELECT 3", false, new Object[0], s -> s);
      assertTrue(oldest.isClosed());
      PreparedStatement again = cache.run(connection, "SELECT 1", false, new Object[0], s -> s);
      assertNotSame(oldest, again);
      assertEquals(
          1, cache.run(connection, "SELECT 1", false, new Object[0], StatementCacheTest::first));
    }
  }

  @Test
  void a_connection_the_pool_closed_is_forgotten_when_a_new_one_comes() throws SQLException {
    StatementCache cache = new StatementCache(8);
    try (Database first = open();
        Database second = open()) {
      try (Connection a = first.dataSource().getConnection()) {
        cache.run(a, "SELECT 1", false, new Object[0], s -> s);
      }
      first.close();
      try (Connection b = second.dataSource().getConnection()) {
        cache.run(b, "SELECT 1", false, new Object[0], s -> s);
      }
      assertEquals(1, cache.connections());
    }
  }

  private static int first(PreparedStatement statement) throws SQLException {
    try (ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static List<String> clientOf(Jdbc jdbc, String issuer) {
    return jdbc.query(CLIENT_OF, row -> row.getString(1), issuer);
  }
}
