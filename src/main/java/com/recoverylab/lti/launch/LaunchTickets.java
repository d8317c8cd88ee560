package com.recoverylab.lti.launch;

import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.SecretDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Hands a launch that was validated inside the platform's frame, but could not be tied to the
 * browser there, to a first-party window: a random ticket, good once and for a few minutes, stored
 * (hashed) in the database so the window may reach any node.
 */
final class LaunchTickets {
  /**
   * Long enough to read the page and press the button; short enough that a leaked ticket is stale.
   */
  static final Duration LIFETIME = Duration.ofMinutes(5);

  private final LaunchTicketRepository repository;
  private final Clock clock;

  LaunchTickets(LaunchTicketRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  /** A new ticket leading to the tool page {@code destination} (a path with its session). */
  String issue(String destination) {
    String ticket = LaunchSessions.randomToken();
    Instant now = clock.instant();
    repository.insert(SecretDigest.hash(ticket), destination, now, now.plus(LIFETIME));
    return ticket;
  }

  /** Where the ticket leads, once; empty when unknown, expired or used. */
  Optional<String> redeem(String ticket) {
    if (ticket == null || ticket.isBlank() || ticket.length() > 100) {
      return Optional.empty();
    }
    return repository.redeem(SecretDigest.hash(ticket.trim()), clock.instant());
  }
}
