package com.recoverylab.lti.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.recoverylab.lti.keys.ToolKeys;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.Answer;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import com.recoverylab.testing.TokenEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client-credentials tokens against the fake platform's token endpoint, which checks every
 * assertion.
 */
class AccessTokensTest {
  private static final Set<String> SCORE = Set.of(AgsClient.SCOPE_SCORE);

  private Database database;
  private FakePlatform moodle;
  private TokenEndpoint platform;
  private PlatformHttp http;
  private AccessTokens tokens;
  private Platform registration;

  @BeforeEach
  void start() {
    TestDatabase db = TestDatabases.h2();
    database = Database.open(db.url(), db.user(), db.password(), db.url(), 4);
    ToolKeys keys = new ToolKeys(new Jdbc(database.dataSource(), false), Clock.systemUTC());
    keys.ensureSigningKey();
    moodle = FakePlatform.start();
    platform = moodle.tokens().trustKeys(keys::publicJwks);
    http = new PlatformHttp(java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(5));
    tokens = new AccessTokens(http, keys, Clock.systemUTC());
    registration =
        new Platform(1, moodle.issuer(), moodle.clientId(), "Fake", null, moodle.tokenUrl(), null);
  }

  @AfterEach
  void stop() {
    http.close();
    moodle.close();
    database.close();
  }

  @Test
  void client_assertion_is_signed_by_the_tool_and_names_the_client_and_token_endpoint() {
    tokens.get(registration, SCORE);
    tokens.get(registration, Set.of(AgsClient.SCOPE_LINEITEM));

    assertTrue(platform.assertionProblems().isEmpty(), platform.assertionProblems().toString());
    JWTClaimsSet first = platform.assertions().get(0);
    assertEquals(moodle.clientId(), first.getIssuer());
    assertEquals(moodle.clientId(), first.getSubject());
    assertEquals(java.util.List.of(platform.url()), first.getAudience());
    Duration lifetime =
        Duration.between(first.getIssueTime().toInstant(), first.getExpirationTime().toInstant());
    assertTrue(lifetime.compareTo(Duration.ofMinutes(5)) <= 0, "short-lived: " + lifetime);
    assertTrue(
        first.getIssueTime().toInstant().isBefore(Instant.now().minusSeconds(3)),
        "iat is backdated");
    assertNotEquals(first.getJWTID(), platform.assertions().get(1).getJWTID());
    String form = platform.received().get(0).body();
    assertTrue(form.contains("grant_type=client_credentials"), form);
    assertTrue(
        form.contains("scope=https%3A%2F%2Fpurl.imsglobal.org%2Fspec%2Flti-ags%2Fscope%2Fscore"),
        form);
    assertEquals("application/x-www-form-urlencoded", platform.received().get(0).contentType());
  }

  @Test
  void token_is_cached_per_scope_set_and_fetched_again_shortly_before_it_expires()
      throws Exception {
    // a 2 s token is renewed after half its life (a longer one a minute before it ends)
    platform.setTokenLifetimeSeconds(2);
    AccessTokens.AccessToken first = tokens.get(registration, SCORE);
    assertEquals(first, tokens.get(registration, SCORE));
    assertEquals(1, platform.tokenRequests());

    tokens.get(registration, Set.of(AgsClient.SCOPE_LINEITEM));
    assertEquals(2, platform.tokenRequests(), "another scope set, another token");

    // renewed before it expired: a new token within the 2 s the first one lives
    Awaitility.await("renewed before it expired")
        .atMost(Duration.ofMillis(1900))
        .until(() -> !first.value().equals(tokens.get(registration, SCORE).value()));
    assertEquals(3, platform.tokenRequests());
    assertTrue(platform.assertionProblems().isEmpty(), platform.assertionProblems().toString());
  }

  @Test
  void dropped_token_is_replaced_on_the_next_request() {
    AccessTokens.AccessToken first = tokens.get(registration, SCORE);
    tokens.drop(registration, SCORE, first);
    assertNotEquals(first.value(), tokens.get(registration, SCORE).value());
  }

  @Test
  void refused_scope_names_the_scope_and_is_a_refusal_not_a_passing_problem() {
    platform.refuseScopes(AgsClient.SCOPE_SCORE);
    ServiceCallException.Refused e =
        assertThrows(ServiceCallException.Refused.class, () -> tokens.get(registration, SCORE));
    assertTrue(
        e.getMessage()
            .startsWith(
                "The platform did not grant the scope " + AgsClient.SCOPE_SCORE + " (score)"),
        e.getMessage());
  }

  @Test
  void forbidden_token_request_is_a_refusal_and_server_errors_are_passing() {
    platform.enqueueToken(
        Answer.status(403, "{\"error\":\"unauthorized_client\"}"),
        Answer.status(503, "down", Map.of("Retry-After", "7")));
    ServiceCallException.Refused refused =
        assertThrows(ServiceCallException.Refused.class, () -> tokens.get(registration, SCORE));
    assertTrue(
        refused.getMessage().contains("(score)") && refused.getMessage().contains("HTTP 403"),
        refused.getMessage());
    ServiceCallException.Unavailable down =
        assertThrows(ServiceCallException.Unavailable.class, () -> tokens.get(registration, SCORE));
    assertEquals(Duration.ofSeconds(7), down.retryAfter());
  }
}
