package com.recoverylab.instructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.recoverylab.app.AppServer;
import com.recoverylab.grading.GradeOutbox;
import com.recoverylab.grading.GradeOutboxRepository;
import com.recoverylab.lti.launch.LaunchData;
import com.recoverylab.lti.launch.LaunchFacts;
import com.recoverylab.lti.launch.LaunchRecorder;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.AgsService;
import com.recoverylab.testing.Answer;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.Received;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.LaunchSessionRepository;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Role;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The instructor changes an activity's points: the platform's gradebook column (the AGS line item
 * the platform bound to the link) gets the new maximum through the grade outbox before the rescaled
 * grades go out; a refusal is shown to the instructor; an outage is retried, also across a restart
 * of the tool.
 */
class ColumnPointsFlowTest {
  private static final Map<String, String> ALL_RIGHT = Map.of("first", "sleep", "next", "easy");
  private static final Map<String, String> HALF = Map.of("first", "gun", "next", "easy");

  private final FakePlatform moodle = FakePlatform.start();
  private final AgsService platform = moodle.ags();
  private Map<String, String> settings;
  private AppServer server;
  private long platformId;

  @BeforeEach
  void start() {
    settings = TestServer.settings(TestDatabases.h2());
    settings.put("GRADE_WORKER_INTERVAL_MS", "25");
    settings.put("GRADE_BACKOFF_BASE_MS", "100");
    // a generous timeout: on a busy machine a short one ends calls the platform answers, and
    // the extra tries break the counts below
    settings.put("GRADE_HTTP_TIMEOUT_MS", "20000");
    settings.put("GRADE_CLAIM_SECONDS", "150");
    startTool();
    platformId = moodle.registerWith(server).platformIn(server).id();
  }

  private void startTool() {
    server = TestServer.start(settings, Fixtures.content());
    moodle.tokens().trustJwksAt(URI.create(server.url() + "/.well-known/jwks.json"));
  }

  @AfterEach
  void stop() {
    server.close();
    moodle.close();
  }

  @Test
  void new_points_change_the_platform_column_before_the_rescaled_grades_are_sent()
      throws Exception {
    String column = platform.addLineItem("link-points", "Week 1: two runs");
    LaunchSession sam = launch("sam-p", Role.LEARNER, "link-points", column);
    try (WebClient browser = TestServer.browser()) {
      Student.takeQuiz(browser, server.url().toString(), sam.id(), "two-runs", ALL_RIGHT);
    }
    await(() -> platform.grade(column, "sam-p") != null, "first grade delivered");
    assertEquals(10, platform.grade(column, "sam-p").path("scoreMaximum").asDouble());

    LaunchSession teacher = launch("teacher-p", Role.INSTRUCTOR, "link-points", column);
    try (WebClient browser = TestServer.browser()) {
      HtmlPage saved = savePoints(browser, teacher, "20");
      assertTrue(saved.asNormalizedText().contains("1 grade queued"), saved.asNormalizedText());

      await(
          () -> platform.lineItem(column).path("scoreMaximum").asDouble() == 20,
          "column maximum changed to 20");
      JsonNode item = platform.lineItem(column);
      assertEquals(
          "Week 1: two runs", item.path("label").asText(), "the label the platform holds stays");
      assertEquals(
          "link-points",
          item.path("resourceLinkId").asText(),
          "what the tool does not change goes back");
      await(
          () -> platform.grade(column, "sam-p").path("scoreMaximum").asDouble() == 20,
          "rescaled grade sent");
      assertEquals(20, platform.grade(column, "sam-p").path("scoreGiven").asDouble());
      assertPutBeforeRescaledScore(20);

      HtmlPage page = browser.getPage(server.url() + "/instructor/settings?s=" + teacher.id());
      assertTrue(
          page.asNormalizedText()
              .contains("The gradebook column on the platform is now worth 20 points."),
          page.asNormalizedText());
    }
  }

  @Test
  void a_refused_column_change_is_shown_to_the_instructor_and_grades_still_go_out()
      throws Exception {
    String column = platform.addLineItem("link-refused", "Week 2");
    LaunchSession kim = launch("kim-r", Role.LEARNER, "link-refused", column);
    try (WebClient browser = TestServer.browser()) {
      Student.takeQuiz(browser, server.url().toString(), kim.id(), "two-runs", HALF);
    }
    await(() -> platform.grade(column, "kim-r") != null, "first grade delivered");
    platform.enqueueLineItemUpdate(
        Answer.status(403, "{\"error\":\"This line item belongs to another tool\"}"));

    LaunchSession teacher = launch("teacher-r", Role.INSTRUCTOR, "link-refused", column);
    try (WebClient browser = TestServer.browser()) {
      savePoints(browser, teacher, "5");
      await(
          () -> platform.grade(column, "kim-r").path("scoreMaximum").asDouble() == 5,
          "the grade goes out after the refusal, for the platform to scale");
      assertEquals(1, platform.lineItemUpdates().size(), "a refusal is not retried");
      assertEquals(
          10,
          platform.lineItem(column).path("scoreMaximum").asDouble(),
          "the column kept its maximum");

      for (String page : List.of("/instructor/settings", "/instructor/results")) {
        String text =
            browser
                .getPage(server.url() + page + "?s=" + teacher.id())
                .getWebResponse()
                .getContentAsString();
        assertTrue(
            text.contains("The platform did not change its gradebook column to 5 points"),
            page + ": " + text);
        assertTrue(
            text.contains("HTTP 403") && text.contains("This line item belongs to another tool"),
            page + " shows the platform's words: " + text);
      }
    }
  }

  @Test
  void an_outage_during_the_column_change_is_retried_across_a_restart_and_grades_wait_for_it()
      throws Exception {
    String column = platform.addLineItem("link-outage", "Week 3");
    LaunchSession sam = launch("sam-o", Role.LEARNER, "link-outage", column);
    try (WebClient browser = TestServer.browser()) {
      Student.takeQuiz(browser, server.url().toString(), sam.id(), "two-runs", ALL_RIGHT);
    }
    await(() -> platform.grade(column, "sam-o") != null, "first grade delivered");
    Answer down = Answer.status(503, "{\"error\":\"maintenance\"}", Map.of("Retry-After", "1"));
    platform.enqueueLineItemUpdate(down, down);
    // the platform holds its answers, so each try is in flight exactly as long as the test needs
    platform.holdLineItemUpdates();

    LaunchSession teacher = launch("teacher-o", Role.INSTRUCTOR, "link-outage", column);
    // one browser for the teacher throughout: sessions are bound to the browser that first uses
    // them
    try (WebClient browser = TestServer.browser()) {
      savePoints(browser, teacher, "4");
      await(() -> platform.lineItemUpdates().size() == 1, "first try of the column change");
      HtmlPage waiting = browser.getPage(server.url() + "/instructor/settings?s=" + teacher.id());
      String text = waiting.asNormalizedText();
      assertTrue(text.contains("being changed to 4 points"), text);
      assertEquals(
          10,
          platform.grade(column, "sam-o").path("scoreMaximum").asDouble(),
          "the rescaled grade waits while the column keeps its old maximum");

      // the tool stops during the outage, its first try unanswered; the change and the grade are in
      // the database
      server.close();
      startTool();
      await(
          () -> platform.lineItemUpdates().size() == 2,
          "the restarted tool tries the column change again");
      assertEquals(
          10,
          platform.grade(column, "sam-o").path("scoreMaximum").asDouble(),
          "after the restart the rescaled grade still waits for the column");
      platform.releaseLineItemUpdates();
      await(
          () -> platform.lineItem(column).path("scoreMaximum").asDouble() == 4,
          "column changed after the outage");
      await(
          () -> platform.grade(column, "sam-o").path("scoreMaximum").asDouble() == 4,
          "rescaled grade sent");
      assertEquals(
          3,
          platform.lineItemUpdates().size(),
          "the try cut by the stop, the one refused after the restart and the one that went through");
      assertPutBeforeRescaledScore(4);
      HtmlPage page = browser.getPage(server.url() + "/instructor/settings?s=" + teacher.id());
      assertTrue(page.asNormalizedText().contains("now worth 4 points"), page.asNormalizedText());
    }
  }

  @Test
  void a_renamed_activity_renames_the_column_the_tool_made_for_it() throws Exception {
    // no line item bound by the platform: the first grade makes the tool create one
    LaunchSession sam = launch("sam-t", Role.LEARNER, "link-title", null);
    try (WebClient browser = TestServer.browser()) {
      Student.takeQuiz(browser, server.url().toString(), sam.id(), "two-runs", ALL_RIGHT);
    }
    // the tool stores the column it made once the platform has answered (no connection is held
    // during the call), so wait for the tool to know it, not only for the platform to have it
    await(
        () ->
            platform.lineItemsCreated() == 1
                && jdbc()
                    .queryOne(
                        "SELECT 1 FROM resource_links WHERE link_id = 'link-title' AND line_item_url IS NOT NULL",
                        r -> 1)
                    .isPresent(),
        "the tool created the column");
    String column = platform.lineItems().get(platform.lineItems().size() - 1).path("id").asText();
    assertEquals("Activity link-title", platform.lineItem(column).path("label").asText());

    // the teacher renamed the activity in the platform; the next launch carries the new title
    launch("sam-t", Role.LEARNER, "link-title", null, "Week 4: two runs, renamed");
    await(
        () -> "Week 4: two runs, renamed".equals(platform.lineItem(column).path("label").asText()),
        "the column renamed");
    assertEquals(
        10, platform.lineItem(column).path("scoreMaximum").asDouble(), "the maximum stays");

    // a link whose column the platform bound keeps it as the platform names it
    String bound = platform.addLineItem("link-bound-title", "Platform's own name");
    launch("sam-t", Role.LEARNER, "link-bound-title", bound);
    launch("sam-t", Role.LEARNER, "link-bound-title", bound, "Renamed in the platform");
    Awaitility.await("no PUT to the platform's own column")
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(3))
        .until(() -> platform.lineItemUpdates().stream().noneMatch(r -> r.uri().equals(bound)));
  }

  /** The successful PUT reached the platform before any score with the new maximum. */
  private void assertPutBeforeRescaledScore(double maximum) throws Exception {
    List<Received> received = platform.received();
    int lastPut = -1;
    int firstRescaled = -1;
    for (int i = 0; i < received.size(); i++) {
      Received r = received.get(i);
      if ("PUT".equals(r.method())) {
        lastPut = i;
      }
      if (firstRescaled < 0
          && r.uri().contains("/scores")
          && com.recoverylab.web.Json.MAPPER.readTree(r.body()).path("scoreMaximum").asDouble()
              == maximum) {
        firstRescaled = i;
      }
    }
    assertTrue(
        lastPut >= 0 && firstRescaled > lastPut,
        "PUT at " + lastPut + ", rescaled score at " + firstRescaled);
  }

  private HtmlPage savePoints(WebClient browser, LaunchSession teacher, String points)
      throws Exception {
    HtmlPage page = browser.getPage(server.url() + "/instructor/settings?s=" + teacher.id());
    HtmlInput field = page.getHtmlElementById("points");
    field.setValue(points);
    HtmlButton save =
        page.getFirstByXPath("//form[@action='/instructor/settings']//button[@type='submit']");
    assertNotNull(save, page.asNormalizedText());
    HtmlPage saved = save.click();
    assertEquals(200, saved.getWebResponse().getStatusCode(), saved.asNormalizedText());
    assertFalse(saved.asNormalizedText().contains("were not saved"), saved.asNormalizedText());
    return saved;
  }

  private LaunchSession launch(String subject, Role role, String link, String boundLineItem) {
    return launch(subject, role, link, boundLineItem, "Activity " + link);
  }

  private LaunchSession launch(
      String subject, Role role, String link, String boundLineItem, String title) {
    Jdbc jdbc = jdbc();
    // as the tool records launches: a new title of a link queues the rename of the column the tool
    // made
    GradeOutbox outbox = new GradeOutbox(jdbc, new GradeOutboxRepository(jdbc), Clock.systemUTC());
    LaunchRecorder recorder =
        new LaunchRecorder(
            jdbc,
            new LaunchSessions(new LaunchSessionRepository(jdbc), Clock.systemUTC()),
            (linkId, newTitle) -> outbox.queueColumnUpdate(linkId, null, newTitle),
            Clock.systemUTC());
    LaunchFacts.AgsEndpoints ags =
        new LaunchFacts.AgsEndpoints(
            platform.lineItemsUrl(), boundLineItem, List.of(AgsService.ALL_SCOPES.split(" ")));
    return recorder.record(
        new LaunchFacts(
            platformId,
            Fixtures.DEPLOYMENT,
            subject,
            "Runner " + subject,
            null,
            null,
            null,
            "course-points",
            "RUN101",
            "Running well",
            link,
            title,
            role,
            "quiz",
            "two-runs",
            ags,
            LaunchData.fromJson(Fixtures.resourceLaunch().toString())));
  }

  private Jdbc jdbc() {
    return Fixtures.jdbc(server);
  }

  private static void await(BooleanSupplier condition, String what) {
    Awaitility.await(what)
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(25))
        .until(condition::getAsBoolean);
  }
}
