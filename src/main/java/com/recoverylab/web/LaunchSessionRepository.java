package com.recoverylab.web;

import com.recoverylab.store.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Launch sessions in the database, so any node can serve any request. */
public final class LaunchSessionRepository {
  private final Jdbc jdbc;

  public LaunchSessionRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(LaunchSession session) {
    jdbc.update(
        "INSERT INTO launch_sessions (id, platform_id, user_id, course_id, resource_link_id, role, display_name,"
            + " csrf_token, launch_data, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        session.id(), session.platformId(), session.userId(), session.courseId(), session.resourceLinkId(),
        session.role(), session.displayName(), session.csrfToken(), session.launchData(), session.createdAt(),
        session.expiresAt());
  }

  public Optional<LaunchSession> find(String id) {
    return jdbc.queryOne("SELECT * FROM launch_sessions WHERE id = ?", LaunchSessionRepository::map, id);
  }

  /** Points the session at another resource link (an instructor assigning content to a new link). */
  public void updateResourceLink(String id, long resourceLinkId) {
    jdbc.update("UPDATE launch_sessions SET resource_link_id = ? WHERE id = ?", resourceLinkId, id);
  }

  public int deleteExpired(Instant now) {
    return jdbc.update("DELETE FROM launch_sessions WHERE expires_at < ?", now);
  }

  private static LaunchSession map(ResultSet row) throws SQLException {
    long link = row.getLong("resource_link_id");
    // wasNull() answers for the column read last: a deep-linking session has no link, not link 0
    Long resourceLinkId = row.wasNull() ? null : link;
    return new LaunchSession(
        row.getString("id"),
        row.getLong("platform_id"),
        row.getLong("user_id"),
        row.getLong("course_id"),
        resourceLinkId,
        Role.valueOf(row.getString("role")),
        row.getString("display_name"),
        row.getString("csrf_token"),
        row.getString("launch_data"),
        Jdbc.instant(row, "created_at"),
        Jdbc.instant(row, "expires_at"));
  }
}
