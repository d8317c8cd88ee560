package com.recoverylab.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prepared statements kept open per physical connection, so the next borrower of the connection
 * runs the same SQL without preparing it again.
 *
 * <p>For H2 this replaces H2's own per-connection cache ({@code QUERY_CACHE_SIZE}), which costs a
 * walk of every cached SELECT's expression tree on each transaction's first write to each table (to
 * drop results it might reuse): a fifth of a quiz submission POST's CPU (issue 18, ninth round). A
 * statement held by the application is left out of that walk, and H2 still checks a held SELECT's
 * reused result against the tables' modification counters and the transaction's own writes.
 *
 * <p>A pooled connection is used by one thread at a time, so each connection's shelf is touched by
 * one thread at a time; the pool's hand-over orders the accesses. A statement already lent out on
 * this connection (SQL run again inside a row mapper) is not shared: that caller gets a statement
 * of its own, closed after use. With a size of 0 nothing is kept (PostgreSQL, whose driver keeps
 * its server-side statements itself).
 */
final class StatementCache {
  private final int perConnection;

  /** Keyed by the driver's connection, not the pool's proxy, which is new on every borrow. */
  private final Map<Connection, Shelf> shelves = new ConcurrentHashMap<>();

  StatementCache(int perConnection) {
    this.perConnection = perConnection;
  }

  /** Work with a prepared statement whose parameters are already bound. */
  @FunctionalInterface
  interface StatementWork<T> {
    T run(PreparedStatement statement) throws SQLException;
  }

  /**
   * Runs the work with the connection's statement for this SQL (prepared now if not kept yet) bound
   * to the parameters. A statement whose work failed is closed rather than kept.
   */
  <T> T run(
      Connection pooled, String sql, boolean generatedKeys, Object[] params, StatementWork<T> work)
      throws SQLException {
    if (perConnection == 0) {
      return runOnce(pooled, sql, generatedKeys, params, work);
    }
    Connection physical = pooled.unwrap(Connection.class);
    Shelf shelf = shelves.get(physical);
    if (shelf == null) {
      shelf = newShelf(physical);
    }
    Key key = new Key(sql, generatedKeys);
    Kept kept = shelf.take(key);
    if (kept == null) {
      return runOnce(pooled, sql, generatedKeys, params, work);
    }
    try {
      Jdbc.bind(kept.statement, params);
      T result = work.run(kept.statement);
      kept.lent = false;
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      shelf.discard(key, kept);
      throw e;
    }
  }

  /**
   * How many connections have statements kept (closed connections are dropped as new ones come).
   */
  int connections() {
    return shelves.size();
  }

  private Shelf newShelf(Connection physical) throws SQLException {
    // a connection the pool has retired never comes back: its shelf goes when a new one comes
    for (Iterator<Connection> it = shelves.keySet().iterator(); it.hasNext(); ) {
      Connection known = it.next();
      if (known.isClosed()) {
        it.remove();
      }
    }
    Shelf shelf = new Shelf(physical, perConnection);
    shelves.put(physical, shelf);
    return shelf;
  }

  /** Prepares a statement for this one run and closes it after. */
  private static <T> T runOnce(
      Connection pooled, String sql, boolean generatedKeys, Object[] params, StatementWork<T> work)
      throws SQLException {
    try (PreparedStatement statement = prepare(pooled, sql, generatedKeys)) {
      Jdbc.bind(statement, params);
      return work.run(statement);
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, boolean keys)
      throws SQLException {
    return keys
        ? connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)
        : connection.prepareStatement(sql);
  }

  private record Key(String sql, boolean generatedKeys) {}

  /** A kept statement; {@code lent} while a caller runs it. */
  private static final class Kept {
    final PreparedStatement statement;
    boolean lent;

    Kept(PreparedStatement statement) {
      this.statement = statement;
    }
  }

  /** One connection's statements, least recently used first. */
  private static final class Shelf {
    private final Connection connection;
    private final LinkedHashMap<Key, Kept> statements;

    Shelf(Connection connection, int size) {
      this.connection = connection;
      this.statements =
          new LinkedHashMap<>(size * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Kept> eldest) {
              if (size() <= size || eldest.getValue().lent) {
                return false;
              }
              closeQuietly(eldest.getValue().statement);
              return true;
            }
          };
    }

    /** The kept statement for the key, lent to the caller; null when it is lent already. */
    Kept take(Key key) throws SQLException {
      Kept kept = statements.get(key);
      if (kept == null) {
        kept = new Kept(prepare(connection, key.sql(), key.generatedKeys()));
        statements.put(key, kept);
      } else if (kept.lent) {
        return null;
      }
      kept.lent = true;
      return kept;
    }

    void discard(Key key, Kept kept) {
      statements.remove(key, kept);
      closeQuietly(kept.statement);
    }

    private static void closeQuietly(PreparedStatement statement) {
      try {
        statement.close();
      } catch (SQLException ignored) {
        // a statement of a broken connection: nothing to release that closing the connection won't
      }
    }
  }
}
