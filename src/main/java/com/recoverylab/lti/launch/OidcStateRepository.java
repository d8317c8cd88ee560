package com.recoverylab.lti.launch;

import com.recoverylab.store.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Login states, each with the nonce it sent, in the database so the launch may reach any node. A
 * used state is also its nonce used: each nonce belongs to one state only.
 */
final class OidcStateRepository {
  private final Jdbc jdbc;

  OidcStateRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  void insert(OidcState s) {
    jdbc.update(
        "INSERT INTO oidc_states (state, nonce, platform_id, target_link_uri, browser_binding_hash, storage_target,"
            + " client_stored, deployment_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s.state(),
        s.nonce(),
        s.platformId(),
        s.targetLinkUri(),
        s.browserBindingHash(),
        s.storageTarget(),
        s.clientStored(),
        s.deploymentId(),
        s.createdAt(),
        s.expiresAt());
  }

  Optional<OidcState> find(String state) {
    return jdbc.queryOne(
        "SELECT * FROM oidc_states WHERE state = ?", OidcStateRepository::map, state);
  }

  /** Marks the state used; false when another request used it first (a replay). */
  boolean markUsed(String state, Instant now) {
    return jdbc.update(
            "UPDATE oidc_states SET used_at = ? WHERE state = ? AND used_at IS NULL", now, state)
        == 1;
  }

  /**
   * Records that the browser which started the login keeps its secret (see {@link BoundServlet}).
   */
  void markBrowserBound(String state) {
    jdbc.update(
        "UPDATE oidc_states SET browser_bound = TRUE WHERE state = ? AND used_at IS NULL", state);
  }

  /**
   * Forgets states and the nonces of earlier versions whose time is over; both tables stay small. A
   * launch that names a forgotten state is refused as unknown, so forgetting one never lets its
   * id_token in again. Nodes of the version before this one still record each nonce in {@code
   * used_nonces} while both versions run side by side during a rollout (deploy/README, Upgrades);
   * the table is dropped once no such node can run.
   */
  int deleteExpired(Instant now) {
    return jdbc.update("DELETE FROM oidc_states WHERE expires_at < ?", now)
        + jdbc.update("DELETE FROM used_nonces WHERE expires_at < ?", now);
  }

  private static OidcState map(ResultSet row) throws SQLException {
    return new OidcState(
        row.getString("state"),
        row.getString("nonce"),
        row.getLong("platform_id"),
        row.getString("target_link_uri"),
        row.getString("browser_binding_hash"),
        row.getString("storage_target"),
        row.getBoolean("client_stored"),
        row.getBoolean("browser_bound"),
        row.getString("deployment_id"),
        Jdbc.instant(row, "created_at"),
        Jdbc.instant(row, "expires_at"),
        Jdbc.instant(row, "used_at"));
  }
}
