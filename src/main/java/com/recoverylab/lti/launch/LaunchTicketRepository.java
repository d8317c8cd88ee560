package com.recoverylab.lti.launch;

import com.recoverylab.store.Jdbc;
import java.time.Instant;
import java.util.Optional;

/** The launch_tickets table: one-time hand-overs of a validated launch to a new window. */
final class LaunchTicketRepository {
  private final Jdbc jdbc;

  LaunchTicketRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  void insert(String ticketHash, String destination, Instant createdAt, Instant expiresAt) {
    jdbc.update(
        "INSERT INTO launch_tickets (ticket_hash, destination, created_at, expires_at) VALUES (?, ?, ?, ?)",
        ticketHash,
        destination,
        createdAt,
        expiresAt);
  }

  /**
   * Uses the ticket and returns where it leads; empty when it is unknown, expired or used already.
   * The conditional update lets exactly one of several nodes redeem it.
   */
  Optional<String> redeem(String ticketHash, Instant now) {
    int used =
        jdbc.update(
            "UPDATE launch_tickets SET used_at = ? WHERE ticket_hash = ? AND used_at IS NULL"
                + " AND expires_at > ?",
            now,
            ticketHash,
            now);
    if (used != 1) {
      return Optional.empty();
    }
    return jdbc.queryOne(
        "SELECT destination FROM launch_tickets WHERE ticket_hash = ?",
        r -> r.getString(1),
        ticketHash);
  }

  int deleteExpired(Instant cutoff) {
    return jdbc.update("DELETE FROM launch_tickets WHERE expires_at < ?", cutoff);
  }
}
