package com.recoverylab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.recoverylab.web.Json;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.NameValuePair;
import org.htmlunit.util.WebConnectionWrapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SandboxLaunchTest {
  private static SandboxFixture sandbox;

  @BeforeAll
  static void start() {
    sandbox = new SandboxFixture();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void every_sandbox_page_says_it_is_a_test_platform() throws Exception {
    try (WebClient browser = SandboxFixture.quietBrowser()) {
      for (String path : List.of("/sandbox", "/sandbox/gradebook", "/sandbox/settings")) {
        HtmlPage page = browser.getPage(sandbox.base + path);
        assertEquals(200, page.getWebResponse().getStatusCode(), path);
        assertNotNull(page.getElementById("sandbox-banner"), path);
        assertTrue(page.asNormalizedText().contains("Test platform"), path);
      }
    }
  }

  @Test
  void course_page_lists_members_and_the_demo_course() throws Exception {
    try (WebClient browser = SandboxFixture.quietBrowser()) {
      HtmlPage page = browser.getPage(sandbox.base + "/sandbox");
      String text = page.asNormalizedText();
      assertTrue(text.contains("RUN101: Running recovery (sandbox)"), text);
      assertTrue(text.contains("Maria Keller"), text);
      assertTrue(text.contains("Launch as Jonas Berg"), text);
      assertTrue(text.contains("Amara Okafor"), text);
      List<String> choices =
          page.getByXPath("//select[@id='content']/option").stream()
              .map(
                  option ->
                      ((org.htmlunit.html.HtmlOption) option).getValueAttribute()
                          + " = "
                          + ((org.htmlunit.html.HtmlOption) option).getText())
              .toList();
      assertEquals(
          List.of(
              "overview = Course overview (all lessons and quizzes)",
              "lesson:foam-rolling = Lesson: Foam rolling basics",
              "quiz:back-to-back = Quiz: Two runs in one day (10 points)"),
          choices);
    }
  }

  @Test
  void adding_a_quiz_by_picking_it_gives_a_graded_activity() throws Exception {
    try (WebClient browser = SandboxFixture.quietBrowser()) {
      HtmlPage page = browser.getPage(sandbox.base + "/sandbox");
      page.<org.htmlunit.html.HtmlSelect>getHtmlElementById("content")
          .setSelectedAttribute("quiz:" + SandboxFixture.QUIZ_ID, true);
      page.<org.htmlunit.html.HtmlTextInput>getHtmlElementById("title").type("Scenario: two runs");
      HtmlPage after =
          page.getFirstByXPath("//button[text()='Add activity']") instanceof HtmlButton add
              ? add.click()
              : null;
      assertNotNull(after);
      String text = after.asNormalizedText();
      assertTrue(text.contains("Added the activity \u201cScenario: two runs\u201d."), text);
      assertTrue(text.contains("quiz:back-to-back"), text);
      assertTrue(text.contains("Scenario: two runs (10)"), text);
    }
  }

  @Test
  void launching_as_a_student_posts_the_oidc_login_initiation_to_the_tool() throws Exception {
    List<WebRequest> toTool = new ArrayList<>();
    try (WebClient browser = com.recoverylab.testing.TestServer.browser()) {
      new WebConnectionWrapper(browser) {
        @Override
        public WebResponse getResponse(WebRequest request) throws java.io.IOException {
          if (request.getUrl().getPath().equals("/lti/login")) {
            toTool.add(request);
          }
          return super.getResponse(request);
        }
      };
      HtmlPage course = browser.getPage(sandbox.base + "/sandbox");
      HtmlButton launch =
          course.getFirstByXPath("//li[@id='activity-1']//button[text()='Launch as Jonas Berg']");
      launch.click();
      browser.waitForBackgroundJavaScript(2_000);
    }
    assertEquals(1, toTool.size(), "one login initiation reaches the tool");
    WebRequest login = toTool.get(0);
    assertEquals(org.htmlunit.HttpMethod.POST, login.getHttpMethod());
    Map<String, String> fields = new HashMap<>();
    for (NameValuePair pair : login.getRequestParameters()) {
      fields.put(pair.getName(), pair.getValue());
    }
    assertEquals(sandbox.base + "/sandbox", fields.get("iss"));
    assertEquals(sandbox.base + "/lti/launch", fields.get("target_link_uri"));
    assertEquals(SandboxFixture.STUDENT, fields.get("login_hint"));
    assertEquals("sandbox-tool", fields.get("client_id"));
    assertEquals("sandbox-deployment", fields.get("lti_deployment_id"));
    JsonNode hint = Json.MAPPER.readTree(fields.get("lti_message_hint"));
    assertEquals(1, hint.path("cmid").asInt());
    assertTrue(hint.path("launchid").asText().startsWith("ltilaunch1_"), hint.toString());
  }

  @Test
  void auth_refuses_a_redirect_uri_that_is_not_registered() throws Exception {
    Map<String, String> auth =
        sandbox.authRequest(sandbox.startLaunch(SandboxFixture.STUDENT, 1L), "n-1");
    auth.put("redirect_uri", "https://attacker.example/lti/launch");
    assertRefused(auth, "is not registered for this tool");
  }

  @Test
  void auth_refuses_a_request_without_nonce() throws Exception {
    Map<String, String> auth =
        sandbox.authRequest(sandbox.startLaunch(SandboxFixture.STUDENT, 1L), "n-1");
    auth.remove("nonce");
    assertRefused(auth, "lacks the parameter \u201cnonce\u201d");
  }

  @Test
  void auth_refuses_parameters_it_does_not_know() throws Exception {
    Map<String, String> auth =
        sandbox.authRequest(sandbox.startLaunch(SandboxFixture.STUDENT, 1L), "n-1");
    auth.put("id_token_signed_response_alg", "RS256");
    assertRefused(
        auth, "a parameter the platform does not accept: \u201cid_token_signed_response_alg\u201d");
  }

  @Test
  void auth_refuses_a_changed_login_hint() throws Exception {
    Map<String, String> auth =
        sandbox.authRequest(sandbox.startLaunch(SandboxFixture.STUDENT, 1L), "n-1");
    auth.put("login_hint", "4");
    assertRefused(auth, "login_hint is not the one sent at login");
  }

  @Test
  void auth_refuses_a_prompt_other_than_none() throws Exception {
    Map<String, String> auth =
        sandbox.authRequest(sandbox.startLaunch(SandboxFixture.STUDENT, 1L), "n-1");
    auth.put("prompt", "login");
    assertRefused(auth, "prompt=\u201clogin\u201d");
  }

  @Test
  void a_launch_signs_in_only_once_and_a_second_use_of_its_hint_is_an_invalid_request_as_in_moodle()
      throws Exception {
    Map<String, String> auth =
        sandbox.authRequest(sandbox.startLaunch(SandboxFixture.STUDENT, 1L), "n-1");
    try (WebClient browser = SandboxFixture.quietBrowser()) {
      assertEquals(200, sandbox.authorize(browser, auth).getWebResponse().getStatusCode());
    }
    assertRefused(auth, "already been used");
    // a retried login (new state and nonce, same lti_message_hint) fails the same way
    Map<String, String> retry = new HashMap<>(auth);
    retry.put("state", "another-state");
    retry.put("nonce", "n-2");
    assertRefused(retry, "Invalid request");
  }

  @Test
  void auth_posts_an_id_token_that_verifies_against_the_sandbox_jwks() throws Exception {
    long quiz = sandbox.addActivity("quiz:" + SandboxFixture.QUIZ_ID);
    Map<String, String> auth =
        sandbox.authRequest(sandbox.startLaunch(SandboxFixture.STUDENT, quiz), "nonce-42");
    Map<String, String> posted;
    try (WebClient browser = SandboxFixture.quietBrowser()) {
      HtmlPage page = sandbox.authorize(browser, auth);
      assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
      assertEquals(
          sandbox.base + "/lti/launch", page.getElementById("lti-auth").getAttribute("action"));
      assertEquals("post", page.getElementById("lti-auth").getAttribute("method"));
      assertNotNull(page.getFirstByXPath("//script[@src='/static/sandbox-autopost.js']"));
      posted = SandboxFixture.hiddenFields(page, "lti-auth");
    }
    assertEquals(auth.get("state"), posted.get("state"));
    SignedJWT jwt = SignedJWT.parse(posted.get("id_token"));
    JWKSet jwks = JWKSet.load(URI.create(sandbox.base + "/sandbox/jwks").toURL());
    RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
    assertNotNull(key, "kid of the id_token is in /sandbox/jwks");
    assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
    assertTrue(jwt.verify(new RSASSAVerifier(key)));
    assertFalse(key.isPrivate());

    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    JsonNode raw = Json.MAPPER.readTree(jwt.getPayload().toString());
    assertEquals(sandbox.base + "/sandbox", claims.getIssuer());
    assertTrue(raw.path("aud").isTextual(), "aud is a plain string");
    assertEquals("sandbox-tool", raw.path("aud").asText());
    assertTrue(raw.path("azp").isMissingNode());
    assertEquals(SandboxFixture.STUDENT, claims.getSubject());
    assertEquals(60, raw.path("exp").asLong() - raw.path("iat").asLong());
    assertEquals("nonce-42", claims.getStringClaim("nonce"));
    assertEquals("Jonas Berg", claims.getStringClaim("name"));
    assertEquals("Jonas", claims.getStringClaim("given_name"));
    assertEquals("Berg", claims.getStringClaim("family_name"));
    assertEquals("jonas.berg@sandbox.example", claims.getStringClaim("email"));
    String lti = "https://purl.imsglobal.org/spec/lti/claim/";
    assertEquals("LtiResourceLinkRequest", raw.path(lti + "message_type").asText());
    assertEquals("1.3.0", raw.path(lti + "version").asText());
    assertEquals("sandbox-deployment", raw.path(lti + "deployment_id").asText());
    assertEquals(sandbox.base + "/lti/launch", raw.path(lti + "target_link_uri").asText());
    assertEquals(
        "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
        raw.path(lti + "roles").get(0).asText());
    assertEquals("sandbox-course", raw.path(lti + "context").path("id").asText());
    assertEquals("RUN101", raw.path(lti + "context").path("label").asText());
    assertEquals("Running recovery (sandbox)", raw.path(lti + "context").path("title").asText());
    assertEquals(String.valueOf(quiz), raw.path(lti + "resource_link").path("id").asText());
    assertEquals("Two runs in one day", raw.path(lti + "resource_link").path("title").asText());
    assertTrue(raw.path(lti + "resource_link").has("description"));
    assertEquals("iframe", raw.path(lti + "launch_presentation").path("document_target").asText());
    assertEquals(
        sandbox.base + "/sandbox",
        raw.path(lti + "launch_presentation").path("return_url").asText());
    assertEquals("quiz:back-to-back", raw.path(lti + "custom").path("content").asText());
    JsonNode ags = raw.path("https://purl.imsglobal.org/spec/lti-ags/claim/endpoint");
    assertEquals(4, ags.path("scope").size());
    assertEquals(
        sandbox.base + "/sandbox/ags/sandbox-course/lineitems?type_id=1",
        ags.path("lineitems").asText());
    assertTrue(
        ags.path("lineitem")
            .asText()
            .matches(
                java.util.regex.Pattern.quote(
                        sandbox.base + "/sandbox/ags/sandbox-course/lineitems/")
                    + "\\d+/lineitem\\?type_id=1"),
        ags.toString());
    JsonNode nrps = raw.path("https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice");
    assertEquals(
        sandbox.base + "/sandbox/nrps/sandbox-course/memberships",
        nrps.path("context_memberships_url").asText());
    assertEquals("[\"1.0\",\"2.0\"]", nrps.path("service_versions").toString());
  }

  @Test
  void an_ungraded_activity_launches_without_a_lineitem_claim() throws Exception {
    SignedJWT jwt = SignedJWT.parse(sandbox.idToken(SandboxFixture.INSTRUCTOR, 1L));
    JsonNode raw = Json.MAPPER.readTree(jwt.getPayload().toString());
    JsonNode ags = raw.path("https://purl.imsglobal.org/spec/lti-ags/claim/endpoint");
    assertTrue(ags.has("lineitems"));
    assertFalse(ags.has("lineitem"), ags.toString());
    assertEquals(
        "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
        raw.path("https://purl.imsglobal.org/spec/lti/claim/roles").get(0).asText());
    assertEquals(
        "overview",
        raw.path("https://purl.imsglobal.org/spec/lti/claim/custom").path("content").asText());
  }

  @Test
  void deep_linking_launch_carries_the_deep_linking_settings_and_no_resource_link()
      throws Exception {
    SignedJWT jwt = SignedJWT.parse(sandbox.idToken(SandboxFixture.INSTRUCTOR, null));
    JsonNode raw = Json.MAPPER.readTree(jwt.getPayload().toString());
    assertEquals(
        "LtiDeepLinkingRequest",
        raw.path("https://purl.imsglobal.org/spec/lti/claim/message_type").asText());
    assertTrue(raw.path("https://purl.imsglobal.org/spec/lti/claim/resource_link").isMissingNode());
    JsonNode settings =
        raw.path("https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings");
    assertEquals(
        sandbox.base + "/sandbox/deep-link-return", settings.path("deep_link_return_url").asText());
    assertEquals("[\"ltiResourceLink\"]", settings.path("accept_types").toString());
    assertEquals(
        "[\"frame\",\"iframe\",\"window\"]",
        settings.path("accept_presentation_document_targets").toString());
    assertTrue(settings.path("accept_multiple").asBoolean());
    assertTrue(settings.path("accept_lineitem").asBoolean());
    assertFalse(settings.path("auto_create").asBoolean());
    assertTrue(settings.path("data").isTextual() && !settings.path("data").asText().isEmpty());
    JsonNode ags = raw.path("https://purl.imsglobal.org/spec/lti-ags/claim/endpoint");
    assertTrue(ags.has("lineitems"));
    assertFalse(ags.has("lineitem"));
  }

  @Test
  void students_cannot_start_deep_linking() throws Exception {
    var response =
        sandbox.postForm(
            "/sandbox/launch", Map.of("deep_linking", "true", "user", SandboxFixture.STUDENT));
    assertEquals(403, response.statusCode());
    assertTrue(
        response.body().contains("only instructors can add content with deep linking"),
        response.body());
  }

  @Test
  void sandbox_jwks_publishes_only_the_public_key_with_kid_alg_and_use() throws Exception {
    var response = sandbox.get(sandbox.base + "/sandbox/jwks", null);
    assertEquals(200, response.statusCode());
    JsonNode key = Json.MAPPER.readTree(response.body()).path("keys").get(0);
    assertEquals("RSA", key.path("kty").asText());
    assertEquals("RS256", key.path("alg").asText());
    assertEquals("sig", key.path("use").asText());
    assertFalse(key.path("kid").asText().isEmpty());
    assertTrue(key.path("d").isMissingNode(), "no private part");
    assertNull(key.get("p"));
  }

  private static void assertRefused(Map<String, String> auth, String expected) throws Exception {
    try (WebClient browser = SandboxFixture.quietBrowser()) {
      HtmlPage page = sandbox.authorize(browser, auth);
      assertEquals(400, page.getWebResponse().getStatusCode());
      String text = page.asNormalizedText();
      assertTrue(text.contains(expected), text);
      assertNull(page.getElementById("lti-auth"), "no id_token is posted");
    }
  }
}
