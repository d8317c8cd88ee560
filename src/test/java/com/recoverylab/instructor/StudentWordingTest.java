package com.recoverylab.instructor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.app.AppServer;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.Role;
import java.util.Map;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Words a student reads run as sentences: no mark stuck to feedback saying the same, no label
 * repeated.
 */
class StudentWordingTest {
  private static AppServer server;
  private static Platform platform;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestServer.settings(TestDatabases.h2()), Fixtures.content());
    platform = Fixtures.platform(server, Fixtures.ISSUER, null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void a_right_answer_mark_does_not_run_into_feedback_that_starts_with_right() throws Exception {
    // the fixture's right options carry the feedback "Right."
    LaunchSession una =
        Fixtures.launch(
            server,
            platform,
            "course-w",
            "una",
            "Una Runner",
            Role.LEARNER,
            "link-w",
            "quiz",
            "two-runs",
            Fixtures.resourceLaunch());
    try (WebClient browser = TestServer.browser()) {
      String text =
          Student.takeQuiz(
                  browser,
                  server.url().toString(),
                  una.id(),
                  "two-runs",
                  Map.of("first", "sleep", "next", "easy"))
              .asNormalizedText();
      assertTrue(text.contains("(a right answer) Right."), text);
      assertFalse(text.contains("Right Right"), text);
    }
  }

  @Test
  void a_read_lesson_is_marked_in_words_after_its_reading_time() throws Exception {
    LaunchSession vic =
        Fixtures.launch(
            server,
            platform,
            "course-w",
            "vic",
            "Vic Runner",
            Role.LEARNER,
            null,
            null,
            null,
            Fixtures.resourceLaunch());
    try (WebClient browser = TestServer.browser()) {
      browser.getPage(server.url() + "/lessons/basics-first?s=" + vic.id());
      HtmlPage course = browser.getPage(server.url() + "/course?s=" + vic.id());
      String text = course.asNormalizedText();
      assertTrue(text.contains("4 min read") && text.contains("You have read this lesson"), text);
      assertFalse(text.contains("min read Read"), text);
    }
  }
}
