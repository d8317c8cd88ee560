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

  /**
   * Locks the link's row until the transaction ends and returns the line item stored for it.
   * A second delivery for the same new link waits here until the first has stored its line
   * item, so a link never gets two (works alike on H2 and PostgreSQL).
   */
  Optional<String> lockStoredLineItem(long resourceLinkId) {
    return jdbc.queryOne("SELECT line_item_url FROM resource_links WHERE id = ? FOR UPDATE",
        row -> Optional.ofNullable(blankToNull(row.getString("line_item_url"))), resourceLinkId)
        .flatMap(url -> url);
  }

  void storeLineItem(long resourceLinkId, String url, Instant now) {
    jdbc.update("UPDATE resource_links SET line_item_url = ?, updated_at = ? WHERE id = ?", url, now, resourceLinkId);
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
