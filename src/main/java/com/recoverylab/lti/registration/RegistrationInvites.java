package com.recoverylab.lti.registration;

import com.recoverylab.store.Jdbc;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.SecretDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One-time invitations to register a platform: the operator makes one with {@link
 * RegistrationInvite} and gives the platform administrator the link. A registration holds its
 * invitation while it runs; a failed one gives it back, a successful one uses it up.
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
    repository.insert(SecretDigest.hash(token), now, now.plus(validFor));
    return token;
  }

  /** True when the token is a valid, unused invitation, which is now held. */
  boolean claim(String token) {
    return token != null
        && !token.isBlank()
        && token.length() <= 100
        && repository.claim(SecretDigest.hash(token), clock.instant());
  }

  void release(String token) {
    repository.release(SecretDigest.hash(token));
  }

  public int deleteExpired() {
    return repository.deleteExpired(clock.instant());
  }
}
