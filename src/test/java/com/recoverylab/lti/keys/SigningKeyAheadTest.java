package com.recoverylab.lti.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A new database's first signing key made beside the migration, and stored once. */
class SigningKeyAheadTest {

  @Test
  void a_new_database_stores_the_key_made_ahead_and_a_restart_makes_none() {
    TestDatabase db = TestDatabases.h2();
    SigningKeyAhead ahead = new SigningKeyAhead(new RsaProvider());
    AtomicInteger begun = new AtomicInteger();
    String firstKid;
    try (Database database =
        Database.open(
            db.url(),
            db.user(),
            db.password(),
            db.url(),
            2,
            () -> {
              begun.incrementAndGet();
              ahead.begin();
            })) {
      assertEquals(1, begun.get(), "the new database was announced once");
      ToolKeys keys = keys(database);
      keys.ensureSigningKey(ahead);
      firstKid = keys.signingKey().getKeyID();
      assertEquals(List.of(firstKid), kids(keys), "one key, the one made ahead");
      assertTrue(ahead.take().isEmpty(), "the key made ahead is used once");
    }

    SigningKeyAhead second = new SigningKeyAhead(new RsaProvider());
    try (Database database =
        Database.open(db.url(), db.user(), db.password(), db.url(), 2, second::begin)) {
      assertEquals(1, begun.get(), "an existing database is not new");
      ToolKeys keys = keys(database);
      keys.ensureSigningKey(second);
      assertEquals(firstKid, keys.signingKey().getKeyID(), "the stored key stays");
      assertEquals(List.of(firstKid), kids(keys));
    }
  }

  @Test
  void a_key_made_ahead_is_not_stored_beside_an_existing_one() {
    TestDatabase db = TestDatabases.h2();
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 2)) {
      ToolKeys keys = keys(database);
      keys.ensureSigningKey();
      String existing = keys.signingKey().getKeyID();
      SigningKeyAhead ahead = new SigningKeyAhead(new RsaProvider());
      ahead.begin();
      keys.ensureSigningKey(ahead);
      assertEquals(List.of(existing), kids(keys));
      // it was not taken: a later first key could still use it
      String unused = ahead.take().orElseThrow().getKeyID();
      assertNotEquals(existing, unused);
    }
  }

  private static ToolKeys keys(Database database) {
    return new ToolKeys(new Jdbc(database.dataSource(), database.isPostgres()), Clock.systemUTC());
  }

  private static List<String> kids(ToolKeys keys) {
    return keys.publicJwks().getKeys().stream().map(JWK::getKeyID).toList();
  }
}
