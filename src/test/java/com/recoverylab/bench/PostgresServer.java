package com.recoverylab.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The PostgreSQL server the tool runs against in a PostgreSQL run: a fresh database on it for the
 * run (dropped at the end), and the CPU time of the server processes that serve that database (its
 * backends, from {@code /proc/<pid>/stat}), so a phase can report PostgreSQL's own CPU per
 * operation beside the tool's.
 */
final class PostgresServer implements AutoCloseable {
  private final String adminUrl;
  private final String user;
  private final String database;
  private final Connection admin;

  /** CPU ms of backends that have ended since the last look (their last reading). */
  private final Map<Long, Long> lastSeen = new HashMap<>();

  private long endedMillis;

  PostgresServer(String adminUrl, String user, String database) throws SQLException {
    this.adminUrl = adminUrl;
    this.user = user;
    this.database = database;
    this.admin = DriverManager.getConnection(adminUrl, user, "");
    try (Statement statement = admin.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      statement.execute("CREATE DATABASE " + database);
    }
  }

  /** The JDBC URL of the run's database. */
  String url() {
    return adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database;
  }

  String user() {
    return user;
  }

  /**
   * CPU milliseconds (user + system) spent so far by the server processes of the run's database;
   * backends that ended since the previous call count with their last reading.
   */
  synchronized long cpuMillis() {
    Map<Long, Long> now = new HashMap<>();
    try (PreparedStatement query =
        admin.prepareStatement("SELECT pid FROM pg_stat_activity WHERE datname = ?")) {
      query.setString(1, database);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          long pid = rows.getLong(1);
          long ms = processCpuMillis(pid);
          if (ms >= 0) {
            now.put(pid, ms);
          }
        }
      }
    } catch (SQLException e) {
      return -1;
    }
    lastSeen.forEach(
        (pid, ms) -> {
          if (!now.containsKey(pid)) {
            endedMillis += ms;
          }
        });
    lastSeen.clear();
    lastSeen.putAll(now);
    return endedMillis + now.values().stream().mapToLong(Long::longValue).sum();
  }

  /** user + system time of a process from /proc/<pid>/stat in ms, or -1 when it is gone. */
  static long processCpuMillis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12]))
          * 10; // USER_HZ is 100 on Linux
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }

  @Override
  public void close() throws SQLException {
    try (admin;
        Statement statement = admin.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }
}
