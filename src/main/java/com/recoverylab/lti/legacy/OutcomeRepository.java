package com.recoverylab.lti.legacy;

import com.recoverylab.store.Jdbc;
import java.time.Instant;
import java.util.Optional;

/** The legacy_outcomes table: each learner's Basic Outcomes address on a link. */
final class OutcomeRepository {
  private final Jdbc jdbc;

  OutcomeRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores or replaces the address the newest launch gave. */
  void save(long resourceLinkId, long userId, OutcomeAddress address, Instant now) {
    if (jdbc.isPostgres()) {
      jdbc.update(
          "INSERT INTO legacy_outcomes (resource_link_id, user_id, service_url, sourcedid, updated_at)"
              + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (resource_link_id, user_id) DO UPDATE SET"
              + " service_url = EXCLUDED.service_url, sourcedid = EXCLUDED.sourcedid, updated_at = EXCLUDED.updated_at",
          resourceLinkId,
          userId,
          address.serviceUrl(),
          address.sourcedId(),
          now);
    } else {
      jdbc.update(
          "MERGE INTO legacy_outcomes t USING (VALUES (CAST(? AS BIGINT), CAST(? AS BIGINT)))"
              + " AS s(resource_link_id, user_id) ON t.resource_link_id = s.resource_link_id AND t.user_id = s.user_id"
              + " WHEN MATCHED THEN UPDATE SET service_url = ?, sourcedid = ?, updated_at = ?"
              + " WHEN NOT MATCHED THEN INSERT (resource_link_id, user_id, service_url, sourcedid, updated_at)"
              + " VALUES (s.resource_link_id, s.user_id, ?, ?, ?)",
          resourceLinkId,
          userId,
          address.serviceUrl(),
          address.sourcedId(),
          now,
          address.serviceUrl(),
          address.sourcedId(),
          now);
    }
  }

  /**
   * Forgets the address: the newest launch came without one (the activity no longer takes grades).
   */
  void delete(long resourceLinkId, long userId) {
    jdbc.update(
        "DELETE FROM legacy_outcomes WHERE resource_link_id = ? AND user_id = ?",
        resourceLinkId,
        userId);
  }

  /**
   * The address and the consumer credentials to sign with, for a learner on a link of an LTI 1.1
   * consumer ({@code platformId} is the platform of the link's course); empty when the link is not
   * one or the platform offered no outcomes.
   */
  Optional<OutcomeTarget> findTarget(long resourceLinkId, long userId, long platformId) {
    return jdbc.queryOne(
        "SELECT o.service_url, o.sourcedid, c.consumer_key, c.secret FROM legacy_outcomes o"
            + " JOIN lti11_consumers c ON c.platform_id = ?"
            + " WHERE o.resource_link_id = ? AND o.user_id = ?",
        row ->
            new OutcomeTarget(
                new OutcomeAddress(row.getString("service_url"), row.getString("sourcedid")),
                row.getString("consumer_key"),
                row.getString("secret")),
        platformId,
        resourceLinkId,
        userId);
  }

  /** Where to send one grade and the credentials to sign it with. */
  record OutcomeTarget(OutcomeAddress address, String consumerKey, String secret) {
    /** Never prints the secret. */
    @Override
    public String toString() {
      return "OutcomeTarget[" + address + ", consumerKey=" + consumerKey + "]";
    }
  }
}
