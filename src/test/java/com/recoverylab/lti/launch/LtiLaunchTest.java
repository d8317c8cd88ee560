package com.recoverylab.lti.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.recoverylab.app.AppServer;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.FixtureContent;
import com.recoverylab.testing.Rows;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import com.recoverylab.web.Json;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlRadioButtonInput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real launches from a Moodle-like platform through the running tool, in HtmlUnit. */
class LtiLaunchTest {
  private static AppServer server;
  private static FakePlatform moodle;

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

  @Test
  void student_launch_with_content_lands_on_the_quiz_with_a_session() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      FakePlatform.Launch launch = moodle.launch().content("quiz:back-to-back");
      launch.linkId = "quiz-link";
      Page page = moodle.run(browser, launch);

      URL url = page.getUrl();
      assertEquals("/quizzes/back-to-back", url.getPath(), url.toString());
      Map<String, Object> session = session(query(url).get("s"));
      assertEquals("LEARNER", session.get("ROLE"));
      assertEquals("Sam Runner", session.get("DISPLAY_NAME"));
      JsonNode data = Json.MAPPER.readTree((String) session.get("LAUNCH_DATA"));
      assertEquals("LtiResourceLinkRequest", data.path("message_type").asText());
      assertEquals("1", data.path("deployment_id").asText());
      assertTrue(
          data.path("context_memberships_url").asText().endsWith("/bindings/1/memberships"),
          data.toString());
      assertTrue(
          data.path("basic_outcome")
              .path("lis_outcome_service_url")
              .asText()
              .endsWith("/mod/lti/service.php"));
      assertEquals("window", data.path("document_target").asText());
      Map<String, Object> link =
          Rows.jdbc(server)
              .queryOne(
                  "SELECT content_kind, content_id, ags_lineitem_url, ags_scopes FROM resource_links WHERE id = ?",
                  LtiLaunchTest::row,
                  session.get("RESOURCE_LINK_ID"))
              .orElseThrow();
      assertEquals("quiz", link.get("CONTENT_KIND"));
      assertEquals("back-to-back", link.get("CONTENT_ID"));
      assertTrue(
          ((String) link.get("AGS_LINEITEM_URL")).endsWith("/lineitem?type_id=1"), link.toString());
      assertTrue(((String) link.get("AGS_SCOPES")).contains("scope/score"), link.toString());
    }
  }

  @Test
  void login_sends_only_the_standard_parameters_and_echoes_the_message_hint() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      int before = moodle.authRequests().size();
      moodle.run(browser, moodle.launch().content("overview"));
      Map<String, String> auth = moodle.authRequests().get(before);
      assertEquals(
          Set.of(
              "scope",
              "response_type",
              "response_mode",
              "prompt",
              "client_id",
              "redirect_uri",
              "login_hint",
              "lti_message_hint",
              "state",
              "nonce"),
          auth.keySet());
      assertEquals("openid", auth.get("scope"));
      assertEquals("id_token", auth.get("response_type"));
      assertEquals("form_post", auth.get("response_mode"));
      assertEquals("none", auth.get("prompt"));
      assertEquals(server.url() + "/lti/launch", auth.get("redirect_uri"));
      assertTrue(
          auth.get("lti_message_hint").startsWith("{\"cmid\":2,\"launchid\":\"ltilaunch1_"),
          auth.toString());
      Map<String, Object> state =
          Rows.jdbc(server)
              .queryOne(
                  "SELECT * FROM oidc_states WHERE state = ?",
                  LtiLaunchTest::row,
                  auth.get("state"))
              .orElseThrow();
      assertEquals(auth.get("nonce"), state.get("NONCE"));
      assertNotNull(state.get("USED_AT"), "the state is used once");
    }
  }

  /**
   * The launch keeps no table of used nonces: a nonce is used once because its state is, which
   * holds only while no two states carry the same nonce. Each login draws 256 fresh random bits.
   */
  @Test
  void every_login_sends_a_nonce_of_its_own_that_only_its_state_carries() throws Exception {
    java.util.Set<String> nonces = new java.util.HashSet<>();
    try (WebClient browser = TestServer.browser()) {
      browser.getOptions().setRedirectEnabled(false);
      for (int login = 0; login < 20; login++) {
        Page page = browser.getPage(loginRequest());
        Map<String, String> auth =
            query(new URL(page.getWebResponse().getResponseHeaderValue("Location")));
        String nonce = auth.get("nonce");
        assertEquals(
            32,
            java.util.Base64.getUrlDecoder().decode(nonce).length,
            "256 random bits, URL-safe: " + nonce);
        assertTrue(nonces.add(nonce), "a nonce sent before: " + nonce);
        assertFalse(nonce.equals(auth.get("state")), "the nonce is not the state");
        assertEquals(
            List.of(auth.get("state")),
            Rows.jdbc(server)
                .query("SELECT state FROM oidc_states WHERE nonce = ?", r -> r.getString(1), nonce),
            "one state carries the nonce");
      }
    }
  }

  @Test
  void login_cookie_is_lax_over_plain_http_at_the_top_and_scoped_to_the_lti_paths()
      throws Exception {
    try (WebClient browser = TestServer.browser()) {
      browser.getOptions().setRedirectEnabled(false);
      Page page = browser.getPage(loginRequest());
      assertEquals(302, page.getWebResponse().getStatusCode());
      String cookie = page.getWebResponse().getResponseHeaderValue("Set-Cookie");
      assertTrue(cookie.startsWith("lti_login_"), cookie);
      assertTrue(
          cookie.contains("Path=/lti;")
              && cookie.contains("HttpOnly")
              && cookie.contains("SameSite=Lax")
              && !cookie.contains("Partitioned"),
          cookie);
      String location = page.getWebResponse().getResponseHeaderValue("Location");
      assertTrue(location.startsWith(moodle.authUrl() + "?scope=openid&"), location);
      assertFalse(
          location.contains("lti_message_hint"),
          "absent message hint is not invented: " + location);
    }
  }

  @Test
  void
      login_inside_another_sites_frame_keeps_the_secret_in_a_partitioned_cookie_and_the_frames_storage()
          throws Exception {
    try (WebClient browser = TestServer.browser()) {
      browser.getOptions().setJavaScriptEnabled(false);
      org.htmlunit.WebRequest login = loginRequest();
      login.setAdditionalHeader("Sec-Fetch-Dest", "iframe");
      login.setAdditionalHeader("Sec-Fetch-Site", "cross-site");
      HtmlPage page = browser.getPage(login);
      assertEquals(200, page.getWebResponse().getStatusCode());
      String cookie = page.getWebResponse().getResponseHeaderValue("Set-Cookie");
      // on a loopback address browsers accept Secure over http, so the frame gets what HTTPS would
      // give
      assertTrue(cookie.contains("SameSite=None; Secure; Partitioned"), cookie);
      String secret = cookie.substring(cookie.indexOf('.') + 1, cookie.indexOf(';'));
      org.htmlunit.html.HtmlElement box = page.getHtmlElementById("lti-login-storage");
      assertEquals(
          secret,
          box.getAttribute("data-secret"),
          "the page keeps the cookie's secret for the frame");
      String state = box.getAttribute("data-state");
      assertTrue(cookie.startsWith("lti_login_" + state + "="), cookie);
      Map<String, Object> row =
          Rows.jdbc(server)
              .queryOne("SELECT * FROM oidc_states WHERE state = ?", LtiLaunchTest::row, state)
              .orElseThrow();
      assertEquals(Boolean.TRUE, row.get("CLIENT_STORED"));
      assertFalse(row.toString().contains(secret), "only a hash of the secret is stored");
      String authUrl = page.getHtmlElementById("lti-login-continue").getAttribute("href");
      assertTrue(authUrl.startsWith(moodle.authUrl() + "?") && !authUrl.contains(secret), authUrl);
    }
  }

  private org.htmlunit.WebRequest loginRequest() throws java.net.MalformedURLException {
    return new org.htmlunit.WebRequest(
        new URL(
            server.url()
                + "/lti/login?iss="
                + enc(moodle.issuer())
                + "&login_hint=2&target_link_uri="
                + enc(server.url() + "/lti/launch")
                + "&client_id="
                + enc(moodle.clientId())));
  }

  @Test
  void login_without_client_id_uses_the_issuers_only_registration() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      FakePlatform.Launch launch = moodle.launch().content("lesson:foam-rolling");
      launch.sendClientId = false;
      Page page = moodle.run(browser, launch);
      assertEquals("/lessons/foam-rolling", page.getUrl().getPath());
    }
  }

  @Test
  void student_on_a_link_without_content_learns_it_is_not_set_up() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      FakePlatform.Launch launch = moodle.launch();
      launch.linkId = "empty-for-student";
      HtmlPage page = (HtmlPage) moodle.run(browser, launch);
      assertEquals("/lti/assign", page.getUrl().getPath());
      assertEquals(200, page.getWebResponse().getStatusCode());
      assertTrue(
          page.asNormalizedText().contains("not yet chosen what this activity shows"),
          page.asNormalizedText());
      assertTrue(page.getByXPath("//input[@name='content']").isEmpty(), "students get no picker");
    }
  }

  @Test
  void instructor_assigns_content_to_an_empty_link_and_students_then_land_on_it() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      FakePlatform.Launch launch = moodle.launch().instructor();
      launch.linkId = "empty-for-instructor";
      HtmlPage picker = (HtmlPage) moodle.run(browser, launch);
      assertEquals("/lti/assign", picker.getUrl().getPath());
      String text = picker.asNormalizedText();
      assertTrue(text.contains("Course overview") && text.contains("Sleep, food, structure"), text);
      HtmlRadioButtonInput lesson = picker.getHtmlElementById("content-lesson-basics-first");
      lesson.setChecked(true);
      Page after = ((HtmlButton) picker.getHtmlElementById("assign-submit")).click();
      assertEquals("/lessons/basics-first", after.getUrl().getPath());
      String sessionId = query(after.getUrl()).get("s");
      assertEquals("INSTRUCTOR", session(sessionId).get("ROLE"));
    }
    try (WebClient student = TestServer.browser()) {
      FakePlatform.Launch launch = moodle.launch();
      launch.linkId = "empty-for-instructor";
      launch.userId = "21";
      assertEquals("/lessons/basics-first", moodle.run(student, launch).getUrl().getPath());
    }
  }

  @Test
  void assign_form_without_the_csrf_token_is_refused() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      FakePlatform.Launch launch = moodle.launch().instructor();
      launch.linkId = "csrf-link";
      HtmlPage picker = (HtmlPage) moodle.run(browser, launch);
      picker.getElementByName("csrf").setAttribute("value", "forged");
      Page after = ((HtmlButton) picker.getHtmlElementById("assign-submit")).click();
      assertEquals(403, after.getWebResponse().getStatusCode());
      assertEquals(
          1L,
          Rows.jdbc(server)
              .queryOne(
                  "SELECT COUNT(*) FROM resource_links WHERE link_id = 'csrf-link' AND content_kind IS NULL",
                  r -> r.getLong(1))
              .orElseThrow(),
          "the link still has no content");
    }
  }

  @Test
  void deep_linking_request_goes_to_the_instructor_picker_with_its_settings() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      FakePlatform.Launch launch = moodle.launch().instructor();
      launch.messageType = "LtiDeepLinkingRequest";
      Page page = moodle.run(browser, launch);
      assertEquals("/instructor/deep-link", page.getUrl().getPath());
      Map<String, Object> session = session(query(page.getUrl()).get("s"));
      assertEquals(null, session.get("RESOURCE_LINK_ID"));
      JsonNode data = Json.MAPPER.readTree((String) session.get("LAUNCH_DATA"));
      assertTrue(
          data.path("deep_linking_settings")
              .path("deep_link_return_url")
              .asText()
              .contains("contentitem_return"),
          data.toString());
      assertTrue(
          data.path("ags_lineitems_url").asText().endsWith("lineitems?type_id=1"), data.toString());
    }
  }

  @Test
  void submission_review_goes_to_the_instructor_review_of_that_user() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      FakePlatform.Launch launch = moodle.launch().instructor().content("quiz:back-to-back");
      launch.messageType = "LtiSubmissionReviewRequest";
      launch.claimsTweak =
          c ->
              c.claim(
                  "https://purl.imsglobal.org/spec/lti/claim/for_user",
                  Map.of("user_id", "2", "name", "Sam Runner"));
      Page page = moodle.run(browser, launch);
      assertEquals("/instructor/review", page.getUrl().getPath());
      assertEquals("2", query(page.getUrl()).get("user"));
    }
  }

  @Test
  void submission_review_without_for_user_shows_the_instructor_the_results_of_the_activity()
      throws Exception {
    try (WebClient browser = TestServer.browser()) {
      // Moodle 4.5's gradebook column menu, "View External tool results": no for_user claim
      FakePlatform.Launch launch = moodle.launch().instructor().content("quiz:back-to-back");
      launch.messageType = "LtiSubmissionReviewRequest";
      Page page = moodle.run(browser, launch);
      assertEquals("/instructor/results", page.getUrl().getPath());
      assertEquals(200, page.getWebResponse().getStatusCode());
      String text = ((HtmlPage) page).asNormalizedText();
      assertTrue(text.contains("Results"), text);
      assertFalse(text.contains("missing required information"), text);
    }
  }

  @Test
  void submission_review_by_a_learner_opens_their_own_attempts_whoever_for_user_names()
      throws Exception {
    try (WebClient browser = TestServer.browser()) {
      FakePlatform.Launch launch = moodle.launch().content("quiz:back-to-back");
      launch.messageType = "LtiSubmissionReviewRequest";
      launch.claimsTweak =
          c ->
              c.claim(
                  "https://purl.imsglobal.org/spec/lti/claim/for_user",
                  Map.of("user_id", "someone-else"));
      Page page = moodle.run(browser, launch);
      assertEquals("/quizzes/back-to-back", page.getUrl().getPath());
      assertEquals(200, page.getWebResponse().getStatusCode());
    }
  }

  @Test
  void two_platforms_launch_side_by_side_into_separate_courses() throws Exception {
    try (FakePlatform other = FakePlatform.start().registerWith(server);
        WebClient first = TestServer.browser();
        WebClient second = TestServer.browser()) {
      FakePlatform.Launch a = moodle.launch().content("overview");
      a.contextId = "shared-id";
      FakePlatform.Launch b = other.launch().content("overview");
      b.contextId = "shared-id";
      Page pageA = moodle.run(first, a);
      Page pageB = other.run(second, b);
      assertEquals("/course", pageA.getUrl().getPath());
      assertEquals("/course", pageB.getUrl().getPath());
      Map<String, Object> sessionA = session(query(pageA.getUrl()).get("s"));
      Map<String, Object> sessionB = session(query(pageB.getUrl()).get("s"));
      assertFalse(sessionA.get("PLATFORM_ID").equals(sessionB.get("PLATFORM_ID")));
      assertFalse(
          sessionA.get("COURSE_ID").equals(sessionB.get("COURSE_ID")),
          "same context id, other platform");
    }
  }

  @Test
  void rotated_platform_key_is_picked_up_by_one_refetch() throws Exception {
    try (FakePlatform rotating = FakePlatform.start().registerWith(server);
        WebClient browser = TestServer.browser()) {
      assertEquals(
          "/course",
          rotating.run(browser, rotating.launch().content("overview")).getUrl().getPath());
      assertEquals(1, rotating.jwksFetches());
      rotating.rotateKey();
      assertEquals(
          "/course",
          rotating.run(browser, rotating.launch().content("overview")).getUrl().getPath());
      assertEquals(2, rotating.jwksFetches(), "the unknown kid caused exactly one refetch");
      assertEquals(
          "/course",
          rotating.run(browser, rotating.launch().content("overview")).getUrl().getPath());
      assertEquals(2, rotating.jwksFetches(), "keys are cached between launches");
    }
  }

  @Test
  void names_and_titles_from_the_platform_and_content_are_shown_escaped() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      List<String> alerts = new java.util.ArrayList<>();
      browser.setAlertHandler((page, message) -> alerts.add(message));
      FakePlatform.Launch student = moodle.launch();
      student.linkId = "xss-link";
      student.givenName = "<script>alert('name')</script>";
      student.familyName = "<img src=x onerror=alert(2)>";
      student.linkTitle = "<script>alert('title')</script>";
      HtmlPage page = (HtmlPage) moodle.run(browser, student);
      assertTrue(
          page.asNormalizedText().contains("<script>alert('name')</script>"),
          page.asNormalizedText());
      assertTrue(
          page.getByXPath("//main//script").isEmpty() && page.getByXPath("//main//img").isEmpty());

      FakePlatform.Launch teacher = moodle.launch().instructor();
      teacher.linkId = "xss-link";
      HtmlPage picker = (HtmlPage) moodle.run(browser, teacher);
      assertTrue(
          picker.asNormalizedText().contains("Two runs in 20 hours <script>alert(1)</script>"));
      assertTrue(picker.asNormalizedText().contains("Foam rolling <b>between</b> runs"));
      assertTrue(
          picker.getByXPath("//main//script").isEmpty()
              && picker.getByXPath("//main//b").isEmpty());
      assertTrue(alerts.isEmpty(), alerts.toString());
    }
  }

  @Test
  void tool_urls_page_lists_every_address_to_paste_into_a_platform() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      HtmlPage page = browser.getPage(server.url() + "/lti/urls");
      assertEquals(
          server.url() + "/lti/login", page.getHtmlElementById("url-login").asNormalizedText());
      assertEquals(
          server.url() + "/lti/launch", page.getHtmlElementById("url-redirect").asNormalizedText());
      assertEquals(
          server.url() + "/.well-known/jwks.json",
          page.getHtmlElementById("url-jwks").asNormalizedText());
      assertEquals(
          server.url() + "/lti/register",
          page.getHtmlElementById("url-registration").asNormalizedText());
      assertEquals(
          server.url() + "/lti/launch",
          page.getHtmlElementById("url-deep-linking").asNormalizedText());
      assertEquals(
          "127.0.0.1:" + server.port(), page.getHtmlElementById("url-domain").asNormalizedText());
    }
  }

  // --- helpers ---

  private Map<String, Object> session(String id) {
    return Rows.jdbc(server)
        .queryOne("SELECT * FROM launch_sessions WHERE id = ?", LtiLaunchTest::row, id)
        .orElseThrow(() -> new AssertionError("no session " + id));
  }

  static Map<String, Object> row(java.sql.ResultSet r) throws java.sql.SQLException {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
      row.put(r.getMetaData().getColumnLabel(i).toUpperCase(java.util.Locale.ROOT), r.getObject(i));
    }
    return row;
  }

  static Map<String, String> query(URL url) {
    Map<String, String> params = new LinkedHashMap<>();
    if (url.getQuery() != null) {
      for (String pair : url.getQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        params.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    return params;
  }

  static String enc(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
