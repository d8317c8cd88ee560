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

  /**
   * A stored session with when it was last used and the browser it is bound to (null: none yet).
   */
  record Found(LaunchSession session, Instant lastSeenAt, String browserHash) {}

  /**
   * Every launch runs it; the (user_id, resource_link_id, expires_at) index makes it touch only the
   * user's live sessions on the link (a test pins the plan).
   */
  static final String END_OTHERS_ON_LINK =
      "UPDATE launch_sessions SET expires_at = ? WHERE user_id = ? AND resource_link_id = ?"
          + " AND id <> ? AND expires_at > ?";

  public void insert(LaunchSession session) {
    insert(session, null);
  }

  /** Stores a new session, bound to a browser from the start when {@code browserHash} is set. */
  void insert(LaunchSession session, String browserHash) {
    jdbc.update(
        "INSERT INTO launch_sessions (id, platform_id, user_id, course_id, resource_link_id, role, display_name,"
            + " csrf_token, launch_data, created_at, expires_at, last_seen_at, browser_hash)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        session.id(),
        session.platformId(),
        session.userId(),
        session.courseId(),
        session.resourceLinkId(),
        session.role(),
        session.displayName(),
        session.csrfToken(),
        session.launchData(),
        session.createdAt(),
        session.expiresAt(),
        session.createdAt(),
        browserHash);
  }

  public Optional<LaunchSession> find(String id) {
    return findWithUse(id).map(Found::session);
  }

  Optional<Found> findWithUse(String id) {
    return jdbc.queryOne(
        "SELECT * FROM launch_sessions WHERE id = ?",
        row ->
            new Found(
                map(row),
                Optional.ofNullable(Jdbc.instant(row, "last_seen_at"))
                    .orElse(Jdbc.instant(row, "created_at")),
                row.getString("browser_hash")),
        id);
  }

  void touch(String id, Instant now) {
    jdbc.update("UPDATE launch_sessions SET last_seen_at = ? WHERE id = ?", now, id);
  }

  /** Binds an unbound session to a browser; false when another request bound it first. */
  boolean bind(String id, String browserHash) {
    return jdbc.update(
            "UPDATE launch_sessions SET browser_hash = ? WHERE id = ? AND browser_hash IS NULL",
            browserHash,
            id)
        == 1;
  }

  /**
   * Ends the user's other live sessions on the same link (or, for a launch without a link, in the
   * same course without a link): a new launch replaces them.
   */
  int endOthers(LaunchSession newer, Instant now) {
    if (newer.resourceLinkId() != null) {
      return jdbc.update(
          END_OTHERS_ON_LINK, now, newer.userId(), newer.resourceLinkId(), newer.id(), now);
    }
    return jdbc.update(
        "UPDATE launch_sessions SET expires_at = ? WHERE user_id = ? AND course_id = ?"
            + " AND resource_link_id IS NULL AND id <> ? AND expires_at > ?",
        now,
        newer.userId(),
        newer.courseId(),
        newer.id(),
        now);
  }

  /**
   * Points the session at another resource link (an instructor assigning content to a new link).
   */
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
