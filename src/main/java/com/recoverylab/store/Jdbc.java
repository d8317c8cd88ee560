package com.recoverylab.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A small JDBC helper for repositories. Work inside {@link #inTransaction} shares one connection,
 * so several repositories can write in the same transaction (an attempt, its score and its outbox
 * row commit together or not at all).
 */
public final class Jdbc {
  private final DataSource dataSource;
  private final boolean postgres;
  private final ThreadLocal<Connection> current = new ThreadLocal<>();
  private final StatementCache statements;

  /**
   * On H2 each connection's prepared statements are kept for its next use ({@link StatementCache});
   * on PostgreSQL the driver keeps its server-side statements itself.
   */
  public Jdbc(DataSource dataSource, boolean postgres) {
    this.dataSource = dataSource;
    this.postgres = postgres;
    this.statements = new StatementCache(postgres ? 0 : Database.H2_STATEMENTS_KEPT);
  }

  /** Maps one row; may throw SQLException. */
  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  /** Work that runs inside a transaction. */
  @FunctionalInterface
  public interface TransactionWork<T> {
    T run() throws SQLException;
  }

  /** True on PostgreSQL, where {@code FOR UPDATE SKIP LOCKED} and friends are available. */
  public boolean isPostgres() {
    return postgres;
  }

  /**
   * Runs the work in one transaction: commits when it returns, rolls back when it throws. Nested
   * calls join the outer transaction.
   */
  public <T> T inTransaction(TransactionWork<T> work) {
    if (current.get() != null) {
      try {
        return work.run();
      } catch (SQLException e) {
        throw new DataAccessException(e);
      }
    }
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      current.set(connection);
      try {
        T result = work.run();
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        connection.rollback();
        if (e instanceof SQLException sql) {
          throw new DataAccessException(sql);
        }
        throw e;
      } finally {
        current.remove();
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new DataAccessException(e);
    }
  }

  public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
    return withConnection(
        connection -> {
          return statements.run(
              connection,
              sql,
              false,
              params,
              statement -> {
                try (ResultSet rows = statement.executeQuery()) {
                  List<T> result = new ArrayList<>();
                  while (rows.next()) {
                    result.add(mapper.map(rows));
                  }
                  return result;
                }
              });
        });
  }

  public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
    List<T> rows = query(sql, mapper, params);
    if (rows.size() > 1) {
      throw new DataAccessException(
          new SQLException("expected at most one row, got " + rows.size() + ": " + sql));
    }
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /** Runs an INSERT, UPDATE or DELETE and returns the number of rows changed. */
  public int update(String sql, Object... params) {
    return withConnection(
        connection ->
            statements.run(connection, sql, false, params, PreparedStatement::executeUpdate));
  }

  /** Runs an INSERT into a table with a generated {@code id} column and returns that id. */
  public long insert(String sql, Object... params) {
    return withConnection(
        connection ->
            statements.run(
                connection,
                sql,
                true,
                params,
                statement -> {
                  statement.executeUpdate();
                  try (ResultSet keys = statement.getGeneratedKeys()) {
                    if (!keys.next()) {
                      throw new SQLException("no generated id: " + sql);
                    }
                    return keys.getLong("id");
                  }
                }));
  }

  /** Reads a timestamp column as an Instant (null stays null). */
  public static Instant instant(ResultSet row, String column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  /** Reads the timestamp column at this position (1-based) as an Instant (null stays null). */
  public static Instant instant(ResultSet row, int column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private interface ConnectionWork<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T withConnection(ConnectionWork<T> work) {
    Connection bound = current.get();
    try {
      if (bound != null) {
        return work.run(bound);
      }
      try (Connection connection = dataSource.getConnection()) {
        return work.run(connection);
      }
    } catch (SQLException e) {
      throw new DataAccessException(e);
    }
  }

  /** Binds the parameters in order: instants as UTC timestamps, enums by name. */
  static void bind(PreparedStatement statement, Object[] params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object value = params[i];
      if (value instanceof Instant instant) {
        statement.setObject(i + 1, instant.atOffset(ZoneOffset.UTC));
      } else if (value instanceof Enum<?> e) {
        statement.setString(i + 1, e.name());
      } else if (value instanceof Timestamp ts) {
        statement.setTimestamp(i + 1, ts);
      } else {
        statement.setObject(i + 1, value);
      }
    }
  }

  /** A database error; the message is for the log, never for the user. */
  public static final class DataAccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataAccessException(SQLException cause) {
      super(cause.getMessage(), cause);
    }

    /** The SQLState, to tell a unique-key clash ("23505") from other failures. */
    public String sqlState() {
      return ((SQLException) getCause()).getSQLState();
    }

    public boolean isUniqueViolation() {
      return "23505".equals(sqlState());
    }
  }
}
