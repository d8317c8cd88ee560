package com.recoverylab.sandbox;

import com.nimbusds.jose.jwk.RSAKey;
import com.recoverylab.store.Jdbc;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Instant;
import java.util.Optional;

/** The sandbox_keys table: the sandbox's own signing key. */
final class SandboxKeyRepository {
  private static final String SIGNING = "signing";
  private final Jdbc jdbc;

  SandboxKeyRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  Optional<RSAKey> signingKey() {
    return jdbc.queryOne(
        "SELECT jwk FROM sandbox_keys WHERE name = ?",
        row -> {
          try {
            return RSAKey.parse(row.getString("jwk"));
          } catch (ParseException e) {
            throw new SQLException("sandbox_keys holds no valid RSA JWK", e);
          }
        },
        SIGNING);
  }

  /** Stores the signing key; a unique-key clash means another node stored one first. */
  void insertSigningKey(RSAKey key, Instant now) {
    jdbc.update(
        "INSERT INTO sandbox_keys (name, kid, jwk, created_at) VALUES (?, ?, ?, ?)",
        SIGNING,
        key.getKeyID(),
        key.toJSONString(),
        now);
  }
}
