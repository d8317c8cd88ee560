package com.recoverylab.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/** The connection pool, migrated to the current schema before anything uses it. */
public final class Database implements AutoCloseable {
  /**
   * Prepared statements kept per H2 connection by {@link Jdbc} ({@link StatementCache}). Launch,
   * submit and grade delivery run about 46 distinct statements; 32 and 128 cost the same CPU per
   * launch and submit as 64 within the noise of alternated in-process runs ({@code
   * bench/H2SettingBench}, issue 18 fifth round, then as H2's own cache).
   */
  static final int H2_STATEMENTS_KEPT = 64;

  static final long ACQUIRE_TIMEOUT_MS = 750;
  static final long VALIDATION_TIMEOUT_MS = 500;
  private final HikariDataSource pool;
  private final boolean postgres;

  private Database(HikariDataSource pool, boolean postgres) {
    this.pool = pool;
    this.postgres = postgres;
  }

  /**
   * Opens the pool and runs the Flyway migrations. Any failure becomes one line naming the URL
   * (passwords hidden) and the cause.
   */
  public static Database open(DatabaseAddress address, int maxPoolSize) {
    return open(address, maxPoolSize, () -> {});
  }

  /**
   * Like {@link #open(DatabaseAddress, int)}; runs {@code whenNew} (on this thread, then goes on)
   * when the database is new, just before Flyway creates its schema, so work that needs no database
   * can begin beside the migration.
   */
  public static Database open(DatabaseAddress address, int maxPoolSize, Runnable whenNew) {
    return open(
        address.url(),
        address.user(),
        address.password(),
        address.displayUrl(),
        maxPoolSize,
        whenNew);
  }

  /** Like {@link #open(DatabaseAddress, int)}. */
  public static Database open(
      String url, String user, String password, String displayUrl, int maxPoolSize) {
    return open(url, user, password, displayUrl, maxPoolSize, () -> {});
  }

  /** Like {@link #open(DatabaseAddress, int, Runnable)}. */
  public static Database open(
      String url,
      String user,
      String password,
      String displayUrl,
      int maxPoolSize,
      Runnable whenNew) {
    DataDirectory.of(url).ifPresent(DataDirectory::secure);
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(withoutH2QueryCache(url));
    hikari.setUsername(user);
    hikari.setPassword(password);
    hikari.setMaximumPoolSize(maxPoolSize);
    hikari.setPoolName("recovery-lab");
    // A request waits at most this long for a connection: during a database outage pages answer
    // 503 at once instead of hanging (Hikari keeps reconnecting, so the tool recovers by itself).
    hikari.setConnectionTimeout(ACQUIRE_TIMEOUT_MS);
    hikari.setValidationTimeout(VALIDATION_TIMEOUT_MS);
    // fail fast at start when the database cannot be reached
    hikari.setInitializationFailTimeout(10_000);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw new StartupException(
          "Cannot connect to database " + displayUrl + ": " + rootMessage(e), e);
    }
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:db/migration")
          .callbacks(new BeforeBaseline(whenNew))
          .load()
          .migrate();
    } catch (FlywayException e) {
      pool.close();
      throw new StartupException(
          "Database migration failed on " + displayUrl + ": " + rootMessage(e), e);
    }
    // the files H2 has just created came with the process umask
    DataDirectory.of(url).ifPresent(DataDirectory::secure);
    return new Database(pool, url.startsWith("jdbc:postgresql:"));
  }

  /**
   * Flyway applies a baseline script (B, the whole schema) only to an empty database, in place of
   * the V scripts: the moment it is about to is the moment the database is known to be new.
   */
  private record BeforeBaseline(Runnable whenNew) implements Callback {
    @Override
    public boolean supports(Event event, Context context) {
      return event == Event.BEFORE_EACH_MIGRATE
          && context.getMigrationInfo() != null
          && context.getMigrationInfo().getType().isBaseline();
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
      return true;
    }

    @Override
    public void handle(Event event, Context context) {
      whenNew.run();
    }

    @Override
    public String getCallbackName() {
      return "before-baseline";
    }
  }

  /**
   * H2's own statement cache is turned off ({@code QUERY_CACHE_SIZE=0}): {@link Jdbc} keeps each
   * connection's prepared statements instead ({@link StatementCache}), and a statement H2 caches
   * itself costs a walk of its expression tree on each transaction's first write to each table.
   * Statements that do not go through {@link Jdbc} (the migration's, the pool's checks) are parsed
   * each time, as they run once or rarely. PostgreSQL URLs and URLs that set the size themselves
   * stay as they are.
   */
  static String withoutH2QueryCache(String url) {
    if (!url.startsWith("jdbc:h2:")
        || url.toUpperCase(java.util.Locale.ROOT).contains("QUERY_CACHE_SIZE")) {
      return url;
    }
    return url + ";QUERY_CACHE_SIZE=0";
  }

  public DataSource dataSource() {
    return pool;
  }

  public boolean isPostgres() {
    return postgres;
  }

  /**
   * True when a connection can be borrowed and answers; within about a second (the acquire timeout,
   * then at most one second for the answer).
   */
  public boolean isReachable() {
    try (Connection c = pool.getConnection()) {
      return c.isValid(1);
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * True when the failure means the database could not be reached (no connection within the acquire
   * timeout, a connection lost, the server shutting down), as opposed to a bad statement.
   */
  public static boolean isOutage(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.sql.SQLTransientConnectionException
          || t instanceof java.sql.SQLNonTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    pool.close();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.replaceAll("\\s+", " ").trim();
  }
}
