package com.recoverylab.sandbox;

import com.recoverylab.store.Jdbc;
import java.time.Instant;
import java.util.Optional;

/** Access tokens the sandbox issued (sandbox_tokens) and client-assertion ids seen (jti). */
final class TokenRepository {
  private final Jdbc jdbc;

  TokenRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Scopes and expiry of an issued token. */
  record IssuedToken(String scopes, Instant expiresAt) {}

  void insert(String tokenHash, String scopes, Instant now, Instant expiresAt) {
    jdbc.update(
        "INSERT INTO sandbox_tokens (token_hash, scopes, created_at, expires_at) VALUES (?, ?, ?, ?)",
        tokenHash,
        scopes,
        now,
        expiresAt);
  }

  Optional<IssuedToken> find(String tokenHash) {
    return jdbc.queryOne(
        "SELECT scopes, expires_at FROM sandbox_tokens WHERE token_hash = ?",
        row -> new IssuedToken(row.getString("scopes"), Jdbc.instant(row, "expires_at")),
        tokenHash);
  }

  /** Records an assertion id; false when it was seen before (a replayed assertion). */
  boolean rememberAssertionId(String jti, Instant keepUntil) {
    try {
      jdbc.update(
          "INSERT INTO sandbox_assertion_ids (jti, expires_at) VALUES (?, ?)", jti, keepUntil);
      return true;
    } catch (Jdbc.DataAccessException e) {
      if (e.isUniqueViolation()) {
        return false;
      }
      throw e;
    }
  }

  void deleteExpiredBefore(Instant cutoff) {
    jdbc.update("DELETE FROM sandbox_tokens WHERE expires_at < ?", cutoff);
    jdbc.update("DELETE FROM sandbox_assertion_ids WHERE expires_at < ?", cutoff);
  }
}
