package com.recoverylab.lti.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.recoverylab.app.AppServer;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.FixtureContent;
import com.recoverylab.testing.Rows;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.http.Cookie;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every way a launch is refused, driven through the real flow: each answers 4xx, says what was
 * wrong in plain words, and creates no user, course, link or session.
 */
class LaunchRejectionTest {
  private static AppServer server;
  private static FakePlatform moodle;
  private Map<String, Long> rowsBefore;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestServer.settings(TestDatabases.h2()), FixtureContent.library());
    moodle = FakePlatform.start().registerWith(server);
  }

  @AfterAll
  static void stop() {
    moodle.close();
    server.close();
  }

  @BeforeEach
  void snapshot() {
    rowsBefore = Rows.launchRows(server);
  }

  @Test
  void altered_token_with_a_bad_signature_is_rejected() throws Exception {
    FakePlatform.Launch launch = moodle.launch().content("overview");
    launch.token =
        claims -> {
          String[] parts = moodle.sign(claims).split("\\.");
          JWTClaimsSet raised =
              new JWTClaimsSet.Builder(claims)
                  .claim(
                      "https://purl.imsglobal.org/spec/lti/claim/roles",
                      java.util.List.of(FakePlatform.INSTRUCTOR))
                  .build();
          return parts[0] + "." + Base64URL.encode(raised.toString()) + "." + parts[2];
        };
    assertRefused(launch, 401, "signature does not match");
  }

  @Test
  void unsigned_token_with_alg_none_is_rejected() throws Exception {
    FakePlatform.Launch launch = moodle.launch().content("overview");
    launch.token = claims -> new PlainJWT(claims).serialize();
    assertRefused(launch, 401, "signed with \"none\"");
  }

  @Test
  void hs256_token_signed_with_the_platform_public_key_as_secret_is_rejected() throws Exception {
    FakePlatform.Launch launch = moodle.launch().content("overview");
    launch.token =
        claims -> {
          try {
            SignedJWT jwt =
                new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(moodle.signingKey().getKeyID())
                        .build(),
                    claims);
            jwt.sign(new MACSigner(moodle.signingKey().toRSAPublicKey().getEncoded()));
            return jwt.serialize();
          } catch (JOSEException e) {
            throw new IllegalStateException(e);
          }
        };
    assertRefused(launch, 401, "signed with \"HS256\"");
  }

  @Test
  void expired_id_token_is_rejected() throws Exception {
    FakePlatform.Launch launch = moodle.launch().content("overview");
    long now = System.currentTimeMillis();
    launch.claimsTweak =
        c -> c.issueTime(new Date(now - 400_000)).expirationTime(new Date(now - 340_000));
    assertRefused(launch, 401, "has expired");
  }

  @Test
  void token_for_another_audience_is_rejected() throws Exception {
    FakePlatform.Launch launch = moodle.launch().content("overview");
    launch.claimsTweak = c -> c.audience("another-tool");
    assertRefused(launch, 401, "meant for a different tool");
  }

  @Test
  void several_audiences_without_our_client_as_azp_are_rejected() throws Exception {
    FakePlatform.Launch launch = moodle.launch().content("overview");
    launch.claimsTweak = c -> c.audience(java.util.List.of(moodle.clientId(), "another-tool"));
    assertRefused(launch, 401, "meant for a different tool");
  }

  @Test
  void replayed_launch_post_is_rejected() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      Page first = moodle.run(browser, moodle.launch().content("overview"));
      assertEquals("/course", first.getUrl().getPath());
      rowsBefore = Rows.launchRows(server);
      Page replay = postLaunch(browser, moodle.lastIdToken(), moodle.lastState());
      assertPlainRefusal(replay, 409, "already been used");
    }
  }

  @Test
  void a_launch_refused_after_its_state_was_accepted_still_uses_up_the_sign_in() throws Exception {
    FakePlatform.Launch wrongAudience = moodle.launch().content("overview");
    wrongAudience.claimsTweak = c -> c.audience("another-tool");
    FakePlatform.Launch unknownContent = moodle.launch().content("quiz:no-such-quiz");
    try (WebClient browser = TestServer.browser()) {
      assertPlainRefusal(moodle.run(browser, wrongAudience), 401, "meant for a different tool");
      assertPlainRefusal(
          postLaunch(browser, moodle.lastIdToken(), moodle.lastState()), 409, "already been used");
      assertPlainRefusal(moodle.run(browser, unknownContent), 400, "which this tool does not have");
      assertPlainRefusal(
          postLaunch(browser, moodle.lastIdToken(), moodle.lastState()), 409, "already been used");
    }
  }

  @Test
  void token_captured_from_one_login_replayed_into_another_is_rejected() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      moodle.run(browser, moodle.launch().content("overview"));
      String captured = moodle.lastIdToken();
      rowsBefore = Rows.launchRows(server);
      FakePlatform.Launch again = moodle.launch().content("overview");
      again.token = claims -> captured;
      assertPlainRefusal(moodle.run(browser, again), 401, "does not belong to the sign-in");
    }
  }

  /**
   * The nonce is used up with its state, not kept on its own: once the housekeeping has removed the
   * state, the token it carried finds no state that would take it, within its exp or not.
   */
  @Test
  void captured_token_is_rejected_after_its_used_state_was_removed() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      moodle.run(browser, moodle.launch().content("overview"));
      String captured = moodle.lastIdToken();
      String usedState = moodle.lastState();
      assertEquals(
          1,
          Rows.jdbc(server).update("DELETE FROM oidc_states WHERE state = ?", usedState),
          "the state removed while its token is still within exp (the housekeeping waits longer)");
      rowsBefore = Rows.launchRows(server);
      assertPlainRefusal(
          postLaunch(browser, captured, usedState), 400, "does not match any sign-in");
      FakePlatform.Launch again = moodle.launch().content("overview");
      again.token = claims -> captured;
      assertPlainRefusal(moodle.run(browser, again), 401, "does not belong to the sign-in");
    }
  }

  @Test
  void state_the_tool_never_issued_is_rejected() throws Exception {
    FakePlatform.Launch launch = moodle.launch().content("overview");
    launch.stateOverride = "forged-state";
    assertRefused(launch, 400, "does not match any sign-in");
  }

  @Test
  void launch_with_a_login_cookie_of_another_browser_is_rejected() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      FakePlatform.Launch launch = moodle.launch().content("overview");
      launch.beforePost =
          state ->
              browser
                  .getCookieManager()
                  .addCookie(
                      new Cookie(
                          "127.0.0.1",
                          "lti_login_" + state,
                          "someone-elses-secret",
                          "/lti/launch",
                          null,
                          false));
      assertPlainRefusal(moodle.run(browser, launch), 403, "different browser or window");
    }
  }

  @Test
  void token_from_an_unknown_deployment_is_rejected() throws Exception {
    FakePlatform.Launch launch = moodle.launch().content("overview");
    launch.claimsTweak =
        c -> c.claim("https://purl.imsglobal.org/spec/lti/claim/deployment_id", "99");
    assertRefused(launch, 403, "deployment \"99\" is not registered");
  }

  @Test
  void login_from_an_unknown_deployment_is_rejected() throws Exception {
    FakePlatform.Launch launch = moodle.launch().content("overview");
    launch.loginDeploymentId = "42";
    assertRefused(launch, 403, "deployment \"42\" is not registered");
  }

  @Test
  void token_signed_with_an_unpublished_key_is_rejected_after_one_refetch() throws Exception {
    try (FakePlatform fresh = FakePlatform.start().registerWith(server)) {
      FakePlatform.Launch launch = fresh.launch().content("overview");
      launch.token = claims -> FakePlatform.sign(claims, FakePlatform.unpublishedKey());
      try (WebClient browser = TestServer.browser()) {
        assertPlainRefusal(
            fresh.run(browser, launch),
            401,
            "does not publish, even after checking its keys again");
      }
      assertEquals(2, fresh.jwksFetches(), "first fetch, then one refetch for the unknown kid");
    }
  }

  @Test
  void oversized_id_token_is_rejected() throws Exception {
    FakePlatform.Launch launch = moodle.launch().content("overview");
    launch.claimsTweak = c -> c.claim("padding", "x".repeat(70_000));
    assertRefused(launch, 413, "too large");
  }

  @Test
  void off_site_target_link_uri_at_login_is_rejected_without_redirecting() throws Exception {
    long statesBefore = Rows.count(server, "oidc_states");
    int authBefore = moodle.authRequests().size();
    FakePlatform.Launch launch = moodle.launch().content("overview");
    launch.loginTargetLinkUri = "https://evil.example/collect";
    assertRefused(
        launch, 400, "https://evil.example/collect, which is not an address of this tool");
    assertEquals(statesBefore, Rows.count(server, "oidc_states"));
    assertEquals(
        authBefore, moodle.authRequests().size(), "the browser never went to the platform");
  }

  @Test
  void off_site_target_link_uri_in_the_token_is_rejected() throws Exception {
    FakePlatform.Launch launch = moodle.launch().content("overview");
    launch.claimsTweak =
        c ->
            c.claim(
                "https://purl.imsglobal.org/spec/lti/claim/target_link_uri",
                "https://evil.example/collect");
    assertRefused(launch, 400, "not an address of this tool");
  }

  @Test
  void token_without_target_link_uri_is_rejected_for_that_reason() throws Exception {
    FakePlatform.Launch launch = moodle.launch().content("overview");
    launch.claimsTweak =
        c -> c.claim("https://purl.imsglobal.org/spec/lti/claim/target_link_uri", null);
    assertRefused(
        launch,
        400,
        "missing required information: https://purl.imsglobal.org/spec/lti/claim/target_link_uri");
  }

  @Test
  void token_without_a_course_context_is_rejected_for_that_reason() throws Exception {
    FakePlatform.Launch launch = moodle.launch().content("overview");
    launch.claimsTweak = c -> c.claim("https://purl.imsglobal.org/spec/lti/claim/context", null);
    assertRefused(
        launch,
        400,
        "missing required information: https://purl.imsglobal.org/spec/lti/claim/context");
  }

  @Test
  void token_whose_context_has_no_id_is_rejected_for_that_reason() throws Exception {
    FakePlatform.Launch launch = moodle.launch().content("overview");
    launch.claimsTweak =
        c ->
            c.claim(
                "https://purl.imsglobal.org/spec/lti/claim/context",
                Map.of("label", "RUN101", "title", "Running recovery"));
    assertRefused(
        launch,
        400,
        "missing required information: https://purl.imsglobal.org/spec/lti/claim/context");
  }

  @Test
  void link_naming_content_the_tool_lacks_is_rejected() throws Exception {
    assertRefused(
        moodle.launch().content("quiz:no-such-quiz"),
        400,
        "quiz:no-such-quiz, which this tool does not have");
  }

  @Test
  void login_from_an_unregistered_platform_is_rejected() throws Exception {
    try (FakePlatform stranger = FakePlatform.start()) {
      stranger.useTool(server.url().toString());
      try (WebClient browser = TestServer.browser()) {
        assertPlainRefusal(
            stranger.run(browser, stranger.launch()), 400, "not registered for the platform");
      }
    }
  }

  @Test
  void get_on_the_launch_address_explains_itself() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      assertPlainRefusal(
          browser.getPage(server.url() + "/lti/launch"), 400, "only receives launches");
    }
  }

  // --- helpers ---

  private void assertRefused(FakePlatform.Launch launch, int status, String words)
      throws Exception {
    try (WebClient browser = TestServer.browser()) {
      assertPlainRefusal(moodle.run(browser, launch), status, words);
    }
  }

  private void assertPlainRefusal(Page page, int status, String words) {
    assertEquals(
        status, page.getWebResponse().getStatusCode(), page.getWebResponse().getContentAsString());
    String text =
        page instanceof HtmlPage html
            ? html.asNormalizedText()
            : page.getWebResponse().getContentAsString();
    assertTrue(text.contains(words), text);
    assertFalse(text.contains("Exception") || text.contains("at com."), text);
    assertEquals(rowsBefore, Rows.launchRows(server), "a refused launch creates nothing");
  }

  private Page postLaunch(WebClient browser, String idToken, String state) throws Exception {
    WebRequest post = new WebRequest(new URL(server.url() + "/lti/launch"), HttpMethod.POST);
    post.setRequestParameters(
        java.util.List.of(
            new NameValuePair("id_token", idToken), new NameValuePair("state", state)));
    post.setCharset(StandardCharsets.UTF_8);
    return browser.getPage(post);
  }
}
