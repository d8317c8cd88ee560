package com.recoverylab.lti.registration;

import com.recoverylab.store.Jdbc;
import java.time.Instant;

/** Stored registration invitations (hashes only). */
final class RegistrationInviteRepository {
  private final Jdbc jdbc;

  RegistrationInviteRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  void insert(String tokenHash, Instant now, Instant expiresAt) {
    jdbc.update(
        "INSERT INTO registration_invites (token_hash, created_at, expires_at) VALUES (?, ?, ?)",
        tokenHash,
        now,
        expiresAt);
  }

  /** Takes an unused, unexpired invitation; true when this call got it (one winner at a time). */
  boolean claim(String tokenHash, Instant now) {
    return jdbc.update(
            "UPDATE registration_invites SET used_at = ? WHERE token_hash = ? AND used_at IS NULL"
                + " AND expires_at > ?",
            now,
            tokenHash,
            now)
        == 1;
  }

  /** Gives a claimed invitation back after a registration that stored nothing. */
  void release(String tokenHash) {
    jdbc.update("UPDATE registration_invites SET used_at = NULL WHERE token_hash = ?", tokenHash);
  }

  int deleteExpired(Instant now) {
    return jdbc.update("DELETE FROM registration_invites WHERE expires_at < ?", now);
  }
}
