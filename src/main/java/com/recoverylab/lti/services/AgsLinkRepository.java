package com.recoverylab.lti.services;

import com.recoverylab.lti.registration.Platform;
import com.recoverylab.store.Jdbc;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What the AGS channel reads about a link, its platform and a learner, and the line item it stores. */
final class AgsLinkRepository {
  private final Jdbc jdbc;

  AgsLinkRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Everything needed to send one learner's grade on one link. */
  record AgsTarget(
      Platform platform,
      String userSubject,
      long linkId,
      String platformLinkId,
      String title,
      String contentKind,
      String contentId,
      String lineitemsUrl,
      String lineitemUrl,
      Set<String> scopes,
      String storedLineItemUrl) {

    boolean hasEndpoints() {
      return notBlank(lineitemUrl) || notBlank(lineitemsUrl);
    }
  }

  /** The link's grade service without a learner ({@code userSubject} is null), to change its column. */
  Optional<AgsTarget> findLink(long resourceLinkId) {
    return jdbc.queryOne(
        "SELECT rl.link_id, rl.title, rl.content_kind, rl.content_id, rl.ags_lineitems_url, rl.ags_lineitem_url,"
            + " rl.ags_scopes, rl.line_item_url, p.id AS platform_id, p.issuer, p.client_id, p.name,"
            + " p.auth_endpoint, p.token_endpoint, p.jwks_url"
            + " FROM resource_links rl JOIN courses c ON c.id = rl.course_id JOIN platforms p ON p.id = c.platform_id"
            + " WHERE rl.id = ?",
        row -> target(row, null, resourceLinkId), resourceLinkId);
  }

  Optional<AgsTarget> find(long resourceLinkId, long userId) {
    return jdbc.queryOne(
        "SELECT rl.link_id, rl.title, rl.content_kind, rl.content_id, rl.ags_lineitems_url, rl.ags_lineitem_url,"
            + " rl.ags_scopes, rl.line_item_url, u.subject, p.id AS platform_id, p.issuer, p.client_id, p.name,"
            + " p.auth_endpoint, p.token_endpoint, p.jwks_url"
            + " FROM resource_links rl JOIN courses c ON c.id = rl.course_id JOIN platforms p ON p.id = c.platform_id"
            + " JOIN users u ON u.platform_id = p.id AND u.id = ? WHERE rl.id = ?",
        row -> target(row, row.getString("subject"), resourceLinkId),
        userId, resourceLinkId);
  }

  private static AgsTarget target(java.sql.ResultSet row, String subject, long resourceLinkId)
      throws java.sql.SQLException {
    return new AgsTarget(
        new Platform(row.getLong("platform_id"), row.getString("issuer"), row.getString("client_id"),
            row.getString("name"), row.getString("auth_endpoint"), row.getString("token_endpoint"),
            row.getString("jwks_url")),
        subject,
        resourceLinkId,
        row.getString("link_id"),
        row.getString("title"),
        row.getString("content_kind"),
        row.getString("content_id"),
        blankToNull(row.getString("ags_lineitems_url")),
        blankToNull(row.getString("ags_lineitem_url")),
        scopes(row.getString("ags_scopes")),
        blankToNull(row.getString("line_item_url")));
  }

  /** The line item the tool stored for the link, if any (read without a lock). */
  Optional<String> storedLineItem(long resourceLinkId) {
    return jdbc.queryOne("SELECT line_item_url FROM resource_links WHERE id = ?",
        row -> Optional.ofNullable(blankToNull(row.getString("line_item_url"))), resourceLinkId)
        .flatMap(url -> url);
  }

  /**
   * Claims the finding or creating of the link's line item for {@code node} until {@code until}:
   * true when no one else holds an unexpired claim ({@code claimant} names one try, not a node, so
   * two senders of one node exclude each other too). Each statement commits on its own, so the
   * claim is visible to other nodes before the platform call starts (works alike on H2 and
   * PostgreSQL: the primary key lets only one insert win).
   */
  boolean claimLineItem(long resourceLinkId, String claimant, Instant now, Instant until) {
    if (jdbc.update("UPDATE line_item_claims SET claimed_by = ?, claim_until = ?"
        + " WHERE resource_link_id = ? AND claim_until <= ?", claimant, until, resourceLinkId, now) == 1) {
      return true;
    }
    try {
      jdbc.update("INSERT INTO line_item_claims (resource_link_id, claimed_by, claim_until) VALUES (?, ?, ?)",
          resourceLinkId, claimant, until);
      return true;
    } catch (Jdbc.DataAccessException e) {
      if (e.isUniqueViolation()) {
        return false;
      }
      throw e;
    }
  }

  /** True while some try holds an unexpired claim to find or create the link's line item. */
  boolean lineItemClaimed(long resourceLinkId, Instant now) {
    return jdbc.queryOne("SELECT 1 FROM line_item_claims WHERE resource_link_id = ? AND claim_until > ?",
        row -> true, resourceLinkId, now).isPresent();
  }

  /** Gives the claim back (the call failed), so the next try need not wait for it to expire. */
  void releaseLineItemClaim(long resourceLinkId, String claimant) {
    jdbc.update("DELETE FROM line_item_claims WHERE resource_link_id = ? AND claimed_by = ?", resourceLinkId,
        claimant);
  }

  /**
   * Stores the line item found or created under this claim and ends the claim, in one
   * short transaction; a line item another node stored meanwhile is kept. Returns the stored one.
   */
  String storeLineItem(long resourceLinkId, String claimant, String url, Instant now) {
    return jdbc.inTransaction(() -> {
      jdbc.update("UPDATE resource_links SET line_item_url = ?, updated_at = ?"
          + " WHERE id = ? AND (line_item_url IS NULL OR line_item_url = '')", url, now, resourceLinkId);
      jdbc.update("DELETE FROM line_item_claims WHERE resource_link_id = ? AND claimed_by = ?", resourceLinkId,
          claimant);
      return storedLineItem(resourceLinkId).orElse(url);
    });
  }

  private static Set<String> scopes(String value) {
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(value.trim().split("\\s+")).collect(Collectors.toUnmodifiableSet());
  }

  private static String blankToNull(String value) {
    return notBlank(value) ? value : null;
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }
}
