package com.recoverylab.review;

import com.recoverylab.store.Jdbc;
import java.time.Instant;

/** The {@code review_links_off} table: links whose instructor turned the review offer off. */
final class ReviewLinkRepository {
  private final Jdbc jdbc;

  ReviewLinkRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  boolean isOff(long linkId) {
    return jdbc.queryOne(
            "SELECT 1 FROM review_links_off WHERE resource_link_id = ?", row -> true, linkId)
        .orElse(false);
  }

  void turnOff(long linkId, Instant now) {
    if (!isOff(linkId)) {
      try {
        jdbc.update(
            "INSERT INTO review_links_off (resource_link_id, turned_off_at) VALUES (?, ?)",
            linkId,
            now);
      } catch (Jdbc.DataAccessException e) {
        if (!e.isUniqueViolation()) {
          throw e; // else another press turned it off a moment ago: off is off
        }
      }
    }
  }

  void turnOn(long linkId) {
    jdbc.update("DELETE FROM review_links_off WHERE resource_link_id = ?", linkId);
  }
}
