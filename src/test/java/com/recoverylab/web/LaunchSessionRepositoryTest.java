package com.recoverylab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ending a user's older sessions on a link, on H2 and PostgreSQL, in a class with many sessions.
 */
class LaunchSessionRepositoryTest {
  private static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");
  private static final int LEARNERS = 60;
  private static final int LINKS = 5;
  private static final int SESSIONS_EACH = 20;

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void a_launch_ends_only_the_users_live_sessions_on_the_link_through_the_user_and_link_index(
      TestDatabase db) throws SQLException {
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 2)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), database.isPostgres());
      Seeded seeded = seed(database, jdbc);
      long learner = seeded.users[7];
      long link = seeded.links[2];
      LaunchSessionRepository repository = new LaunchSessionRepository(jdbc);
      LaunchSession newer =
          new LaunchSession(
              "newer",
              seeded.platform,
              learner,
              seeded.course,
              link,
              Role.LEARNER,
              "",
              "c",
              "{}",
              NOW,
              NOW.plus(Duration.ofHours(8)));
      repository.insert(newer);

      // each learner has 4 sessions on each link, the last 2 still live (see seed)
      assertEquals(2, repository.endOthers(newer, NOW));
      assertEquals(0, repository.endOthers(newer, NOW), "ended ones stay ended");
      assertTrue(repository.find("newer").orElseThrow().expiresAt().isAfter(NOW));
      assertEquals(
          LEARNERS * LINKS * 2 - 2L,
          jdbc.queryOne(
                  "SELECT COUNT(*) FROM launch_sessions WHERE expires_at > ? AND id <> 'newer'",
                  r -> r.getLong(1),
                  NOW)
              .orElseThrow(),
          "other learners' and other links' sessions stay live");

      String plan =
          String.join(
                  "\n",
                  jdbc.query(
                      "EXPLAIN " + LaunchSessionRepository.END_OTHERS_ON_LINK,
                      r -> r.getString(1),
                      NOW,
                      learner,
                      link,
                      "newer",
                      NOW))
              .toLowerCase(Locale.ROOT);
      assertTrue(plan.contains("launch_sessions_user_link"), plan);
      if (database.isPostgres()) {
        String condition = plan.substring(plan.indexOf("index cond"));
        assertTrue(condition.contains("user_id") && condition.contains("resource_link_id"), plan);
      } else {
        // H2 names the index conditions in a comment after the table
        String condition = plan.substring(plan.indexOf("/*"), plan.indexOf("*/"));
        assertTrue(
            condition.contains("user_id =") && condition.contains("resource_link_id ="), plan);
      }
      assertFalse(plan.contains("seq scan"), plan);
    }
  }

  private record Seeded(long platform, long course, long[] users, long[] links) {}

  /** A class: every learner launched every link 4 times; the 2 latest sessions are live. */
  private static Seeded seed(Database database, Jdbc jdbc) throws SQLException {
    long platform =
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
    long[] links = new long[LINKS];
    for (int i = 0; i < LINKS; i++) {
      links[i] =
          jdbc.insert(
              "INSERT INTO resource_links (course_id, link_id, created_at, updated_at)"
                  + " VALUES (?, ?, ?, ?)",
              course,
              "link-" + i,
              NOW,
              NOW);
    }
    long[] users = new long[LEARNERS];
    for (int i = 0; i < LEARNERS; i++) {
      users[i] =
          jdbc.insert(
              "INSERT INTO users (platform_id, subject, created_at, updated_at) VALUES (?, ?, ?, ?)",
              platform,
              "learner-" + i,
              NOW,
              NOW);
    }
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO launch_sessions (id, platform_id, user_id, course_id, resource_link_id,"
                    + " role, csrf_token, launch_data, created_at, expires_at)"
                    + " VALUES (?, ?, ?, ?, ?, 'LEARNER', 'c', '{}', ?, ?)")) {
      for (int u = 0; u < LEARNERS; u++) {
        for (int k = 0; k < SESSIONS_EACH; k++) {
          boolean live = k >= SESSIONS_EACH - 2 * LINKS;
          insert.setString(1, "s-" + u + "-" + k);
          insert.setLong(2, platform);
          insert.setLong(3, users[u]);
          insert.setLong(4, course);
          insert.setLong(5, links[k % LINKS]);
          insert.setObject(6, NOW.minus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC));
          insert.setObject(
              7,
              (live ? NOW.plus(Duration.ofHours(2)) : NOW.minusSeconds(60 + k))
                  .atOffset(ZoneOffset.UTC));
          insert.addBatch();
        }
      }
      insert.executeBatch();
    }
    if (database.isPostgres()) {
      jdbc.update("ANALYZE launch_sessions");
    }
    return new Seeded(platform, course, users, links);
  }
}
