package com.recoverylab.lti.legacy;

import com.recoverylab.store.Jdbc;
import java.util.Optional;

/** Reads what a resource link shows, to send the user there after the launch. */
final class LinkContentRepository {
  private final Jdbc jdbc;

  LinkContentRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** The link's content kind and id; empty until a launch or an instructor sets it. */
  Optional<LinkContent> find(long resourceLinkId) {
    return jdbc.queryOne("SELECT content_kind, content_id FROM resource_links WHERE id = ?",
            row -> new LinkContent(row.getString("content_kind"), row.getString("content_id")), resourceLinkId)
        .filter(content -> content.kind() != null);
  }

  /** {@code quiz}, {@code lesson} or {@code overview}, with the id for the first two. */
  record LinkContent(String kind, String id) {}
}
