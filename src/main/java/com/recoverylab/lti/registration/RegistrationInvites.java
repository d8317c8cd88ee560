package com.recoverylab.lti.registration;

import com.recoverylab.store.Jdbc;
import com.recoverylab.web.LaunchSessions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * One-time invitations to register a platform: the operator makes one with
 * {@link RegistrationInvite} and gives the platform administrator the link. A registration
 * holds its invitation while it runs; a failed one gives it back, a successful one uses it up.
 */
public final class RegistrationInvites {
  private final RegistrationInviteRepository repository;
  private final Clock clock;

  public RegistrationInvites(Jdbc jdbc, Clock clock) {
    this.repository = new RegistrationInviteRepository(jdbc);
    this.clock = clock;
  }

  /** A new invitation valid for {@code validFor}; the returned token is the only copy. */
  public String create(Duration validFor) {
    String token = LaunchSessions.randomToken();
    Instant now = clock.instant();
    repository.insert(hash(token), now, now.plus(validFor));
    return token;
  }

  /** True when the token is a valid, unused invitation, which is now held. */
  boolean claim(String token) {
    return token != null && !token.isBlank() && token.length() <= 100 && repository.claim(hash(token), clock.instant());
  }

  void release(String token) {
    repository.release(hash(token));
  }

  public int deleteExpired() {
    return repository.deleteExpired(clock.instant());
  }

  private static String hash(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
