package com.recoverylab.lti.services;

import com.recoverylab.store.Jdbc;
import java.time.Instant;

/** Claims on finding or creating a link's line item, so one try at a time calls the platform. */
final class LineItemClaimRepository {
  private final Jdbc jdbc;

  LineItemClaimRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Claims the finding or creating of the link's line item for {@code claimant} until {@code
   * until}: true when no one else holds an unexpired claim ({@code claimant} names one try, not a
   * node, so two senders of one node exclude each other too). Each statement commits on its own, so
   * the claim is visible to other nodes before the platform call starts (works alike on H2 and
   * PostgreSQL: the primary key lets only one insert win).
   */
  boolean claim(long resourceLinkId, String claimant, Instant now, Instant until) {
    if (jdbc.update(
            "UPDATE line_item_claims SET claimed_by = ?, claim_until = ?"
                + " WHERE resource_link_id = ? AND claim_until <= ?",
            claimant,
            until,
            resourceLinkId,
            now)
        == 1) {
      return true;
    }
    try {
      jdbc.update(
          "INSERT INTO line_item_claims (resource_link_id, claimed_by, claim_until) VALUES (?, ?, ?)",
          resourceLinkId,
          claimant,
          until);
      return true;
    } catch (Jdbc.DataAccessException e) {
      if (e.isUniqueViolation()) {
        return false;
      }
      throw e;
    }
  }

  boolean claimed(long resourceLinkId, Instant now) {
    return jdbc.queryOne(
            "SELECT 1 FROM line_item_claims WHERE resource_link_id = ? AND claim_until > ?",
            row -> true,
            resourceLinkId,
            now)
        .isPresent();
  }

  void release(long resourceLinkId, String claimant) {
    jdbc.update(
        "DELETE FROM line_item_claims WHERE resource_link_id = ? AND claimed_by = ?",
        resourceLinkId,
        claimant);
  }
}
