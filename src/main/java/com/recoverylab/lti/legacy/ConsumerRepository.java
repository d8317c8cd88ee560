package com.recoverylab.lti.legacy;

import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.store.Jdbc;
import com.recoverylab.store.SecretSealing;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The lti11_consumers table; the platforms row each consumer owns is made through the registration
 * feature.
 */
final class ConsumerRepository {
  static final String ISSUER_PREFIX = "lti11:";
  private final Jdbc jdbc;
  private final SecretSealing sealing;
  private final PlatformRepository platforms;

  ConsumerRepository(Jdbc jdbc, SecretSealing sealing) {
    this.jdbc = jdbc;
    this.sealing = sealing;
    this.platforms = new PlatformRepository(jdbc);
  }

  /** Stores the consumer and its platform row together; a taken key is a unique violation. */
  Consumer insert(String key, String secret, String name, Instant now) {
    return jdbc.inTransaction(
        () -> {
          long platformId = platforms.insertLegacyConsumer(ISSUER_PREFIX + key, key, name, now);
          long id =
              jdbc.insert(
                  "INSERT INTO lti11_consumers (consumer_key, secret, name, platform_id, created_at) VALUES (?, ?, ?, ?, ?)",
                  key,
                  sealing.seal(secret, context(key)),
                  name,
                  platformId,
                  now);
          return new Consumer(id, key, secret, name, platformId, now);
        });
  }

  Optional<Consumer> find(String key) {
    return jdbc.queryOne(
        "SELECT * FROM lti11_consumers WHERE consumer_key = ?",
        row ->
            new Consumer(
                row.getLong("id"),
                row.getString("consumer_key"),
                sealing.open(row.getString("secret"), context(row.getString("consumer_key"))),
                row.getString("name"),
                row.getLong("platform_id"),
                Jdbc.instant(row, "created_at")),
        key);
  }

  /**
   * Seals secrets stored in clear or under the previous key with the current one; returns how many.
   */
  int resealAll() {
    int resealed = 0;
    for (String[] row :
        jdbc.query(
            "SELECT consumer_key, secret FROM lti11_consumers",
            r -> new String[] {r.getString("consumer_key"), r.getString("secret")})) {
      if (sealing.needsResealing(row[1])) {
        String plain = sealing.open(row[1], context(row[0]));
        resealed +=
            jdbc.update(
                "UPDATE lti11_consumers SET secret = ? WHERE consumer_key = ? AND secret = ?",
                sealing.seal(plain, context(row[0])),
                row[0],
                row[1]);
      }
    }
    return resealed;
  }

  private static String context(String key) {
    return "lti11_consumers.secret:" + key;
  }

  boolean exists(String key) {
    return jdbc.queryOne(
            "SELECT 1 AS one FROM lti11_consumers WHERE consumer_key = ?",
            row -> row.getInt("one"),
            key)
        .isPresent();
  }

  /** Every consumer, oldest first; the secret column is never read here. */
  List<ConsumerEntry> list() {
    return jdbc.query(
        "SELECT consumer_key, name, created_at FROM lti11_consumers ORDER BY created_at, id",
        row ->
            new ConsumerEntry(
                row.getString("consumer_key"),
                row.getString("name"),
                Jdbc.instant(row, "created_at")));
  }
}
