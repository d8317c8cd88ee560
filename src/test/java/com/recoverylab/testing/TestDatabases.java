package com.recoverylab.testing;

import com.recoverylab.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Fresh, empty databases for tests: an H2 file in a temporary folder always, and a new PostgreSQL
 * database on 127.0.0.1:5432 when one answers. CI sets REQUIRE_POSTGRES=true so a missing
 * PostgreSQL fails the run instead of skipping.
 */
public final class TestDatabases {
  public static final String POSTGRES_ADMIN_URL =
      System.getenv()
          .getOrDefault("TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
  public static final String POSTGRES_USER =
      System.getenv().getOrDefault("TEST_POSTGRES_USER", "postgres");

  private static final java.util.Set<String> CREATED =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean SWEPT = new AtomicBoolean();
  private static final Pattern STAMPED = Pattern.compile("rl_test_(\\d{10})_[0-9a-f]{8}");

  static {
    // Each run creates dozens of databases; drop them when the test JVM ends so the shared
    // cluster does not fill up run after run.
    Runtime.getRuntime()
        .addShutdownHook(new Thread(TestDatabases::dropCreated, "drop-test-databases"));
  }

  private TestDatabases() {}

  /** A JDBC URL, user and password. */
  public record TestDatabase(String url, String user, String password, String kind) {
    @Override
    public String toString() {
      return kind;
    }
  }

  /**
   * An H2 and a PostgreSQL database, each made when its test runs; for
   * {@code @MethodSource("com.recoverylab.testing.TestDatabases#both")}.
   */
  public static Stream<TestDatabase> both() {
    return Stream.of("h2", "postgresql").map(kind -> kind.equals("h2") ? h2() : postgres());
  }

  public static TestDatabase h2() {
    try {
      Path dir = Files.createTempDirectory("recovery-lab-h2");
      dir.toFile().deleteOnExit();
      return new TestDatabase(
          "jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE", "", "", "h2");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new, empty PostgreSQL database; skips (or fails under CI) when none is reachable. */
  public static TestDatabase postgres() {
    // the creation time in the name lets a later run drop what a killed run left behind
    String name =
        "rl_test_"
            + Instant.now().getEpochSecond()
            + "_"
            + UUID.randomUUID()
                .toString()
                .replace("-", "")
                .substring(0, 8)
                .toLowerCase(Locale.ROOT);
    try (Connection admin = DriverManager.getConnection(POSTGRES_ADMIN_URL, POSTGRES_USER, "");
        Statement statement = admin.createStatement()) {
      if (SWEPT.compareAndSet(false, true)) {
        dropAbandoned(admin);
      }
      statement.execute("CREATE DATABASE " + name);
      CREATED.add(name);
    } catch (SQLException e) {
      String message =
          "PostgreSQL not reachable at " + POSTGRES_ADMIN_URL + " (" + e.getMessage() + ")";
      if (Boolean.parseBoolean(System.getenv("REQUIRE_POSTGRES"))) {
        throw new IllegalStateException(message + "; REQUIRE_POSTGRES=true", e);
      }
      System.err.println("SKIPPED PostgreSQL tests: " + message);
      Assumptions.abort(message);
    }
    String url = POSTGRES_ADMIN_URL.substring(0, POSTGRES_ADMIN_URL.lastIndexOf('/') + 1) + name;
    return new TestDatabase(url, POSTGRES_USER, "", "postgresql");
  }

  /**
   * Drops test databases older than a day: a run that was killed (its shutdown hook never ran)
   * leaves them. Younger ones may belong to a run going on now and stay.
   */
  private static void dropAbandoned(Connection admin) throws SQLException {
    long dayAgo = Instant.now().minus(Duration.ofDays(1)).getEpochSecond();
    List<String> abandoned = new ArrayList<>();
    try (Statement statement = admin.createStatement();
        ResultSet names =
            statement.executeQuery(
                "SELECT datname FROM pg_database WHERE datname LIKE 'rl_test_%'")) {
      while (names.next()) {
        Matcher stamped = STAMPED.matcher(names.getString(1));
        if (stamped.matches() && Long.parseLong(stamped.group(1)) < dayAgo) {
          abandoned.add(names.getString(1));
        }
      }
    }
    for (String name : abandoned) {
      try (Statement statement = admin.createStatement()) {
        statement.execute("DROP DATABASE IF EXISTS " + name);
      } catch (SQLException inUse) {
        System.err.println("left the test database " + name + ": " + inUse.getMessage());
      }
    }
  }

  /**
   * Drops the databases this run created (at the end of the JUnit session, and again at JVM exit).
   */
  static synchronized void dropCreated() {
    if (CREATED.isEmpty()) {
      return;
    }
    try (Connection admin = DriverManager.getConnection(POSTGRES_ADMIN_URL, POSTGRES_USER, "");
        Statement statement = admin.createStatement()) {
      for (String name : List.copyOf(CREATED)) {
        // FORCE ends the connections a test's pool may still hold (PostgreSQL 13 and newer).
        statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        CREATED.remove(name);
      }
    } catch (SQLException e) {
      System.err.println("could not drop the test databases " + CREATED + ": " + e.getMessage());
    }
  }

  /**
   * Whether a session of the database (H2 or PostgreSQL) is waiting for a row another one holds.
   */
  public static boolean waitingForARowLock(Database database) throws SQLException {
    String sql =
        database.isPostgres()
            ? "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event_type = 'Lock'"
            : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
    try (Connection watcher = database.dataSource().getConnection();
        Statement statement = watcher.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getInt(1) > 0;
    }
  }
}
