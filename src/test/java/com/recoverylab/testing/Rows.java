package com.recoverylab.testing;

import com.recoverylab.app.AppServer;
import com.recoverylab.store.Jdbc;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a test server's database, to check what a request created (or did not). */
public final class Rows {
  private static final List<String> LAUNCH_TABLES =
      List.of("users", "courses", "resource_links", "launch_sessions");

  private Rows() {}

  public static Jdbc jdbc(AppServer server) {
    return new Jdbc(server.database().dataSource(), server.database().isPostgres());
  }

  public static long count(AppServer server, String table) {
    return jdbc(server)
        .queryOne("SELECT COUNT(*) AS n FROM " + table, r -> r.getLong("n"))
        .orElseThrow();
  }

  /** Row counts of the tables a launch writes: users, courses, resource links, sessions. */
  public static Map<String, Long> launchRows(AppServer server) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : LAUNCH_TABLES) {
      counts.put(table, count(server, table));
    }
    return counts;
  }
}
