package com.recoverylab.lti.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.app.AppServer;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.Lti11Consumer;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import com.recoverylab.testing.TestServer;
import java.net.URL;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** LTI 1.1 launches end to end: a test platform signs launches and a browser posts them. */
class LegacyLaunchTest {
  private static AppServer server;
  private static FakePlatform moodle;
  private static Lti11Consumer platform;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestServer.settings(TestDatabases.h2()));
    moodle = FakePlatform.start();
    platform = moodle.lti11(server, "moodle-test");
  }

  @AfterAll
  static void stop() {
    server.close();
    moodle.close();
  }

  static Jdbc jdbc(AppServer tool) {
    return new Jdbc(tool.database().dataSource(), tool.database().isPostgres());
  }

  /** How many rows the launch tables hold, to show that a refused launch wrote nothing. */
  static Map<String, Long> counts(AppServer tool) {
    Jdbc jdbc = jdbc(tool);
    Map<String, Long> counts = new java.util.LinkedHashMap<>();
    for (String table :
        java.util.List.of(
            "users",
            "courses",
            "resource_links",
            "launch_sessions",
            "lti11_nonces",
            "legacy_outcomes")) {
      counts.put(
          table,
          jdbc.queryOne("SELECT COUNT(*) AS n FROM " + table, row -> row.getLong("n"))
              .orElseThrow());
    }
    return counts;
  }

  /** A launch with a fresh link, so tests do not see each other's content choices. */
  private static Map<String, String> launch(String... changes) {
    Map<String, String> params = platform.learnerLaunch();
    params.put("resource_link_id", "link-" + UUID.randomUUID());
    for (int i = 0; i < changes.length; i += 2) {
      if (changes[i + 1] == null) {
        params.remove(changes[i]);
      } else {
        params.put(changes[i], changes[i + 1]);
      }
    }
    return params;
  }

  private static Map<String, Object> sessionOf(Page page) {
    String query = page.getUrl().getQuery();
    assertNotNull(query, "landing page carries the session: " + page.getUrl());
    String id =
        Stream.of(query.split("&"))
            .filter(p -> p.startsWith("s="))
            .map(p -> p.substring(2))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no s= in " + page.getUrl()));
    Jdbc jdbc = jdbc(server);
    return jdbc.queryOne(
            "SELECT s.role, s.expires_at, u.subject, u.name, u.email, c.context_id, c.title AS course,"
                + " l.link_id, l.content_kind, l.content_id, s.resource_link_id, s.user_id FROM launch_sessions s"
                + " JOIN users u ON u.id = s.user_id JOIN courses c ON c.id = s.course_id"
                + " LEFT JOIN resource_links l ON l.id = s.resource_link_id WHERE s.id = ?",
            row -> {
              Map<String, Object> m = new java.util.HashMap<>();
              for (String column :
                  new String[] {
                    "role",
                    "subject",
                    "name",
                    "email",
                    "context_id",
                    "course",
                    "link_id",
                    "content_kind",
                    "content_id"
                  }) {
                m.put(column, row.getString(column));
              }
              m.put("resource_link_id", row.getLong("resource_link_id"));
              m.put("user_id", row.getLong("user_id"));
              m.put("expires_at", Jdbc.instant(row, "expires_at"));
              return m;
            },
            id)
        .orElseThrow(() -> new AssertionError("no stored session " + id));
  }

  private static String text(Page page) {
    return ((HtmlPage) page).asNormalizedText();
  }

  private static void assertRefused(int status, String expectedText, Map<String, String> params)
      throws Exception {
    Map<String, Long> before = counts(server);
    try (WebClient browser = TestServer.browser()) {
      Page page = platform.post(browser, params);
      assertEquals(status, page.getWebResponse().getStatusCode(), text(page));
      assertTrue(text(page).contains(expectedText), text(page));
      assertFalse(
          page.getUrl().getQuery() != null && page.getUrl().getQuery().contains("s="),
          "no session given");
    }
    assertEquals(before, counts(server), "a refused launch writes nothing");
  }

  @Test
  void signed_launch_from_an_auto_submitting_platform_page_lands_on_the_quiz_with_a_session()
      throws Exception {
    Map<String, String> signed = platform.sign(launch());
    try (WebClient browser = TestServer.browser()) {
      // the platform's page: a form of hidden fields that submits itself, as Moodle's launch page
      // does
      Page landed = platform.launchFromPlatformPage(browser, signed);
      // the browser followed the tool's 303 to the quiz
      assertEquals("/quizzes/" + Lti11Consumer.QUIZ, landed.getUrl().getPath());
      Map<String, Object> session = sessionOf(landed);
      assertEquals("LEARNER", session.get("role"));
      assertEquals("7", session.get("subject"));
      assertEquals(
          "Zoë Runner", session.get("name"), "form-encoded UTF-8 survives signing and parsing");
      assertEquals("zoe@example.edu", session.get("email"));
      assertEquals("3", session.get("context_id"));
      assertEquals("Running well", session.get("course"));
      assertEquals(signed.get("resource_link_id"), session.get("link_id"));
      assertEquals("quiz", session.get("content_kind"));
      assertEquals(Lti11Consumer.QUIZ, session.get("content_id"));
      assertTrue(((Instant) session.get("expires_at")).isAfter(Instant.now()));
      Jdbc jdbc = jdbc(server);
      assertEquals(
          signed.get("lis_result_sourcedid") + " " + signed.get("lis_outcome_service_url"),
          jdbc.queryOne(
                  "SELECT sourcedid, service_url FROM legacy_outcomes WHERE resource_link_id = ? AND user_id = ?",
                  row -> row.getString(1) + " " + row.getString(2),
                  session.get("resource_link_id"),
                  session.get("user_id"))
              .orElseThrow());
      assertEquals(
          "1.1",
          jdbc.queryOne(
                  "SELECT p.lti_version FROM platforms p JOIN users u ON u.platform_id = p.id"
                      + " WHERE u.id = ?",
                  row -> row.getString(1),
                  session.get("user_id"))
              .orElseThrow());
    }
  }

  @Test
  void launch_signed_by_hand_per_rfc_5849_is_accepted() throws Exception {
    Map<String, String> signed =
        Rfc5849.sign(
            launch("custom_content", "lesson:foam-rolling"),
            platform.launchUrl(),
            platform.key(),
            platform.secret(),
            Instant.now().getEpochSecond(),
            UUID.randomUUID().toString());
    try (WebClient browser = TestServer.browser()) {
      Page landed = platform.post(browser, signed);
      assertEquals("/lessons/foam-rolling", landed.getUrl().getPath());
      assertEquals("lesson", sessionOf(landed).get("content_kind"));
    }
  }

  @Test
  void instructor_without_content_goes_to_assigning_and_a_learner_then_to_the_overview()
      throws Exception {
    Map<String, String> instructor =
        launch(
            "custom_content",
            null,
            "roles",
            "urn:lti:role:ims/lis/Instructor,urn:lti:sysrole:ims/lis/Administrator",
            "lis_outcome_service_url",
            null,
            "lis_result_sourcedid",
            null);
    try (WebClient browser = TestServer.browser()) {
      Page landed = platform.post(browser, platform.sign(instructor));
      assertEquals("/lti/assign", landed.getUrl().getPath());
      assertEquals("INSTRUCTOR", sessionOf(landed).get("role"));

      Map<String, String> learner = launch("custom_content", null, "user_id", "8");
      learner.put("resource_link_id", instructor.get("resource_link_id"));
      Page learnerLanded = platform.post(browser, platform.sign(learner));
      assertEquals("/course", learnerLanded.getUrl().getPath());
      assertEquals("LEARNER", sessionOf(learnerLanded).get("role"));
    }
  }

  @Test
  void link_remembers_its_content_for_launches_that_do_not_name_it() throws Exception {
    Map<String, String> first = launch();
    Map<String, String> later = launch("custom_content", null);
    later.put("resource_link_id", first.get("resource_link_id"));
    try (WebClient browser = TestServer.browser()) {
      platform.post(browser, platform.sign(first));
      Page landed = platform.post(browser, platform.sign(later));
      assertEquals("/quizzes/" + Lti11Consumer.QUIZ, landed.getUrl().getPath());
    }
  }

  @Test
  void a_learner_with_ideas_due_for_review_sees_the_offer_first() throws Exception {
    Map<String, String> first = launch("user_id", "reviewer-" + UUID.randomUUID());
    try (WebClient browser = TestServer.browser()) {
      Page landed = platform.post(browser, platform.sign(first));
      assertEquals("/quizzes/" + Lti11Consumer.QUIZ, landed.getUrl().getPath());
      Jdbc jdbc = jdbc(server);
      long[] who =
          jdbc.queryOne(
                  "SELECT user_id, course_id FROM launch_sessions WHERE id = ?",
                  r -> new long[] {r.getLong(1), r.getLong(2)},
                  landed.getUrl().getQuery().replaceAll(".*s=([^&]+).*", "$1"))
              .orElseThrow();
      Instant yesterday = Instant.now().minusSeconds(86_400);
      jdbc.update(
          "INSERT INTO review_cards (user_id, course_id, tag, source_quiz_id, source_question_id, stability,"
              + " difficulty, last_review_at, due_at, reviews, lapses) VALUES (?, ?, 'more-is-better', 'x', 'y', 0.2, 6.4,"
              + " ?, ?, 0, 1)",
          who[0],
          who[1],
          yesterday.minusSeconds(86_400),
          yesterday);
      Map<String, String> again = launch("user_id", first.get("user_id"));
      again.put("resource_link_id", first.get("resource_link_id"));
      Page offered = platform.post(browser, platform.sign(again));
      assertEquals("/review", offered.getUrl().getPath(), "the review offer comes before the quiz");
      assertTrue(
          offered.getUrl().getQuery().contains("next=%2Fquizzes%2F" + Lti11Consumer.QUIZ),
          offered.getUrl().toString());
    }
  }

  @Test
  void overview_content_and_missing_context_land_on_the_course_page_of_the_link() throws Exception {
    Map<String, String> params =
        launch(
            "custom_content",
            "overview",
            "context_id",
            null,
            "context_title",
            null,
            "roles",
            "Instructor");
    try (WebClient browser = TestServer.browser()) {
      Page landed = platform.post(browser, platform.sign(params));
      assertEquals("/course", landed.getUrl().getPath());
      Map<String, Object> session = sessionOf(landed);
      assertEquals(
          params.get("resource_link_id"),
          session.get("context_id"),
          "the link stands in for the course");
      assertEquals("Week 2: back-to-back runs", session.get("course"));
    }
  }

  @Test
  void tampered_parameter_is_refused_and_creates_nothing() throws Exception {
    Map<String, String> signed = platform.sign(launch());
    signed.put("roles", "Instructor");
    assertRefused(401, "signature does not match", signed);
  }

  @Test
  void wrong_secret_is_refused_and_creates_nothing() throws Exception {
    assertRefused(
        401,
        "signature does not match",
        Lti11Consumer.signWith(launch(), platform.key(), "not-the-secret", platform.launchUrl()));
  }

  @Test
  void launch_signed_for_another_url_is_refused() throws Exception {
    assertRefused(
        401,
        "signature does not match",
        Lti11Consumer.signWith(
            launch(),
            platform.key(),
            platform.secret(),
            "https://elsewhere.example.edu/lti/11/launch"));
  }

  @Test
  void stale_timestamp_is_refused_and_creates_nothing() throws Exception {
    long old = Instant.now().minusSeconds(6 * 60).getEpochSecond();
    assertRefused(
        401,
        "more than 5 minutes old",
        platform.sign(launch("oauth_timestamp", Long.toString(old))));
  }

  @Test
  void timestamp_from_the_future_is_refused() throws Exception {
    long ahead = Instant.now().plusSeconds(6 * 60).getEpochSecond();
    assertRefused(
        401,
        "more than 5 minutes old",
        platform.sign(launch("oauth_timestamp", Long.toString(ahead))));
  }

  @Test
  void reused_nonce_is_refused_and_creates_nothing_more() throws Exception {
    Map<String, String> signed = platform.sign(launch());
    try (WebClient browser = TestServer.browser()) {
      Page first = platform.post(browser, signed);
      assertEquals("/quizzes/" + Lti11Consumer.QUIZ, first.getUrl().getPath());
    }
    assertRefused(401, "already been used", signed);
  }

  @Test
  void nonce_of_a_forged_launch_does_not_block_the_real_one() throws Exception {
    String nonce = "nonce-" + UUID.randomUUID();
    Map<String, String> forged =
        Lti11Consumer.signWith(
            launch("oauth_nonce", nonce), platform.key(), "guessed-secret", platform.launchUrl());
    assertRefused(401, "signature does not match", forged);
    try (WebClient browser = TestServer.browser()) {
      Page landed = platform.post(browser, platform.sign(launch("oauth_nonce", nonce)));
      assertEquals("/quizzes/" + Lti11Consumer.QUIZ, landed.getUrl().getPath());
    }
  }

  @Test
  void unknown_consumer_key_is_refused_and_creates_nothing() throws Exception {
    assertRefused(
        401,
        "consumer key \"nobody\", which this tool does not know",
        Lti11Consumer.signWith(launch(), "nobody", platform.secret(), platform.launchUrl()));
  }

  @Test
  void wrong_message_type_is_refused_and_creates_nothing() throws Exception {
    assertRefused(
        400,
        "not \"ContentItemSelectionRequest\"",
        platform.sign(launch("lti_message_type", "ContentItemSelectionRequest")));
  }

  @Test
  void wrong_lti_version_is_refused() throws Exception {
    assertRefused(400, "not \"LTI-2p0\"", platform.sign(launch("lti_version", "LTI-2p0")));
  }

  @Test
  void missing_user_id_is_refused_and_creates_nothing() throws Exception {
    assertRefused(400, "missing the parameter user_id", platform.sign(launch("user_id", null)));
  }

  @Test
  void missing_resource_link_id_is_refused() throws Exception {
    Map<String, String> params = launch();
    params.remove("resource_link_id");
    assertRefused(400, "missing the parameter resource_link_id", platform.sign(params));
  }

  @Test
  void malformed_content_parameter_is_refused() throws Exception {
    assertRefused(
        400,
        "must be quiz:<id>, lesson:<id> or overview",
        platform.sign(launch("custom_content", "quiz")));
  }

  @Test
  void plaintext_signature_method_is_refused() throws Exception {
    Map<String, String> params = launch();
    params.put("oauth_consumer_key", platform.key());
    params.put("oauth_signature_method", "PLAINTEXT");
    params.put("oauth_timestamp", Long.toString(Instant.now().getEpochSecond()));
    params.put("oauth_nonce", UUID.randomUUID().toString());
    params.put("oauth_signature", platform.secret() + "&");
    assertRefused(400, "HMAC-SHA1 only", params);
  }

  @Test
  void launch_url_answers_get_with_an_error_page_not_a_stack_trace() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      Page page = browser.getPage(new URL(platform.launchUrl()));
      assertEquals(405, page.getWebResponse().getStatusCode());
      assertFalse(page.getWebResponse().getContentAsString().contains("Exception"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void relaunch_updates_the_outcome_address_and_a_replay_is_refused(TestDatabase db)
      throws Exception {
    try (AppServer own = TestServer.start(TestServer.settings(db));
        WebClient browser = TestServer.browser()) {
      Lti11Consumer consumer = moodle.lti11(own, "moodle-" + db.kind());
      Map<String, String> first = consumer.sign(consumer.learnerLaunch());
      Map<String, String> second = consumer.learnerLaunch();
      second.put("lis_result_sourcedid", "sourcedid-after-relaunch");
      Map<String, String> signedSecond = consumer.sign(second);
      assertEquals(
          "/quizzes/" + Lti11Consumer.QUIZ, consumer.post(browser, first).getUrl().getPath());
      assertEquals(
          "/quizzes/" + Lti11Consumer.QUIZ,
          consumer.post(browser, signedSecond).getUrl().getPath());
      Page replay = consumer.post(browser, signedSecond);
      assertEquals(401, replay.getWebResponse().getStatusCode());
      Map<String, Long> counts = counts(own);
      assertEquals(1L, counts.get("users"));
      assertEquals(1L, counts.get("resource_links"));
      assertEquals(2L, counts.get("launch_sessions"));
      assertEquals(2L, counts.get("lti11_nonces"));
      assertEquals(1L, counts.get("legacy_outcomes"));
      assertEquals(
          "sourcedid-after-relaunch",
          jdbc(own)
              .queryOne("SELECT sourcedid FROM legacy_outcomes", row -> row.getString(1))
              .orElseThrow());
    }
  }

  @Test
  void launch_signed_for_the_public_https_url_is_accepted_behind_a_tls_proxy() throws Exception {
    Map<String, String> settings = TestServer.settings(TestDatabases.h2());
    settings.put("PUBLIC_URL", "https://recovery.example.edu");
    try (AppServer proxied = TestServer.start(settings);
        WebClient browser = TestServer.browser()) {
      Lti11Consumer consumer = moodle.lti11(proxied, "moodle-proxied");
      assertEquals("https://recovery.example.edu/lti/11/launch", consumer.launchUrl());
      Map<String, String> signed = consumer.sign(consumer.learnerLaunch());
      // the proxy forwards plain HTTP to the tool's own port
      String direct = "http://127.0.0.1:" + proxied.port() + "/lti/11/launch";
      browser.getOptions().setRedirectEnabled(false);
      Page answer = Lti11Consumer.post(browser, direct, signed);
      assertEquals(303, answer.getWebResponse().getStatusCode());
      String location = answer.getWebResponse().getResponseHeaderValue("Location");
      assertTrue(location.contains("/quizzes/" + Lti11Consumer.QUIZ + "?s="), location);
    }
  }
}
