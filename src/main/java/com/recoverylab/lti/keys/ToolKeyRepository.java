package com.recoverylab.lti.keys;

import com.nimbusds.jose.jwk.RSAKey;
import com.recoverylab.store.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;

/** The tool_keys table. */
final class ToolKeyRepository {
  private final Jdbc jdbc;

  ToolKeyRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Makes concurrent first starts take turns (PostgreSQL): until this transaction ends, no other
   * node can take the same lock or insert a key, while reads go on. Without it two nodes starting
   * on an empty database each find no key and each create one. (H2 is a single-node database.)
   */
  void lockAgainstConcurrentWriters() {
    if (jdbc.isPostgres()) {
      jdbc.update("LOCK TABLE tool_keys IN SHARE ROW EXCLUSIVE MODE");
    }
  }

  List<ToolKey> all() {
    return jdbc.query("SELECT * FROM tool_keys ORDER BY created_at, kid", ToolKeyRepository::map);
  }

  void insert(ToolKey key) {
    jdbc.update(
        "INSERT INTO tool_keys (kid, jwk, status, created_at, activated_at, retire_after) VALUES (?, ?, ?, ?, ?, ?)",
        key.kid(), key.jwk().toJSONString(), key.status(), key.createdAt(), key.activatedAt(), key.retireAfter());
  }

  /** Moves a key from one status to another; false when another node moved it first. */
  boolean changeStatus(String kid, ToolKey.Status from, ToolKey.Status to, Instant activatedAt, Instant retireAfter) {
    return jdbc.update(
        "UPDATE tool_keys SET status = ?, activated_at = COALESCE(?, activated_at), retire_after = ?"
            + " WHERE kid = ? AND status = ?",
        to, activatedAt, retireAfter, kid, from) == 1;
  }

  int deleteRetiredBefore(Instant now) {
    return jdbc.update("DELETE FROM tool_keys WHERE status = 'RETIRED' AND retire_after < ?", now);
  }

  private static ToolKey map(ResultSet row) throws SQLException {
    try {
      return new ToolKey(
          row.getString("kid"),
          RSAKey.parse(row.getString("jwk")),
          ToolKey.Status.valueOf(row.getString("status")),
          Jdbc.instant(row, "created_at"),
          Jdbc.instant(row, "activated_at"),
          Jdbc.instant(row, "retire_after"));
    } catch (ParseException e) {
      throw new SQLException("tool_keys row " + row.getString("kid") + " holds no valid RSA JWK", e);
    }
  }
}
