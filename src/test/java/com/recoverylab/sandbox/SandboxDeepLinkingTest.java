package com.recoverylab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.recoverylab.web.Json;
import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SandboxDeepLinkingTest {
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
  void a_signed_deep_linking_response_adds_one_activity_per_resource_link() throws Exception {
    JWTClaimsSet response = response(requestData(), "back-to-back-first").build();
    HtmlPage page = returnToPlatform(sandbox.toolKeys.sign(response));
    assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
    String text = page.asNormalizedText();
    assertTrue(
        text.contains("Deep linking added 2 activities: Picked scenario, Picked lesson"), text);
    assertTrue(text.contains("One item was not a resource link and was left out."), text);
    assertTrue(text.contains("Message from the tool: Two activities chosen."), text);
    assertTrue(text.contains("Scenario score (10)"), text);
    assertTrue(text.contains("lesson:foam-rolling"), text);

    String token =
        sandbox.accessToken("https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly");
    JsonNode items =
        Json.MAPPER.readTree(
            sandbox
                .get(
                    sandbox.base
                        + "/sandbox/ags/sandbox-course/lineitems?type_id=1&resource_id=back-to-back-first&tag=quiz",
                    token)
                .body());
    assertEquals(1, items.size(), items.toString());
    assertEquals("Scenario score", items.get(0).path("label").asText());
    assertEquals(10, items.get(0).path("scoreMaximum").asInt());
  }

  @Test
  void a_deep_linking_response_is_accepted_only_once() throws Exception {
    String signed = sandbox.toolKeys.sign(response(requestData()).build());
    assertEquals(200, returnToPlatform(signed).getWebResponse().getStatusCode());
    HtmlPage again = returnToPlatform(signed);
    assertEquals(400, again.getWebResponse().getStatusCode());
    assertTrue(
        again.asNormalizedText().contains("does not answer a deep-linking request"),
        again.asNormalizedText());
  }

  @Test
  void a_deep_linking_response_without_kid_is_refused() throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).build(), response(requestData()).build());
    jwt.sign(new RSASSASigner(sandbox.toolKeys.signingKey()));
    HtmlPage page = returnToPlatform(jwt.serialize());
    assertEquals(400, page.getWebResponse().getStatusCode());
    assertTrue(
        page.asNormalizedText().contains("The JWT header has no kid"), page.asNormalizedText());
  }

  @Test
  void a_deep_linking_response_signed_with_another_key_is_refused() throws Exception {
    com.nimbusds.jose.jwk.RSAKey stranger =
        new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048)
            .keyID(sandbox.toolKeys.signingKey().getKeyID())
            .generate();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(stranger.getKeyID()).build(),
            response(requestData()).build());
    jwt.sign(new RSASSASigner(stranger));
    HtmlPage page = returnToPlatform(jwt.serialize());
    assertEquals(400, page.getWebResponse().getStatusCode());
    assertTrue(
        page.asNormalizedText().contains("signature does not match"), page.asNormalizedText());
  }

  @Test
  void a_deep_linking_response_for_another_platform_is_refused() throws Exception {
    HtmlPage page =
        returnToPlatform(
            sandbox.toolKeys.sign(
                response(requestData()).audience("https://moodle.example.edu").build()));
    assertEquals(400, page.getWebResponse().getStatusCode());
    assertTrue(
        page.asNormalizedText().contains("it must be addressed to"), page.asNormalizedText());
  }

  @Test
  void a_deep_linking_response_with_unknown_data_is_refused() throws Exception {
    HtmlPage page = returnToPlatform(sandbox.toolKeys.sign(response("made-up-data").build()));
    assertEquals(400, page.getWebResponse().getStatusCode());
    assertTrue(
        page.asNormalizedText().contains("does not answer a deep-linking request"),
        page.asNormalizedText());
  }

  @Test
  void a_line_item_without_score_maximum_is_refused_and_nothing_is_added() throws Exception {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("type", "ltiResourceLink");
    item.put("title", "Broken item");
    item.put("lineItem", Map.of("label", "No maximum"));
    HtmlPage page =
        returnToPlatform(
            sandbox.toolKeys.sign(
                response(requestData())
                    .claim(
                        "https://purl.imsglobal.org/spec/lti-dl/claim/content_items", List.of(item))
                    .build()));
    assertEquals(400, page.getWebResponse().getStatusCode());
    assertTrue(
        page.asNormalizedText().contains("needs a scoreMaximum greater than 0"),
        page.asNormalizedText());
    try (WebClient browser = SandboxFixture.quietBrowser()) {
      String course = browser.<HtmlPage>getPage(sandbox.base + "/sandbox").asNormalizedText();
      assertTrue(!course.contains("Broken item"), course);
    }
  }

  /** Runs a deep-linking launch as the instructor and returns the data the tool must echo. */
  private static String requestData() throws Exception {
    SignedJWT request = SignedJWT.parse(sandbox.idToken(SandboxFixture.INSTRUCTOR, null));
    JsonNode raw = Json.MAPPER.readTree(request.getPayload().toString());
    return raw.path("https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings")
        .path("data")
        .asText();
  }

  /** The deep-linking response a tool sends: two resource links (one graded) and one plain link. */
  private static JWTClaimsSet.Builder response(String data) {
    return response(data, "back-to-back");
  }

  private static JWTClaimsSet.Builder response(String data, String resourceId) {
    Map<String, Object> quiz = new LinkedHashMap<>();
    quiz.put("type", "ltiResourceLink");
    quiz.put("title", "Picked scenario");
    quiz.put("url", sandbox.base + "/lti/launch");
    quiz.put("custom", Map.of("content", "quiz:back-to-back"));
    Map<String, Object> lineItem = new LinkedHashMap<>();
    lineItem.put("scoreMaximum", 10);
    lineItem.put("label", "Scenario score");
    lineItem.put("resourceId", resourceId);
    lineItem.put("tag", "quiz");
    lineItem.put("submissionReview", Map.of("reviewableStatus", List.of("Submitted")));
    quiz.put("lineItem", lineItem);
    Map<String, Object> lesson = new LinkedHashMap<>();
    lesson.put("type", "ltiResourceLink");
    lesson.put("title", "Picked lesson");
    lesson.put("custom", Map.of("content", "lesson:foam-rolling"));
    Map<String, Object> plainLink = Map.of("type", "link", "url", "https://example.com/");
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer("sandbox-tool")
        .audience(sandbox.base + "/sandbox")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)))
        .claim("nonce", UUID.randomUUID().toString())
        .claim("https://purl.imsglobal.org/spec/lti/claim/message_type", "LtiDeepLinkingResponse")
        .claim("https://purl.imsglobal.org/spec/lti/claim/version", "1.3.0")
        .claim("https://purl.imsglobal.org/spec/lti/claim/deployment_id", "sandbox-deployment")
        .claim("https://purl.imsglobal.org/spec/lti-dl/claim/data", data)
        .claim("https://purl.imsglobal.org/spec/lti-dl/claim/msg", "Two activities chosen.")
        .claim(
            "https://purl.imsglobal.org/spec/lti-dl/claim/content_items",
            List.of(quiz, lesson, plainLink));
  }

  /** Posts the JWT to the deep-link return URL as the tool's auto-posting form would. */
  private static HtmlPage returnToPlatform(String jwt) throws Exception {
    try (WebClient browser = SandboxFixture.quietBrowser()) {
      WebRequest request =
          new WebRequest(
              URI.create(sandbox.base + "/sandbox/deep-link-return").toURL(), HttpMethod.POST);
      request.setRequestParameters(List.of(new NameValuePair("JWT", jwt)));
      return browser.getPage(request);
    }
  }
}
