package com.recoverylab.lti.legacy;

import com.recoverylab.store.Jdbc;
import com.recoverylab.store.Jdbc.DataAccessException;
import java.time.Instant;

/** The lti11_nonces table: which OAuth nonces each consumer key has used. */
final class NonceRepository {
  private final Jdbc jdbc;

  NonceRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Claims the nonce; false when it was used before. The unique key decides, so two nodes receiving
   * the same launch at once cannot both accept it.
   */
  boolean claim(String consumerKey, String nonce, Instant expiresAt, Instant now) {
    try {
      jdbc.update(
          "INSERT INTO lti11_nonces (consumer_key, nonce, expires_at, created_at) VALUES (?, ?, ?, ?)",
          consumerKey,
          nonce,
          expiresAt,
          now);
      return true;
    } catch (DataAccessException e) {
      if (e.isUniqueViolation()) {
        return false;
      }
      throw e;
    }
  }

  /** Forgets nonces whose timestamps are outside the window anyway. */
  int deleteExpired(Instant now) {
    return jdbc.update("DELETE FROM lti11_nonces WHERE expires_at < ?", now);
  }
}
