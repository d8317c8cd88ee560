package com.recoverylab.instructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.recoverylab.app.AppServer;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.lti.services.NrpsClient;
import com.recoverylab.testing.Answer;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.NrpsService.Member;
import com.recoverylab.testing.Received;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.Role;
import java.util.List;
import java.util.Map;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The results page lists roster learners who have not started, from a paged NRPS endpoint. */
class RosterFlowTest {
  private static AppServer server;
  private static FakePlatform moodle;
  private static Platform platform;

  @BeforeAll
  static void start() throws Exception {
    moodle = FakePlatform.start();
    // two pages, as a platform with a small page size sends a course roster
    moodle
        .nrps()
        .pageSize(2)
        .add(
            Member.of("sam-ro", "Sam Started", "Learner", "g-blue"),
            Member.of("tess-ro", "Tess Teacher", "Instructor", null),
            Member.of("nia-ro", "Nia Notyet", "Learner", "g-red"));
    server = TestServer.start(TestServer.settings(TestDatabases.h2()), Fixtures.content());
    platform = moodle.registerWith(server).platformIn(server);
  }

  @AfterAll
  static void stop() {
    server.close();
    moodle.close();
  }

  private LaunchSession launch(String subject, String name, Role role) {
    ObjectNode data = Fixtures.resourceLaunch();
    data.put("context_memberships_url", moodle.nrps().membershipsUrl());
    return Fixtures.launch(
        server,
        platform,
        "course-roster",
        subject,
        name,
        role,
        "link-roster",
        "quiz",
        "two-runs",
        data);
  }

  @Test
  void results_list_the_roster_learner_who_has_not_started_and_survive_a_refusing_platform()
      throws Exception {
    LaunchSession sam = launch("sam-ro", "Sam Started", Role.LEARNER);
    try (WebClient browser = TestServer.browser()) {
      Student.takeQuiz(
          browser,
          server.url().toString(),
          sam.id(),
          "two-runs",
          Map.of("first", "sleep", "next", "easy"));
    }
    LaunchSession teacher = launch("tess-ro", "Tess Teacher", Role.INSTRUCTOR);
    try (WebClient browser = TestServer.browser()) {
      HtmlPage results = browser.getPage(server.url() + "/instructor/results?s=" + teacher.id());
      String text = results.asNormalizedText();
      assertTrue(text.contains("1 student has not started yet"), text);
      assertTrue(text.contains("Nia Notyet"), text);
      List<?> notStarted = results.getByXPath("//section[@aria-labelledby='not-started']//li");
      assertEquals(
          1, notStarted.size(), "the started learner and the instructor are not listed: " + text);
      String csv =
          browser
              .getPage(server.url() + "/instructor/results.csv?s=" + teacher.id())
              .getWebResponse()
              .getContentAsString();
      assertTrue(csv.contains("Nia Notyet,nia-ro,0,0,,,,,10,,NOT_STARTED,"), csv);
      Received page = moodle.nrps().received().get(0);
      assertTrue(
          page.header("Authorization").startsWith("Bearer tok-"), page.header("Authorization"));
      String asked = moodle.tokens().received().get(0).form().get("scope");
      assertTrue(
          asked.contains(NrpsClient.SCOPE), "the token was asked for the roster scope: " + asked);

      // the roster carries course groups, so the page offers them as a filter
      assertTrue(text.contains("Groups come from the course platform"), text);
      HtmlPage red =
          browser.getPage(server.url() + "/instructor/results?s=" + teacher.id() + "&group=g-red");
      // a group where nobody has started says so, not that nobody in the course has
      assertTrue(
          red.asNormalizedText().contains("No students match this filter (1 started in all)"),
          red.asNormalizedText());
      assertTrue(red.asNormalizedText().contains("Nia Notyet"), red.asNormalizedText());
      HtmlPage blue =
          browser.getPage(server.url() + "/instructor/results?s=" + teacher.id() + "&group=g-blue");
      assertTrue(
          blue.asNormalizedText().contains("1 student matches this filter (1 started in all)"),
          blue.asNormalizedText());
      assertTrue(
          blue.asNormalizedText().contains("Everyone on the roster has started"),
          blue.asNormalizedText());
    }

    moodle.nrps().answerAlways(Answer.status(403, "{}"));
    LaunchSession other =
        Fixtures.launch(
            server,
            platform,
            "course-roster",
            "tess-ro",
            "Tess Teacher",
            Role.INSTRUCTOR,
            "link-roster-2",
            "quiz",
            "two-runs",
            Fixtures.resourceLaunch()
                .put("context_memberships_url", moodle.nrps().membershipsUrl() + "?x=1"));
    try (WebClient browser = TestServer.browser()) {
      HtmlPage results = browser.getPage(server.url() + "/instructor/results?s=" + other.id());
      assertEquals(200, results.getWebResponse().getStatusCode());
      String text = results.asNormalizedText();
      assertTrue(text.contains("refused to share its roster"), text);
      assertFalse(text.contains("Nia Notyet"), text);
    }
  }
}
