package com.recoverylab.instructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every instructor page and action refuses students, other courses' instructors and replayed forms.
 */
class AccessRulesTest {
  private static AppServer server;
  private static LaunchSession teacherA;
  private static LaunchSession studentA;
  private static LaunchSession teacherB;

  /** One browser for every session here: sessions are bound to the browser that first uses them. */
  private static WebClient browser;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(TestServer.settings(TestDatabases.h2()), Fixtures.content());
    Platform platform = Fixtures.platform(server, Fixtures.ISSUER, null);
    teacherA =
        Fixtures.launch(
            server,
            platform,
            "course-a",
            "teacher-a",
            "Tess A",
            Role.INSTRUCTOR,
            "link-a",
            "quiz",
            "two-runs",
            Fixtures.resourceLaunch());
    studentA =
        Fixtures.launch(
            server,
            platform,
            "course-a",
            "student-a",
            "Sam A",
            Role.LEARNER,
            "link-a",
            "quiz",
            "two-runs",
            Fixtures.resourceLaunch());
    teacherB =
        Fixtures.launch(
            server,
            platform,
            "course-b",
            "teacher-b",
            "Tess B",
            Role.INSTRUCTOR,
            "link-b",
            "quiz",
            "two-runs",
            Fixtures.resourceLaunch());
    browser = TestServer.browser();
    Student.takeQuiz(
        browser,
        server.url().toString(),
        studentA.id(),
        "two-runs",
        Map.of("first", "sleep", "next", "easy"));
  }

  @AfterAll
  static void stop() {
    browser.close();
    server.close();
  }

  private static int get(String path) throws Exception {
    Page page = browser.getPage(server.url() + path);
    return page.getWebResponse().getStatusCode();
  }

  private static Page post(String path, Map<String, String> fields) throws Exception {
    return Forms.post(browser, server.url() + path, fields);
  }

  @Test
  void a_student_gets_403_on_every_instructor_page() throws Exception {
    String s = studentA.id();
    for (String path :
        List.of(
            "/instructor/results?s=" + s,
            "/instructor/results.csv?s=" + s,
            "/instructor/items.csv?s=" + s,
            "/instructor/results?s=" + s + "&attempts=all",
            "/instructor/settings?s=" + s,
            "/instructor/deep-link?s=" + s,
            "/instructor/review?s=" + s + "&user=student-a",
            "/instructor/reset?s=" + s + "&user=student-a")) {
      assertEquals(403, get(path), path);
    }
    Map<String, String> own =
        Map.of("s", s, "csrf", studentA.csrfToken(), "user", "student-a", "grading", "last");
    for (String path :
        List.of(
            "/instructor/settings",
            "/instructor/reset",
            "/instructor/results",
            "/instructor/deep-link")) {
      Page refused = post(path, own);
      assertEquals(403, refused.getWebResponse().getStatusCode(), path);
      assertTrue(
          refused.getWebResponse().getContentAsString().contains("Only instructors of this course"),
          path);
    }
    assertEquals(
        1L,
        Fixtures.jdbc(server)
            .queryOne(
                "SELECT COUNT(*) FROM quiz_attempts WHERE user_id = ?",
                r -> r.getLong(1),
                studentA.userId())
            .orElseThrow(),
        "the student's own reset did nothing");
  }

  @Test
  void another_courses_instructor_cannot_review_reset_or_resend_for_this_courses_student()
      throws Exception {
    String s = teacherB.id();
    assertEquals(403, get("/instructor/review?s=" + s + "&user=student-a"));
    assertEquals(403, get("/instructor/reset?s=" + s + "&user=student-a"));
    Page reset =
        post(
            "/instructor/reset", Map.of("s", s, "csrf", teacherB.csrfToken(), "user", "student-a"));
    assertEquals(403, reset.getWebResponse().getStatusCode());
    Page resend =
        post(
            "/instructor/results",
            Map.of("s", s, "csrf", teacherB.csrfToken(), "user", Long.toString(studentA.userId())));
    assertEquals(403, resend.getWebResponse().getStatusCode());
    String results =
        ((org.htmlunit.html.HtmlPage) browser.getPage(server.url() + "/instructor/results?s=" + s))
            .asNormalizedText();
    assertTrue(
        results.contains("No students have started yet"),
        "course B sees nothing of course A: " + results);
    assertEquals(
        1L,
        Fixtures.jdbc(server)
            .queryOne(
                "SELECT COUNT(*) FROM quiz_attempts WHERE user_id = ?",
                r -> r.getLong(1),
                studentA.userId())
            .orElseThrow());
  }

  @Test
  void a_form_replayed_with_another_sessions_csrf_token_is_refused() throws Exception {
    Map<String, String> replay =
        Map.of(
            "s",
            teacherA.id(),
            "csrf",
            teacherB.csrfToken(),
            "user",
            "student-a",
            "points",
            "10",
            "attempts",
            "3",
            "grading",
            "last",
            "feedback",
            "at-end");
    for (String path :
        List.of(
            "/instructor/settings",
            "/instructor/reset",
            "/instructor/results",
            "/instructor/deep-link")) {
      Page refused = post(path, replay);
      assertEquals(403, refused.getWebResponse().getStatusCode(), path);
      assertTrue(
          refused.getWebResponse().getContentAsString().contains("This form is out of date"), path);
    }
    Page missing = post("/instructor/settings", Map.of("s", teacherA.id(), "grading", "last"));
    assertEquals(403, missing.getWebResponse().getStatusCode(), "no token at all");
    assertEquals(
        0L,
        Fixtures.jdbc(server)
            .queryOne(
                "SELECT COUNT(*) FROM assignment_settings WHERE resource_link_id = ?",
                r -> r.getLong(1),
                teacherA.resourceLinkId())
            .orElseThrow());
    assertEquals(
        0L,
        Fixtures.jdbc(server)
            .queryOne("SELECT COUNT(*) FROM attempt_resets", r -> r.getLong(1))
            .orElseThrow());
  }

  @Test
  void odd_query_values_never_break_the_pages() throws Exception {
    String s = teacherA.id();
    for (String query :
        List.of("&resent=abc", "&page=-4", "&page=zz", "&saved=1&queued=x", "&name=%27%22%3C")) {
      String path =
          (query.contains("saved") ? "/instructor/settings?s=" : "/instructor/results?s=")
              + s
              + query;
      assertEquals(200, get(path), path);
    }
  }

  @Test
  void no_session_is_a_401_asking_to_launch_again() throws Exception {
    assertEquals(401, get("/instructor/results"));
    assertEquals(401, get("/instructor/results?s=guessed-session-id"));
    assertEquals(401, get("/instructor/items.csv?s=guessed-session-id"));
  }

  @Test
  void another_courses_instructor_gets_no_item_analysis_of_this_course() throws Exception {
    // teacher B's own link has no attempts: nothing of course A's student shows in B's analysis
    Page csv = browser.getPage(server.url() + "/instructor/items.csv?s=" + teacherB.id());
    assertEquals(200, csv.getWebResponse().getStatusCode());
    assertTrue(
        csv.getWebResponse()
            .getContentAsString()
            .lines()
            .skip(1)
            .allMatch(
                line ->
                    line.contains(",question,")
                        && line.endsWith("No learners so far: figures appear from 5.")),
        csv.getWebResponse().getContentAsString());
  }
}
