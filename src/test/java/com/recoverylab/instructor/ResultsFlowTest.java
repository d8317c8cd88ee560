package com.recoverylab.instructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.app.AppServer;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.Role;
import java.util.List;
import java.util.Map;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Students take a quiz; the instructor reads results, changes grading, exports, reviews and resets.
 */
class ResultsFlowTest {
  private static final String CONTEXT = "course-r";
  private static AppServer server;
  private static Platform platform;

  @BeforeAll
  static void start() {
    Map<String, String> settings = TestServer.settings(TestDatabases.h2());
    // the grade worker stays idle (it first looks an hour after the start): the page must show
    // grades still waiting, which a send in the background would change at a moment of its own
    settings.put("GRADE_WORKER_INTERVAL_MS", "3600000");
    server = TestServer.start(settings, Fixtures.content());
    platform = Fixtures.platform(server, Fixtures.ISSUER, null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private LaunchSession launch(String subject, String name, Role role, String link) {
    return Fixtures.launch(
        server,
        platform,
        CONTEXT,
        subject,
        name,
        role,
        link,
        "quiz",
        "two-runs",
        Fixtures.resourceLaunch());
  }

  private static final Map<String, String> ALL_WRONG = Map.of("first", "gun", "next", "skip");
  private static final Map<String, String> ALL_RIGHT = Map.of("first", "sleep", "next", "easy");
  private static final Map<String, String> HALF = Map.of("first", "gun", "next", "easy");

  @Test
  void instructor_changes_the_grading_method_sees_grades_queued_and_exports_the_same_rows()
      throws Exception {
    String link = "link-results-1";
    LaunchSession sam = launch("sam-1", "Sam Runner", Role.LEARNER, link);
    LaunchSession kim = launch("kim-1", "=HYPERLINK(\"http://evil\")", Role.LEARNER, link);
    try (WebClient browser = TestServer.browser()) {
      String first =
          Student.takeQuiz(browser, server.url().toString(), sam.id(), "two-runs", ALL_WRONG)
              .asNormalizedText();
      assertTrue(first.contains("0%"), first);
      Student.takeQuiz(browser, server.url().toString(), sam.id(), "two-runs", ALL_RIGHT);
      Student.takeQuiz(browser, server.url().toString(), kim.id(), "two-runs", HALF);
    }
    LaunchSession teacher = launch("teacher-r", "Tess Teacher", Role.INSTRUCTOR, link);
    try (WebClient browser = TestServer.browser()) {
      HtmlPage results = browser.getPage(server.url() + "/instructor/results?s=" + teacher.id());
      assertEquals(200, results.getWebResponse().getStatusCode(), results.asNormalizedText());
      String text = results.asNormalizedText();
      assertTrue(text.contains("2 students have started"), text);
      assertTrue(text.contains("Sam Runner\t2\t100%\t100%\t100% (10 of 10 points)"), text);
      assertTrue(text.contains("Waiting to send"), text);
      assertTrue(
          text.contains("A tool can stand in for sleep or food."),
          "most chosen misconception: " + text);
      assertNotNull(
          results.getFirstByXPath(
              "//a[@href='/lessons/basics-first?s=" + teacher.id() + "#sleep']"),
          "misconception links to its lesson section");
      assertTrue(text.contains("Most missed questions"), text);
      assertNotNull(
          results.getFirstByXPath("//*[local-name()='svg' and @role='img']"),
          "charts are server-side SVG");
      assertTrue(text.contains("90\u2013100%\t1"), "histogram table beside the chart: " + text);
      assertTrue(text.contains("The course platform did not offer its roster"), text);

      // settings: grading by the first attempt instead of the best makes Sam's grade 0
      HtmlPage settings = browser.getPage(server.url() + "/instructor/settings?s=" + teacher.id());
      HtmlForm form = settings.getForms().get(0);
      ((HtmlSelect) form.getSelectByName("grading")).setSelectedAttribute("first", true);
      HtmlPage saved = form.getButtonByName("save").click();
      assertTrue(
          saved.asNormalizedText().contains("1 grade queued for the gradebook"),
          saved.asNormalizedText());
      assertEquals(
          "0.0000",
          Fixtures.jdbc(server)
              .queryOne(
                  "SELECT score_given FROM grade_outbox WHERE user_id = ?"
                      + " AND status = 'PENDING'",
                  r -> r.getBigDecimal(1).setScale(4).toPlainString(),
                  sam.userId())
              .orElseThrow());

      results = browser.getPage(server.url() + "/instructor/results?s=" + teacher.id());
      assertTrue(
          results.asNormalizedText().contains("Sam Runner\t2\t100%\t100%\t0% (0 of 10 points)"),
          results.asNormalizedText());

      Page csv = browser.getPage(server.url() + "/instructor/results.csv?s=" + teacher.id());
      assertEquals("text/csv", csv.getWebResponse().getContentType());
      List<String> lines = csv.getWebResponse().getContentAsString().lines().toList();
      assertEquals(
          "name,user_id,attempts,in_progress,best,last,graded,graded_points,points_possible,time_spent,"
              + "sync_status,sync_error",
          lines.get(0));
      assertTrue(
          lines.contains(
              "Sam Runner,sam-1,2,0,100%,100%,0%,0,10," + lines.get(2).split(",")[9] + ",PENDING,"),
          String.join("\n", lines));
      assertTrue(
          lines
              .get(1)
              .startsWith("\"'=HYPERLINK(\"\"http://evil\"\")\",kim-1,1,0,50%,50%,50%,5,10,"),
          "a formula-like name is quoted and defused: " + lines.get(1));

      // resend: one student, then the whole link
      var jdbc = Fixtures.jdbc(server);
      String rows = "SELECT COUNT(*) FROM grade_outbox WHERE resource_link_id = ? AND user_id = ?";
      long before =
          jdbc.queryOne(rows, r -> r.getLong(1), sam.resourceLinkId(), sam.userId()).orElseThrow();
      HtmlForm resendSam =
          results.getFirstByXPath("//tr[th/a[normalize-space(.)='Sam Runner']]//form");
      HtmlPage resent =
          ((org.htmlunit.html.HtmlButton) resendSam.getFirstByXPath(".//button")).click();
      assertTrue(
          resent.asNormalizedText().contains("1 grade queued again for the gradebook"),
          resent.asNormalizedText());
      assertEquals(
          before + 1,
          jdbc.queryOne(rows, r -> r.getLong(1), sam.resourceLinkId(), sam.userId()).orElseThrow());
      HtmlPage all =
          ((org.htmlunit.html.HtmlButton) resent.getFirstByXPath("//button[@name='resend-all']"))
              .click();
      assertTrue(
          all.asNormalizedText().contains("2 grades queued again for the gradebook"),
          all.asNormalizedText());
    }
  }

  @Test
  void name_filter_and_pages_of_fifty_keep_the_page_small() throws Exception {
    String link = "link-results-many";
    LaunchSession teacher = launch("teacher-m", "Tess Teacher", Role.INSTRUCTOR, link);
    var jdbc = Fixtures.jdbc(server);
    for (int i = 0; i < 120; i++) {
      LaunchSession learner =
          launch(
              String.format("many-%03d", i), String.format("Runner %03d", i), Role.LEARNER, link);
      jdbc.update(
          "INSERT INTO quiz_attempts (user_id, course_id, resource_link_id, quiz_id, mode, status,"
              + " question_order, seed, feedback, points_possible, started_at, updated_at, submitted_at, score_fraction,"
              + " points) VALUES (?, ?, ?, 'two-runs', 'GRADED', 'SUBMITTED', '{}', 1, 'at-end', 10, ?, ?, ?, 0.5, 5)",
          learner.userId(),
          learner.courseId(),
          learner.resourceLinkId(),
          java.time.Instant.parse("2026-01-01T10:00:00Z"),
          java.time.Instant.parse("2026-01-01T10:04:05Z"),
          java.time.Instant.parse("2026-01-01T10:04:05Z"));
    }
    try (WebClient browser = TestServer.browser()) {
      HtmlPage first = browser.getPage(server.url() + "/instructor/results?s=" + teacher.id());
      assertTrue(
          first.asNormalizedText().contains("120 students have started"), first.asNormalizedText());
      assertTrue(first.asNormalizedText().contains("Page 1 of 3"), first.asNormalizedText());
      assertEquals(50, first.getByXPath("//table[@aria-labelledby='students']/tbody/tr").size());
      assertTrue(
          first.asNormalizedText().contains("Runner 000\t1\t50%\t50%\t50% (5 of 10 points)\t4:05"),
          first.asNormalizedText());
      HtmlPage third =
          ((org.htmlunit.html.HtmlAnchor) first.getFirstByXPath("//a[@rel='next']")).click();
      third = ((org.htmlunit.html.HtmlAnchor) third.getFirstByXPath("//a[@rel='next']")).click();
      assertEquals(20, third.getByXPath("//table[@aria-labelledby='students']/tbody/tr").size());

      HtmlPage filtered =
          browser.getPage(
              server.url() + "/instructor/results?s=" + teacher.id() + "&name=runner+10");
      assertEquals(10, filtered.getByXPath("//table[@aria-labelledby='students']/tbody/tr").size());
      assertTrue(
          filtered.asNormalizedText().contains("Filtering is by name only"),
          filtered.asNormalizedText());
      HtmlPage wildcard =
          browser.getPage(server.url() + "/instructor/results?s=" + teacher.id() + "&name=%25");
      assertEquals(
          0,
          wildcard.getByXPath("//table[@aria-labelledby='students']/tbody/tr").size(),
          "a % in the filter is a character, not a wildcard");
    }
  }

  @Test
  void instructor_reviews_a_students_answers_and_resets_them_with_a_record() throws Exception {
    String link = "link-results-review";
    LaunchSession sam = launch("sam-rv", "Sam Review", Role.LEARNER, link);
    try (WebClient browser = TestServer.browser()) {
      Student.takeQuiz(browser, server.url().toString(), sam.id(), "two-runs", HALF);
    }
    LaunchSession teacher = launch("teacher-rv", "Tess Teacher", Role.INSTRUCTOR, link);
    try (WebClient browser = TestServer.browser()) {
      HtmlPage review =
          browser.getPage(server.url() + "/instructor/review?s=" + teacher.id() + "&user=sam-rv");
      String text = review.asNormalizedText();
      assertEquals(200, review.getWebResponse().getStatusCode(), text);
      assertTrue(text.contains("Attempts of Sam Review"), text);
      assertTrue(text.contains("A massage gun instead of dinner \u2718"), text);
      assertTrue(text.contains("Easy run, roll if it helps \u2714"), text);
      assertTrue(text.contains("50%"), text);

      HtmlPage confirm =
          ((org.htmlunit.html.HtmlAnchor)
                  review.getFirstByXPath("//a[starts-with(@href, '/instructor/reset')]"))
              .click();
      assertTrue(
          confirm.asNormalizedText().contains("This removes 1 graded attempt of Sam Review"),
          confirm.asNormalizedText());
      HtmlPage after = confirm.getForms().get(0).getButtonByName("confirm").click();
      String results = after.asNormalizedText();
      assertTrue(
          results.contains("Tess Teacher reset the attempts of Sam Review (1 removed)"), results);
      assertTrue(results.contains("No students have started yet"), results);
      assertEquals(
          0L,
          Fixtures.jdbc(server)
              .queryOne(
                  "SELECT COUNT(*) FROM quiz_attempts WHERE user_id = ?",
                  r -> r.getLong(1),
                  sam.userId())
              .orElseThrow());
      assertFalse(after.asNormalizedText().contains("Sam Review\t1"), results);
    }
  }
}
