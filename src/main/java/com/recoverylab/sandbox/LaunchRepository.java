package com.recoverylab.sandbox;

import com.recoverylab.store.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The sandbox_launches table: launches started from sandbox pages. */
final class LaunchRepository {
  private final Jdbc jdbc;

  LaunchRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  void insert(SandboxLaunch launch) {
    jdbc.update(
        "INSERT INTO sandbox_launches (id, user_id, activity_id, message_type, message_hint, deep_link_data,"
            + " created_at, expires_at, for_user) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        launch.id(),
        launch.userId(),
        launch.activityId(),
        launch.messageType(),
        launch.messageHint(),
        launch.deepLinkData(),
        launch.createdAt(),
        launch.expiresAt(),
        launch.forUser());
  }

  Optional<SandboxLaunch> find(String id) {
    return jdbc.queryOne("SELECT * FROM sandbox_launches WHERE id = ?", LaunchRepository::map, id);
  }

  /** Marks the launch used; false when it was used already (a hint is good for one login). */
  boolean markUsed(String id, Instant at) {
    return jdbc.update(
            "UPDATE sandbox_launches SET used_at = ? WHERE id = ? AND used_at IS NULL", at, id)
        == 1;
  }

  Optional<SandboxLaunch> findByDeepLinkData(String data) {
    return jdbc.queryOne(
        "SELECT * FROM sandbox_launches WHERE deep_link_data = ?", LaunchRepository::map, data);
  }

  /** Forgets the deep-linking data so one response cannot be replayed; false when already gone. */
  boolean consumeDeepLinkData(String data) {
    return jdbc.update(
            "UPDATE sandbox_launches SET deep_link_data = NULL WHERE deep_link_data = ?", data)
        == 1;
  }

  /**
   * Forgets launches long past; callers pass a cutoff older than any deep-linking data may live.
   */
  void deleteExpiredBefore(Instant cutoff) {
    jdbc.update("DELETE FROM sandbox_launches WHERE expires_at < ?", cutoff);
  }

  private static SandboxLaunch map(ResultSet row) throws SQLException {
    long activityId = row.getLong("activity_id");
    Long activity = row.wasNull() ? null : activityId;
    return new SandboxLaunch(
        row.getString("id"),
        row.getString("user_id"),
        activity,
        row.getString("message_type"),
        row.getString("message_hint"),
        row.getString("deep_link_data"),
        Jdbc.instant(row, "created_at"),
        Jdbc.instant(row, "expires_at"),
        Jdbc.instant(row, "used_at"),
        row.getString("for_user"));
  }
}
