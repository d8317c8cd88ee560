package com.recoverylab.instructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.recoverylab.app.AppServer;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.Received;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.Role;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeepLinkFlowTest {
  private static AppServer server;
  private static FakePlatform moodle;
  private static Platform platform;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(TestServer.settings(TestDatabases.h2()), Fixtures.content());
    moodle = FakePlatform.start();
    platform = Fixtures.platform(server, Fixtures.ISSUER, null);
  }

  @AfterAll
  static void stop() {
    moodle.close();
    server.close();
  }

  private LaunchSession deepLinking(ObjectNode launchData) {
    return Fixtures.launch(
        server,
        platform,
        "course-dl",
        "teacher-1",
        "Tess Teacher",
        Role.INSTRUCTOR,
        null,
        null,
        null,
        launchData);
  }

  @Test
  void instructor_deep_links_two_quizzes_with_their_rules_in_a_signed_response() throws Exception {
    LaunchSession session =
        deepLinking(Fixtures.deepLinkingLaunch(moodle.deepLinking().url(), true, "{\"cmid\":7}"));
    moodle.deepLinking().clear();
    try (WebClient browser = TestServer.browser()) {
      HtmlPage picker = browser.getPage(server.url() + "/instructor/deep-link?s=" + session.id());
      assertEquals(200, picker.getWebResponse().getStatusCode());
      String text = picker.asNormalizedText();
      assertTrue(text.contains("Two runs, one short night"), text);
      assertTrue(text.contains("2 questions per attempt"), text);
      assertTrue(text.contains("Basics come first"), text);
      assertNotNull(
          picker.getFirstByXPath("//a[@href='/quizzes/two-runs?s=" + session.id() + "']"),
          "preview link");
      HtmlForm form = picker.getForms().get(0);
      ((HtmlCheckBoxInput) picker.getElementById("item_quiz:two-runs")).setChecked(true);
      ((HtmlCheckBoxInput) picker.getElementById("item_quiz:flight")).setChecked(true);
      form.getInputByName("points_two-runs").setValue("20");
      form.getInputByName("attempts_two-runs").setValue("2");
      ((HtmlSelect) form.getSelectByName("grading_two-runs")).setSelectedAttribute("last", true);
      ((HtmlSelect) form.getSelectByName("feedback_flight")).setSelectedAttribute("at-end", true);
      ((HtmlCheckBoxInput) form.getInputByName("graded_flight")).setChecked(false);

      HtmlPage landed = form.getButtonByName("add").click();
      browser.waitForBackgroundJavaScript(2_000);
      Received posted = moodle.deepLinking().nextPost(5);
      assertNotNull(posted, "the return page posted to the platform by itself");
      assertEquals("POST", posted.method());
      assertTrue(
          ((HtmlPage) browser.getCurrentWindow().getEnclosedPage())
              .asNormalizedText()
              .contains("Activities added"),
          landed.asNormalizedText());

      SignedJWT jwt = SignedJWT.parse(posted.form().get("JWT"));
      String kid = jwt.getHeader().getKeyID();
      assertNotNull(kid, "Moodle rejects responses without kid");
      JWKSet jwks = JWKSet.load(URI.create(server.url() + "/.well-known/jwks.json").toURL());
      RSAKey key = jwks.getKeyByKeyId(kid).toRSAKey();
      assertTrue(
          jwt.verify(new RSASSAVerifier(key)), "signature verifies against the published JWKS");

      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      assertEquals(Fixtures.CLIENT_ID, claims.getIssuer());
      assertEquals(List.of(Fixtures.ISSUER), claims.getAudience());
      assertEquals(
          300, (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000);
      assertNotNull(claims.getStringClaim("nonce"));
      assertEquals(
          "1", claims.getStringClaim("https://purl.imsglobal.org/spec/lti/claim/deployment_id"));
      assertEquals(
          "LtiDeepLinkingResponse",
          claims.getStringClaim("https://purl.imsglobal.org/spec/lti/claim/message_type"));
      assertEquals(
          "1.3.0", claims.getStringClaim("https://purl.imsglobal.org/spec/lti/claim/version"));
      assertEquals(
          "{\"cmid\":7}",
          claims.getStringClaim("https://purl.imsglobal.org/spec/lti-dl/claim/data"));

      @SuppressWarnings("unchecked")
      List<Map<String, Object>> items =
          (List<Map<String, Object>>)
              claims.getClaim("https://purl.imsglobal.org/spec/lti-dl/claim/content_items");
      assertEquals(2, items.size());
      Map<String, Object> twoRuns = items.get(0);
      assertEquals("ltiResourceLink", twoRuns.get("type"));
      assertEquals("Two runs, one short night", twoRuns.get("title"));
      assertEquals("Back-to-back sessions and what fits.", twoRuns.get("text"));
      assertEquals(server.url() + "/lti/launch", twoRuns.get("url"));
      assertEquals(
          Map.of(
              "content",
              "quiz:two-runs",
              "points",
              "20",
              "attempts",
              "2",
              "grading",
              "last",
              "feedback",
              "at-end"),
          twoRuns.get("custom"));
      @SuppressWarnings("unchecked")
      Map<String, Object> lineItem = (Map<String, Object>) twoRuns.get("lineItem");
      assertEquals(20L, ((Number) lineItem.get("scoreMaximum")).longValue());
      assertEquals("Two runs, one short night", lineItem.get("label"));
      assertEquals("two-runs", lineItem.get("resourceId"));
      assertEquals("recovery-lab", lineItem.get("tag"));
      assertEquals(
          Map.of("reachableAs", List.of("LtiSubmissionReviewRequest")),
          lineItem.get("submissionReview"),
          "a grade clicked in the gradebook opens the student's attempts");

      Map<String, Object> flight = items.get(1);
      assertEquals(
          Map.of(
              "content",
              "quiz:flight",
              "points",
              "5",
              "attempts",
              "0",
              "grading",
              "last",
              "feedback",
              "at-end"),
          flight.get("custom"));
      assertNull(flight.get("lineItem"), "the instructor chose no gradebook column for this one");
    }
  }

  @Test
  void
      during_deep_linking_the_header_offers_no_results_or_settings_of_a_link_that_does_not_exist_yet()
          throws Exception {
    LaunchSession session =
        deepLinking(Fixtures.deepLinkingLaunch(moodle.deepLinking().url(), true, null));
    try (WebClient browser = TestServer.browser()) {
      HtmlPage picker = browser.getPage(server.url() + "/instructor/deep-link?s=" + session.id());
      HtmlPage preview = browser.getPage(server.url() + "/quizzes/two-runs?s=" + session.id());
      for (HtmlPage page : java.util.List.of(picker, preview)) {
        assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
        String html = page.getWebResponse().getContentAsString();
        assertFalse(
            html.contains("/instructor/results") || html.contains("/instructor/settings"),
            page.getUrl() + " links to pages that answer 403 without a link: " + html);
      }
    }
  }

  @Test
  void a_lesson_is_an_ungraded_link_naming_the_lesson() throws Exception {
    LaunchSession session =
        deepLinking(Fixtures.deepLinkingLaunch(moodle.deepLinking().url(), false, null));
    moodle.deepLinking().clear();
    try (WebClient browser = TestServer.browser()) {
      HtmlPage picker = browser.getPage(server.url() + "/instructor/deep-link?s=" + session.id());
      assertEquals(
          "radio",
          picker.getElementById("item_lesson:the-tools").getAttribute("type"),
          "one item at a time when the platform does not accept several");
      picker.getElementById("item_lesson:the-tools").click();
      picker.getForms().get(0).getButtonByName("add").click();
      Received posted = moodle.deepLinking().nextPost(5);
      assertNotNull(posted);
      JWTClaimsSet claims = SignedJWT.parse(posted.form().get("JWT")).getJWTClaimsSet();
      assertFalse(
          claims.getClaims().containsKey("https://purl.imsglobal.org/spec/lti-dl/claim/data"),
          "no data in the request, none in the response");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> items =
          (List<Map<String, Object>>)
              claims.getClaim("https://purl.imsglobal.org/spec/lti-dl/claim/content_items");
      assertEquals(
          List.of(
              Map.of(
                  "type",
                  "ltiResourceLink",
                  "title",
                  "The tools",
                  "text",
                  "What each tool changes.",
                  "url",
                  server.url() + "/lti/launch",
                  "custom",
                  Map.of("content", "lesson:the-tools"))),
          items);
    }
  }

  @Test
  void no_line_items_when_the_platform_does_not_accept_them() throws Exception {
    ObjectNode launch = Fixtures.deepLinkingLaunch(moodle.deepLinking().url(), true, null);
    ((ObjectNode) launch.get("deep_linking_settings")).put("accept_lineitem", false);
    LaunchSession session = deepLinking(launch);
    moodle.deepLinking().clear();
    try (WebClient browser = TestServer.browser()) {
      HtmlPage picker = browser.getPage(server.url() + "/instructor/deep-link?s=" + session.id());
      assertTrue(
          picker.asNormalizedText().contains("does not create gradebook columns"),
          picker.asNormalizedText());
      ((HtmlCheckBoxInput) picker.getElementById("item_quiz:two-runs")).setChecked(true);
      picker.getForms().get(0).getButtonByName("add").click();
      Received posted = moodle.deepLinking().nextPost(5);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> items =
          (List<Map<String, Object>>)
              SignedJWT.parse(posted.form().get("JWT"))
                  .getJWTClaimsSet()
                  .getClaim("https://purl.imsglobal.org/spec/lti-dl/claim/content_items");
      assertNull(items.get(0).get("lineItem"));
    }
  }

  @Test
  void platform_accepting_no_resource_links_gets_a_page_saying_so() throws Exception {
    ObjectNode launch = Fixtures.deepLinkingLaunch(moodle.deepLinking().url(), true, null);
    ((ObjectNode) launch.get("deep_linking_settings"))
        .putArray("accept_types")
        .add("file")
        .add("html");
    LaunchSession session = deepLinking(launch);
    try (WebClient browser = TestServer.browser()) {
      HtmlPage page = browser.getPage(server.url() + "/instructor/deep-link?s=" + session.id());
      String text = page.asNormalizedText();
      assertTrue(text.contains("Nothing this tool offers can be added here"), text);
      assertTrue(text.contains("file, html"), text);
      assertTrue(page.getForms().isEmpty(), "nothing to choose");
    }
  }

  @Test
  void bad_points_are_refused_with_the_quiz_named() throws Exception {
    LaunchSession session =
        deepLinking(Fixtures.deepLinkingLaunch(moodle.deepLinking().url(), true, null));
    try (WebClient browser = TestServer.browser()) {
      HtmlPage picker = browser.getPage(server.url() + "/instructor/deep-link?s=" + session.id());
      ((HtmlCheckBoxInput) picker.getElementById("item_quiz:two-runs")).setChecked(true);
      HtmlForm form = picker.getForms().get(0);
      form.getInputByName("points_two-runs").removeAttribute("min");
      form.getInputByName("points_two-runs").setValue("-3");
      HtmlPage refused = form.getButtonByName("add").click();
      assertEquals(400, refused.getWebResponse().getStatusCode());
      String text = refused.asNormalizedText();
      assertTrue(text.contains("Two runs, one short night"), text);
      assertTrue(text.contains("points must be a number above 0"), text);
    }
  }

  @Test
  void two_items_for_a_platform_that_takes_one_are_refused() throws Exception {
    LaunchSession session =
        deepLinking(Fixtures.deepLinkingLaunch(moodle.deepLinking().url(), false, null));
    try (WebClient browser = TestServer.browser()) {
      HtmlPage refused =
          Forms.post(
              browser,
              server.url() + "/instructor/deep-link",
              Map.of("s", session.id(), "csrf", session.csrfToken()),
              List.of(Map.entry("item", "quiz:two-runs"), Map.entry("item", "lesson:the-tools")));
      assertEquals(400, refused.getWebResponse().getStatusCode());
      assertTrue(
          refused.asNormalizedText().contains("takes one activity at a time"),
          refused.asNormalizedText());
    }
  }

  @Test
  void adding_with_nothing_ticked_keeps_the_picker_and_what_was_typed_and_says_what_is_missing()
      throws Exception {
    LaunchSession session =
        deepLinking(Fixtures.deepLinkingLaunch(moodle.deepLinking().url(), true, null));
    try (WebClient browser = TestServer.browser()) {
      HtmlPage picker = browser.getPage(server.url() + "/instructor/deep-link?s=" + session.id());
      HtmlForm form = picker.getForms().get(0);
      form.getInputByName("points_two-runs").setValue("12.5");
      ((HtmlSelect) form.getSelectByName("grading_two-runs")).setSelectedAttribute("average", true);
      ((HtmlCheckBoxInput) form.getInputByName("graded_flight")).setChecked(false);
      HtmlPage refused = form.getButtonByName("add").click();
      assertEquals(400, refused.getWebResponse().getStatusCode());
      assertTrue(
          refused
              .getElementById("form-error")
              .asNormalizedText()
              .contains("Choose at least one lesson or quiz to add."),
          refused.asNormalizedText());
      HtmlForm again = refused.getForms().get(0);
      assertNotNull(
          again.getButtonByName("add"), "the picker itself comes back, not a dead-end error page");
      assertEquals("12.5", again.getInputByName("points_two-runs").getValue());
      assertEquals(
          "average",
          ((HtmlSelect) again.getSelectByName("grading_two-runs"))
              .getSelectedOptions()
              .get(0)
              .getValueAttribute());
      assertFalse(
          ((HtmlCheckBoxInput) again.getInputByName("graded_flight")).isChecked(),
          "an unticked box stays so");
      assertTrue(((HtmlCheckBoxInput) again.getInputByName("graded_two-runs")).isChecked());

      // and from there the instructor finishes the job
      ((HtmlCheckBoxInput) refused.getElementById("item_quiz:two-runs")).setChecked(true);
      again.getButtonByName("add").click();
      browser.waitForBackgroundJavaScript(2_000);
      Received posted = moodle.deepLinking().nextPost(5);
      assertNotNull(posted, "the corrected form reaches the platform");
      String custom = SignedJWT.parse(posted.form().get("JWT")).getJWTClaimsSet().toString();
      assertTrue(
          custom.contains("\"points\":\"12.5\"") && custom.contains("\"grading\":\"average\""),
          custom);
    }
  }
}
