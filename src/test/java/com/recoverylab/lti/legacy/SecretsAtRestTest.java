package com.recoverylab.lti.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.app.AppServer;
import com.recoverylab.store.Jdbc;
import com.recoverylab.store.SecretSealing;
import com.recoverylab.store.StartupException;
import com.recoverylab.testing.FixtureContent;
import com.recoverylab.testing.Rows;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * With KEY_ENCRYPTION_KEY the tool's private keys and LTI 1.1 secrets are unreadable in the
 * database without the key, keys stored before are sealed at the next start, and a key rotation
 * (KEY_ENCRYPTION_KEY_PREVIOUS) reseals everything under the new key.
 */
class SecretsAtRestTest {

  private static String newKey() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static List<String> storedJwks(AppServer server) {
    return Rows.jdbc(server)
        .query("SELECT jwk FROM tool_keys ORDER BY kid", row -> row.getString(1));
  }

  private static String publishedJwks(AppServer server) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(server.url() + "/.well-known/jwks.json")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void keys_and_secrets_are_unreadable_in_the_database_without_the_key() throws Exception {
    TestDatabases.TestDatabase database = TestDatabases.h2();
    Map<String, String> env = TestServer.settings(database);
    String first = newKey();
    String published;
    String secret;

    try (AppServer server = TestServer.start(env, FixtureContent.library())) {
      assertTrue(
          storedJwks(server).get(0).startsWith("{"), "without a key the JWK is stored as it is");
      published = publishedJwks(server);
    }

    env.put("KEY_ENCRYPTION_KEY", first);
    try (AppServer server = TestServer.start(env, FixtureContent.library())) {
      for (String stored : storedJwks(server)) {
        assertTrue(stored.startsWith("aesgcm:"), stored);
        assertFalse(stored.contains("\"d\""), "no private exponent in clear");
      }
      assertEquals(published, publishedJwks(server), "the same key, still published");
      Jdbc jdbc = Rows.jdbc(server);
      NewConsumer created =
          new Consumers(jdbc, Clock.systemUTC(), server.config().secretSealing())
              .create("sealed-consumer", "Sealed");
      secret = created.secret();
      String raw =
          jdbc.queryOne(
                  "SELECT secret FROM lti11_consumers WHERE consumer_key = 'sealed-consumer'",
                  row -> row.getString(1))
              .orElseThrow();
      assertFalse(raw.contains(secret), raw);
      assertEquals(
          secret,
          new Consumers(jdbc, Clock.systemUTC(), server.config().secretSealing())
              .find("sealed-consumer")
              .orElseThrow()
              .secret());
    }

    env.remove("KEY_ENCRYPTION_KEY");
    StartupException refused =
        assertThrows(
            StartupException.class, () -> TestServer.start(env, FixtureContent.library()).close());
    assertTrue(refused.getMessage().contains("KEY_ENCRYPTION_KEY"), refused.getMessage());

    String second = newKey();
    env.put("KEY_ENCRYPTION_KEY", second);
    env.put("KEY_ENCRYPTION_KEY_PREVIOUS", first);
    try (AppServer server = TestServer.start(env, FixtureContent.library())) {
      assertEquals(published, publishedJwks(server));
      SecretSealing onlySecond =
          new SecretSealing(Optional.of(Base64.getDecoder().decode(second)), Optional.empty());
      for (String stored : storedJwks(server)) {
        assertFalse(onlySecond.needsResealing(stored), "resealed under the new key: " + stored);
      }
      assertEquals(
          secret,
          new Consumers(Rows.jdbc(server), Clock.systemUTC(), onlySecond)
              .find("sealed-consumer")
              .orElseThrow()
              .secret());
    }
  }

  @Test
  void a_sealed_value_opens_only_in_its_own_row() {
    SecretSealing sealing = new SecretSealing(Optional.of(new byte[32]), Optional.empty());
    String sealed = sealing.seal("secret", "lti11_consumers.secret:a");
    assertEquals("secret", sealing.open(sealed, "lti11_consumers.secret:a"));
    assertThrows(
        IllegalStateException.class, () -> sealing.open(sealed, "lti11_consumers.secret:b"));
    assertTrue(sealing.encrypts());
    assertFalse(
        sealed.equals(sealing.seal("secret", "lti11_consumers.secret:a")),
        "a fresh nonce each time");
  }
}
