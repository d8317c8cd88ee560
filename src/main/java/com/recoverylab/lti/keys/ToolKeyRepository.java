package com.recoverylab.lti.keys;

import com.nimbusds.jose.jwk.RSAKey;
import com.recoverylab.store.Jdbc;
import com.recoverylab.store.SecretSealing;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;

/** The tool_keys table; private keys are stored sealed when KEY_ENCRYPTION_KEY is set. */
final class ToolKeyRepository {
  private final Jdbc jdbc;
  private final SecretSealing sealing;

  ToolKeyRepository(Jdbc jdbc) {
    this(jdbc, SecretSealing.none());
  }

  ToolKeyRepository(Jdbc jdbc, SecretSealing sealing) {
    this.jdbc = jdbc;
    this.sealing = sealing;
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
    return jdbc.query("SELECT * FROM tool_keys ORDER BY created_at, kid", this::map);
  }

  void insert(ToolKey key) {
    jdbc.update(
        "INSERT INTO tool_keys (kid, jwk, status, created_at, activated_at, retire_after) VALUES (?, ?, ?, ?, ?, ?)",
        key.kid(),
        sealing.seal(key.jwk().toJSONString(), context(key.kid())),
        key.status(),
        key.createdAt(),
        key.activatedAt(),
        key.retireAfter());
  }

  /** Moves a key from one status to another; false when another node moved it first. */
  boolean changeStatus(
      String kid,
      ToolKey.Status from,
      ToolKey.Status to,
      Instant activatedAt,
      Instant retireAfter) {
    return jdbc.update(
            "UPDATE tool_keys SET status = ?, activated_at = COALESCE(?, activated_at), retire_after = ?"
                + " WHERE kid = ? AND status = ?",
            to,
            activatedAt,
            retireAfter,
            kid,
            from)
        == 1;
  }

  int deleteRetiredBefore(Instant now) {
    return jdbc.update("DELETE FROM tool_keys WHERE status = 'RETIRED' AND retire_after < ?", now);
  }

  /**
   * Seals keys stored in clear or under the previous key with the current one; returns how many.
   */
  int resealAll() {
    int resealed = 0;
    for (String[] row :
        jdbc.query(
            "SELECT kid, jwk FROM tool_keys",
            r -> new String[] {r.getString("kid"), r.getString("jwk")})) {
      if (sealing.needsResealing(row[1])) {
        String plain = sealing.open(row[1], context(row[0]));
        resealed +=
            jdbc.update(
                "UPDATE tool_keys SET jwk = ? WHERE kid = ? AND jwk = ?",
                sealing.seal(plain, context(row[0])),
                row[0],
                row[1]);
      }
    }
    return resealed;
  }

  private static String context(String kid) {
    return "tool_keys.jwk:" + kid;
  }

  private ToolKey map(ResultSet row) throws SQLException {
    try {
      String kid = row.getString("kid");
      return new ToolKey(
          kid,
          RSAKey.parse(sealing.open(row.getString("jwk"), context(kid))),
          ToolKey.Status.valueOf(row.getString("status")),
          Jdbc.instant(row, "created_at"),
          Jdbc.instant(row, "activated_at"),
          Jdbc.instant(row, "retire_after"));
    } catch (ParseException e) {
      throw new SQLException(
          "tool_keys row " + row.getString("kid") + " holds no valid RSA JWK", e);
    }
  }
}
