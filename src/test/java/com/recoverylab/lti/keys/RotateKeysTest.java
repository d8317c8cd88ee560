package com.recoverylab.lti.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.recoverylab.app.AppServer;
import com.recoverylab.app.Config;
import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import com.recoverylab.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The administrator's rotation command, run against a real database and a real tool. */
class RotateKeysTest {
  // whole seconds: databases store timestamps with microsecond precision, rounded
  private static final Instant PREPARED_AT =
      Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

  /** One run of the command with its exit code and what it printed. */
  private record Result(int code, String out, String err) {}

  private static Result rotate(Map<String, String> settings, Instant now, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        RotateKeys.run(
            args,
            flags -> Config.from(settings),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.fixed(now, ZoneOffset.UTC));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Set<String> publishedKids(Map<String, String> settings) throws Exception {
    try (AppServer server = TestServer.start(settings)) {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(server.url() + "/.well-known/jwks.json"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      return JWKSet.parse(response.body()).getKeys().stream()
          .map(JWK::getKeyID)
          .collect(Collectors.toSet());
    }
  }

  private static String signingKid(Map<String, String> settings) {
    Config config = Config.from(settings);
    try (Database database =
        Database.open(
            config.databaseUrl(),
            config.databaseUser(),
            config.databasePassword(),
            config.databaseUrlForDisplay(),
            2)) {
      return new ToolKeys(new Jdbc(database.dataSource(), database.isPostgres()), Clock.systemUTC())
          .signingKey()
          .getKeyID();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void prepare_publishes_a_key_that_signs_only_after_activate_and_the_old_key_stays_published(
      TestDatabase db) throws Exception {
    Map<String, String> settings = TestServer.settings(db);
    Set<String> first = publishedKids(settings);
    assertEquals(1, first.size(), "a fresh tool publishes its one signing key");
    String oldKid = first.iterator().next();

    Result prepared = rotate(settings, PREPARED_AT, "prepare");
    assertEquals(0, prepared.code(), prepared.err());
    assertTrue(prepared.out().startsWith("Prepared key "), prepared.out());
    Set<String> afterPrepare = publishedKids(settings);
    assertEquals(2, afterPrepare.size(), "the next key is published beside the current one");
    assertEquals(oldKid, signingKid(settings), "the prepared key does not sign yet");

    Result activated = rotate(settings, PREPARED_AT.plus(Duration.ofMinutes(61)), "activate");
    assertEquals(0, activated.code(), activated.err());
    String newKid = signingKid(settings);
    assertNotEquals(oldKid, newKid);
    assertTrue(
        afterPrepare.contains(newKid), "the key that signs now was published before it signed");
    assertTrue(activated.out().contains("Key " + newKid + " signs from now on."), activated.out());
    assertTrue(
        activated.out().contains("Key " + oldKid + " no longer signs; it stays published until"),
        activated.out());
    assertEquals(
        afterPrepare,
        publishedKids(settings),
        "the retired key stays in the JWKS while tokens it signed may still be checked");
  }

  @Test
  void activate_soon_after_prepare_is_refused_unless_forced() {
    Map<String, String> settings = TestServer.settings(TestDatabases.h2());
    assertEquals(0, rotate(settings, PREPARED_AT, "prepare").code());

    Result early = rotate(settings, PREPARED_AT.plus(Duration.ofMinutes(10)), "activate");
    assertEquals(1, early.code());
    assertTrue(early.err().contains("was published only 10 minutes ago"), early.err());
    assertTrue(early.err().contains("--force"), early.err());
    Result status = rotate(settings, PREPARED_AT.plus(Duration.ofMinutes(10)), "status");
    assertTrue(
        status.out().contains("NEXT"), "the refused activation changed nothing:\n" + status.out());

    Result forced =
        rotate(settings, PREPARED_AT.plus(Duration.ofMinutes(10)), "activate", "--force");
    assertEquals(0, forced.code(), forced.err());
    assertTrue(forced.out().contains("signs from now on"), forced.out());
  }

  @Test
  void activate_without_a_prepared_key_says_to_prepare_first() {
    Map<String, String> settings = TestServer.settings(TestDatabases.h2());
    Result result = rotate(settings, PREPARED_AT, "activate");
    assertEquals(1, result.code());
    assertEquals(
        "rotate-keys: there is no prepared key: run prepare first, wait, then activate.",
        result.err().strip());
  }

  @Test
  void status_lists_every_key_with_its_state_and_how_long_a_retired_key_stays_published() {
    Map<String, String> settings = TestServer.settings(TestDatabases.h2());
    Result empty = rotate(settings, PREPARED_AT, "status");
    assertEquals(0, empty.code());
    assertTrue(empty.out().startsWith("No keys yet"), empty.out());

    rotate(settings, PREPARED_AT, "prepare");
    Instant activatedAt = PREPARED_AT.plus(Duration.ofHours(2));
    rotate(settings, activatedAt, "activate");
    Result status = rotate(settings, activatedAt.plus(Duration.ofMinutes(5)), "status");
    assertEquals(0, status.code(), status.err());
    List<String> lines = status.out().lines().toList();
    assertTrue(lines.get(0).startsWith("kid"), status.out());
    assertEquals(1, lines.stream().filter(l -> l.contains(" CURRENT ")).count(), status.out());
    String retired = lines.stream().filter(l -> l.contains(" RETIRED ")).findFirst().orElseThrow();
    assertTrue(
        retired.endsWith(
            "until "
                + activatedAt
                    .plus(ToolKeys.RETIRED_KEY_LIFETIME)
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
        retired);
  }

  @Test
  void preparing_twice_keeps_the_first_prepared_key() {
    Map<String, String> settings = TestServer.settings(TestDatabases.h2());
    Result first = rotate(settings, PREPARED_AT, "prepare");
    Result second = rotate(settings, PREPARED_AT.plus(Duration.ofMinutes(1)), "prepare");
    assertEquals(0, second.code());
    String kid = first.out().substring("Prepared key ".length(), first.out().indexOf(':'));
    assertTrue(second.out().startsWith("Key " + kid + " was already prepared"), second.out());
  }

  @Test
  void an_unknown_step_prints_the_usage() {
    Result result = rotate(TestServer.settings(TestDatabases.h2()), PREPARED_AT, "rotate");
    assertEquals(1, result.code());
    assertTrue(
        result.err().startsWith("rotate-keys: unknown step or argument: rotate"), result.err());
    assertTrue(result.err().contains("usage: RotateKeys prepare|activate|status"), result.err());
  }

  @Test
  void an_unreachable_database_stops_with_one_line_naming_it_without_the_password() {
    Map<String, String> settings = TestServer.settings(TestDatabases.h2());
    settings.put("DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2");
    settings.put("DATABASE_PASSWORD", "hunter2");
    Result result = rotate(settings, PREPARED_AT, "status");
    assertEquals(2, result.code());
    assertTrue(
        result
            .err()
            .startsWith(
                "rotate-keys: Cannot connect to database jdbc:postgresql://127.0.0.1:1/nowhere"),
        result.err());
    assertTrue(!result.err().contains("hunter2"), result.err());
  }
}
