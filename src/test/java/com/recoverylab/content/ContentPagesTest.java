package com.recoverylab.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.app.App;
import com.recoverylab.app.AppServer;
import com.recoverylab.app.Config;
import com.recoverylab.lti.launch.LaunchData;
import com.recoverylab.lti.launch.LaunchFacts;
import com.recoverylab.lti.launch.LaunchRecorder;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.store.Jdbc;
import com.recoverylab.store.StartupException;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.LaunchSessionRepository;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A student opens the course overview and reads lessons, through the real server and fixture
 * content.
 */
class ContentPagesTest {
  private static final String DISCLAIMER =
      "This course is for education, not medical advice. See a doctor or"
          + " physiotherapist if pain is sharp, getting worse or on one side, or comes with swelling, numbness or tingling.";
  private static AppServer server;
  private static LaunchRecorder recorder;
  private static long platformId;

  @BeforeAll
  static void start() {
    Map<String, String> settings = TestServer.settings(TestDatabases.h2());
    settings.put("CONTENT_DIR", ContentFixtures.VALID.toAbsolutePath().toString());
    server = TestServer.start(settings);
    Jdbc jdbc = new Jdbc(server.database().dataSource(), server.database().isPostgres());
    platformId =
        new PlatformRepository(jdbc)
            .insert(
                new Platform(
                    0,
                    "https://lms.example.edu",
                    "client-1",
                    "LMS",
                    "https://lms/auth",
                    "https://lms/token",
                    "https://lms/jwks"),
                Instant.now())
            .id();
    recorder =
        new LaunchRecorder(
            jdbc,
            new LaunchSessions(new LaunchSessionRepository(jdbc), Clock.systemUTC()),
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static LaunchSession launch(String subject) {
    return recorder.record(
        new LaunchFacts(
            platformId,
            "1",
            subject,
            "Sam Runner",
            null,
            null,
            null,
            "course-1",
            "RUN101",
            "Running well",
            "link-" + subject,
            "Recovery",
            Role.LEARNER,
            "overview",
            null,
            null,
            LaunchData.NONE));
  }

  private static HtmlPage open(WebClient browser, String path) throws Exception {
    return browser.getPage(server.url() + path);
  }

  @Test
  void course_overview_lists_lessons_in_order_and_every_quiz() throws Exception {
    LaunchSession session = launch("overview-user");
    try (WebClient browser = TestServer.browser()) {
      HtmlPage page = open(browser, "/course?s=" + session.id());
      assertEquals(200, page.getWebResponse().getStatusCode());
      assertNotNull(page.getFirstByXPath("//main[@id='main']/h1"));
      List<String> lessons =
          page.<HtmlElement>getByXPath("//li[contains(@class,'lesson-row')]//h3").stream()
              .map(HtmlElement::asNormalizedText)
              .toList();
      assertEquals(
          List.of(
              "Why recovery tools exist",
              "The tools and what each one does",
              "What tools cannot do"),
          lessons);
      String text = page.asNormalizedText();
      assertTrue(text.contains("4 min read"), text);
      assertTrue(text.contains("0 of 3 lessons read"), text);
      HtmlAnchor quiz = page.getAnchorByText("Two runs, one short night");
      assertEquals("/quizzes/back-to-back?s=" + session.id(), quiz.getHrefAttribute());
      assertTrue(text.contains("5 questions, about 6 min"), text);
      assertTrue(text.contains("2 questions, about 5 min"), text);
      assertTrue(text.contains(DISCLAIMER), text);
    }
  }

  @Test
  void a_student_reads_lessons_in_order_and_the_overview_marks_them_read() throws Exception {
    LaunchSession session = launch("reader");
    try (WebClient browser = TestServer.browser()) {
      HtmlPage course = open(browser, "/course?s=" + session.id());
      HtmlPage first = course.getAnchorByText("Why recovery tools exist").click();
      assertEquals(200, first.getWebResponse().getStatusCode());
      assertEquals(
          "Why recovery tools exist",
          first.<HtmlElement>getFirstByXPath("//h1").asNormalizedText());
      String text = first.asNormalizedText();
      assertTrue(text.contains("Lesson 1 of 3"), text);
      assertTrue(text.contains(DISCLAIMER), text);
      assertTrue(
          text.contains("It cannot replace a night's sleep. <script>alert(\"x\")</script>"), text);
      assertNull(
          first.getFirstByXPath("//a[@rel='prev']"), "the first lesson has no previous lesson");
      assertNotNull(first.getElementById("what-a-foam-roller-cant-do"));
      HtmlAnchor inText = first.getAnchorByText("the tools");
      assertEquals(
          "/lessons/the-tools?s=" + session.id() + "#foam-rollers", inText.getHrefAttribute());
      assertEquals(
          "/quizzes/back-to-back?s=" + session.id(),
          first.getAnchorByText("Two runs, one short night").getHrefAttribute());

      HtmlPage second =
          first.getAnchorByText("Next lesson: The tools and what each one does").click();
      assertTrue(second.asNormalizedText().contains("Lesson 2 of 3"), second.asNormalizedText());
      HtmlAnchor previous = second.getFirstByXPath("//a[@rel='prev']");
      assertEquals("Previous lesson: Why recovery tools exist", previous.asNormalizedText());
      assertEquals(
          "Next lesson: What tools cannot do",
          second.<HtmlElement>getFirstByXPath("//a[@rel='next']").asNormalizedText());

      HtmlPage overview = second.getAnchorByText("All lessons and scenarios").click();
      assertTrue(
          overview.asNormalizedText().contains("2 of 3 lessons read"), overview.asNormalizedText());
      List<String> marks =
          overview.<HtmlElement>getByXPath("//li[contains(@class,'lesson-row')]").stream()
              .map(
                  row ->
                      row.getFirstByXPath(".//*[contains(@class,'read-mark')]") == null
                          ? "unread"
                          : "read")
              .toList();
      assertEquals(List.of("read", "read", "unread"), marks);
    }
  }

  @Test
  void reading_twice_keeps_one_read_and_other_students_see_their_own_marks() throws Exception {
    LaunchSession reader = launch("twice");
    LaunchSession other = launch("someone-else");
    try (WebClient browser = TestServer.browser()) {
      open(browser, "/lessons/limits?s=" + reader.id());
      open(browser, "/lessons/limits?s=" + reader.id());
      assertTrue(
          open(browser, "/course?s=" + reader.id())
              .asNormalizedText()
              .contains("1 of 3 lessons read"));
      assertTrue(
          open(browser, "/course?s=" + other.id())
              .asNormalizedText()
              .contains("0 of 3 lessons read"));
    }
  }

  @Test
  void an_unknown_lesson_is_a_404_page_naming_it() throws Exception {
    LaunchSession session = launch("lost");
    try (WebClient browser = TestServer.browser()) {
      HtmlPage page = open(browser, "/lessons/no-such-lesson?s=" + session.id());
      assertEquals(404, page.getWebResponse().getStatusCode());
      String text = page.asNormalizedText();
      assertTrue(text.contains("There is no lesson called \u201cno-such-lesson\u201d"), text);
      assertFalse(text.contains("Exception"), text);
    }
  }

  @Test
  void pages_need_a_launch_session() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      assertEquals(401, open(browser, "/course").getWebResponse().getStatusCode());
      assertEquals(
          401, open(browser, "/lessons/limits?s=not-a-session").getWebResponse().getStatusCode());
    }
  }

  @Test
  void a_broken_content_folder_stops_the_start_with_every_problem() {
    Map<String, String> settings = TestServer.settings(TestDatabases.h2());
    settings.put("CONTENT_DIR", ContentFixtures.BROKEN.toAbsolutePath().toString());
    StartupException e =
        assertThrows(StartupException.class, () -> App.newServer(Config.from(settings)).close());
    List<String> lines = e.getMessage().lines().toList();
    assertEquals(
        "Content in " + ContentFixtures.BROKEN.toAbsolutePath() + " has 21 problems:",
        lines.get(0));
    assertEquals(ContentReportTest.BROKEN_PROBLEMS, lines.subList(1, lines.size()));
  }
}
