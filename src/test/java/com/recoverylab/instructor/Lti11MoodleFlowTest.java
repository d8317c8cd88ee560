package com.recoverylab.instructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.recoverylab.app.AppServer;
import com.recoverylab.lti.legacy.LegacyLaunches;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.Lti11Consumer;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * LTI 1.1 the way Moodle 4.5 launches it: an activity that does not accept grades sends no outcome
 * parameters (students read that it sends no grade, and an address from an earlier launch is
 * forgotten); a grade Moodle refuses shows the instructor a plain reason with Moodle's own text
 * folded; a refused launch is logged with its consumer key.
 */
class Lti11MoodleFlowTest {
  private static final String MOODLE_REFUSAL =
      "Exception - Call to a member function get_grade_item() on null in"
          + " [dirroot]/mod/lti/servicelib.php:247 Debug info: Error code: generalexceptionmessage";
  private static final Map<String, String> ALL_RIGHT = Map.of("first", "sleep", "next", "easy");

  private static AppServer server;
  private static FakePlatform moodle;
  private static Lti11Consumer consumer;

  @BeforeAll
  static void start() throws Exception {
    Map<String, String> settings = TestServer.settings(TestDatabases.h2());
    settings.put("GRADE_WORKER_INTERVAL_MS", "50");
    server = TestServer.start(settings, Fixtures.content());
    moodle = FakePlatform.start();
    consumer = moodle.lti11(server, "moodle-45");
    // the activity does not accept grades; Moodle 4.5 answers with its debugging text
    moodle.outcomes().refuseGrades(MOODLE_REFUSAL);
  }

  @AfterAll
  static void stop() {
    moodle.close();
    server.close();
  }

  @Test
  void an_activity_without_grades_says_plainly_that_it_sends_none() throws Exception {
    Map<String, String> launch = launch("learner-off", "Learner", "link-off");
    try (WebClient browser = TestServer.browser()) {
      HtmlPage start = post(browser, launch);
      String text = start.asNormalizedText();
      assertEquals("/quizzes/two-runs", start.getUrl().getPath(), text);
      assertTrue(
          text.contains("This activity sends no grade to your course\u2019s gradebook"), text);
      assertFalse(text.contains("count towards your grade"), text);
      String session = start.getUrl().getQuery().replaceAll(".*s=([^&]+).*", "$1");
      HtmlPage result =
          Student.takeQuiz(browser, server.url().toString(), session, "two-runs", ALL_RIGHT);
      String after = result.asNormalizedText();
      assertTrue(after.contains("sends no grade"), after);
      assertFalse(after.contains("Waiting to send"), after);
      assertFalse(after.toLowerCase().contains("lti 1.3"), after);
    }
  }

  @Test
  void a_later_launch_without_outcome_parameters_forgets_the_earlier_address() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      post(browser, withOutcomes(launch("learner-later", "Learner", "link-later")));
      assertEquals(1L, outcomeRows("learner-later"));
      // the teacher turned "Accept grades from the tool" off: Moodle launches without the outcome
      // parameters
      post(browser, launch("learner-later", "Learner", "link-later"));
      assertEquals(
          0L, outcomeRows("learner-later"), "the old address would send grades Moodle now refuses");
    }
  }

  @Test
  void a_grade_moodle_refuses_shows_a_plain_reason_with_its_own_text_folded() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      HtmlPage start =
          post(browser, withOutcomes(launch("learner-refused", "Learner", "link-refused")));
      String session = start.getUrl().getQuery().replaceAll(".*s=([^&]+).*", "$1");
      Student.takeQuiz(browser, server.url().toString(), session, "two-runs", ALL_RIGHT);
      await(() -> "FAILED".equals(gradeStatus("learner-refused")));

      HtmlPage teacher = post(browser, launch("teacher-refused", "Instructor", "link-refused"));
      String teacherSession = teacher.getUrl().getQuery().replaceAll(".*s=([^&]+).*", "$1");
      HtmlPage results = browser.getPage(server.url() + "/instructor/results?s=" + teacherSession);
      DomElement details = results.getFirstByXPath("//td//details");
      assertNotNull(details, results.asXml());
      String folded = details.getTextContent();
      assertTrue(folded.contains("get_grade_item() on null"), folded);
      String row = ((DomElement) results.getFirstByXPath("//td[details]")).getTextContent();
      assertTrue(
          row.contains("The platform did not take the grade.")
              && row.contains("Accept grades from the tool"),
          row);
      String visible = row.replace(folded, "");
      assertFalse(
          visible.contains("servicelib.php"), "Moodle's debugging text is folded away: " + visible);
    }
  }

  @Test
  void a_refused_launch_is_logged_with_its_consumer_key() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(LegacyLaunches.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try (WebClient browser = TestServer.browser()) {
      browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
      Map<String, String> forged = launch("learner-forged", "Learner", "link-forged");
      forged.put("user_id", "someone-else");
      WebRequest request = request(forged);
      assertEquals(401, browser.getPage(request).getWebResponse().getStatusCode());
    } finally {
      logger.detachAppender(lines);
    }
    assertTrue(
        lines.list.stream()
            .anyMatch(
                e ->
                    e.getFormattedMessage().contains("event=lti11_launch_rejected")
                        && e.getFormattedMessage().contains("consumer=moodle-45")
                        && e.getFormattedMessage().contains("error.legacy.badSignature")),
        lines.list.toString());
  }

  /** A signed launch of the two-runs quiz, without outcome parameters. */
  private static Map<String, String> launch(String user, String role, String link) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("lti_message_type", "basic-lti-launch-request");
    p.put("lti_version", "LTI-1p0");
    p.put("resource_link_id", link);
    p.put("resource_link_title", "Two runs");
    p.put("user_id", user);
    p.put("roles", role);
    p.put("lis_person_name_full", "Runner " + user);
    p.put("context_id", "course-11");
    p.put("context_title", "Running well");
    p.put("custom_content", "quiz:two-runs");
    p.put("oauth_nonce", UUID.randomUUID().toString());
    return sign(p);
  }

  private static Map<String, String> withOutcomes(Map<String, String> signed) {
    Map<String, String> p = new HashMap<>(signed);
    p.keySet().removeIf(k -> k.startsWith("oauth_"));
    p.put("lis_outcome_service_url", moodle.outcomes().url());
    p.put(
        "lis_result_sourcedid",
        "{\"data\":{\"instanceid\":\"2\",\"userid\":\"" + p.get("user_id") + "\"}}");
    p.put("oauth_nonce", UUID.randomUUID().toString());
    return sign(p);
  }

  private static Map<String, String> sign(Map<String, String> unsigned) {
    return consumer.sign(unsigned);
  }

  private static HtmlPage post(WebClient browser, Map<String, String> params) throws Exception {
    HtmlPage page = browser.getPage(request(params));
    assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
    return page;
  }

  private static WebRequest request(Map<String, String> params) throws Exception {
    WebRequest request =
        new WebRequest(new URL(server.config().url("/lti/11/launch")), HttpMethod.POST);
    request.setCharset(StandardCharsets.UTF_8);
    request.setRequestParameters(
        params.entrySet().stream().map(e -> new NameValuePair(e.getKey(), e.getValue())).toList());
    return request;
  }

  private static long outcomeRows(String subject) {
    return jdbc()
        .queryOne(
            "SELECT COUNT(*) FROM legacy_outcomes o JOIN users u ON u.id = o.user_id"
                + " WHERE u.subject = ?",
            row -> row.getLong(1),
            subject)
        .orElseThrow();
  }

  private static String gradeStatus(String subject) {
    return jdbc()
        .queryOne(
            "SELECT o.status FROM grade_outbox o JOIN users u ON u.id = o.user_id WHERE u.subject = ?"
                + " ORDER BY o.id DESC FETCH FIRST 1 ROWS ONLY",
            row -> row.getString(1),
            subject)
        .orElse(null);
  }

  private static Jdbc jdbc() {
    return Fixtures.jdbc(server);
  }

  private static void await(BooleanSupplier condition) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(25))
        .until(condition::getAsBoolean);
  }
}
