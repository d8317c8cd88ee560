package com.recoverylab.instructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.app.AppServer;
import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.FeedbackTiming;
import com.recoverylab.content.GradingMethod;
import com.recoverylab.content.Question;
import com.recoverylab.content.Question.BranchChoice;
import com.recoverylab.content.Question.Choice;
import com.recoverylab.content.Question.ChoiceKind;
import com.recoverylab.content.Question.Ending;
import com.recoverylab.content.Question.Option;
import com.recoverylab.content.Question.Step;
import com.recoverylab.content.Quiz;
import com.recoverylab.content.QuizSettings;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlRadioButtonInput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Learners launch from the platform and take a quiz; the instructor reads the item analysis on the
 * results page, switches to all attempts, and downloads the same figures as CSV.
 */
class ItemAnalysisFlowTest {
  private static final QuizSettings SETTINGS =
      new QuizSettings(10, 0, GradingMethod.HIGHEST, FeedbackTiming.AT_END, false, 0);
  private static AppServer server;
  private static FakePlatform moodle;

  /** The unit test's fixture (ItemStatisticsTest) as a quiz, and a two-step scenario. */
  static ContentLibrary content() {
    Choice q1 =
        new Choice(
            "q1",
            ChoiceKind.SINGLE,
            "<p>After intervals, what comes first?</p>",
            1,
            List.of(
                new Option("r", "Sleep and a proper dinner", true, null, null, null),
                new Option("strong", "A massage gun before dinner", false, null, null, null),
                new Option("never", "Skip dinner to roll longer", false, null, null, null),
                new Option("weak", "Every tool in the cupboard", false, null, null, null)));
    Choice q2 =
        new Choice(
            "q2",
            ChoiceKind.SINGLE,
            "<p>Do tools ease how legs feel?</p>",
            1,
            List.of(
                new Option("yes", "They can", true, null, null, null),
                new Option("no", "They never do", false, null, null, null)));
    Choice q3 =
        new Choice(
            "q3",
            ChoiceKind.SINGLE,
            "<p>Do tools speed adaptation?</p>",
            2,
            List.of(
                new Option("ok", "No, training does", true, null, null, null),
                new Option("bad", "Yes, a lot", false, null, null, null)));
    Quiz items =
        new Quiz(
            "items",
            "Recovery basics",
            "Three questions.",
            3,
            SETTINGS,
            List.of(),
            List.of(q1, q2, q3),
            "quizzes/items.yaml");
    Question.Branching trip =
        new Question.Branching(
            "trip",
            "<p>Lena flies to a race.</p>",
            1,
            Question.BranchScoring.PATH_SUM,
            false,
            "plane",
            List.of(
                new Step(
                    "plane",
                    "On the plane",
                    List.of(
                        new BranchChoice("move", "Walk every hour", 2, "hotel", null, null, null),
                        new BranchChoice(
                            "sit", "Sit still all the way", 0, "stiff", null, null, null))),
                new Step(
                    "hotel",
                    "At the hotel",
                    List.of(
                        new BranchChoice("sleep", "An early night", 3, "good", null, null, null),
                        new BranchChoice(
                            "gadgets",
                            "Try every gadget at the expo",
                            1,
                            "flat",
                            null,
                            null,
                            null)))),
            List.of(
                new Ending("good", "Lena starts fresh", 1),
                new Ending("flat", "Lena starts flat", 0.6),
                new Ending("stiff", "Lena arrives stiff", 0.2)));
    Quiz travel =
        new Quiz(
            "travel",
            "Race travel",
            "A scenario.",
            3,
            SETTINGS,
            List.of(),
            List.of(trip),
            "quizzes/travel.yaml");
    return new ContentLibrary(List.of(), List.of(items, travel), Map.of());
  }

  @BeforeAll
  static void start() {
    server = TestServer.start(TestServer.settings(TestDatabases.h2()), content());
    moodle = FakePlatform.start().registerWith(server);
  }

  @AfterAll
  static void stop() {
    moodle.close();
    server.close();
  }

  /** Launches a learner on a quiz link in a fresh browser and returns their session id. */
  private String launch(
      WebClient browser, FakePlatform.Launch launch, String user, String link, String quiz)
      throws Exception {
    launch.content("quiz:" + quiz);
    launch.userId = user;
    launch.givenName = "Learner";
    launch.familyName = user;
    launch.linkId = link;
    Page landed = moodle.run(browser, launch);
    assertEquals(
        200, landed.getWebResponse().getStatusCode(), landed.getWebResponse().getContentAsString());
    for (String pair : landed.getUrl().getQuery().split("&")) {
      if (pair.startsWith("s=")) {
        return URLDecoder.decode(pair.substring(2), StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no session in " + landed.getUrl());
  }

  private void takeItems(String user, String q1, String q2, String q3, int times) throws Exception {
    try (WebClient browser = TestServer.browser()) {
      String s = launch(browser, moodle.launch(), user, "items-link", "items");
      for (int i = 0; i < times; i++) {
        HtmlPage result =
            Student.takeQuiz(
                browser,
                server.url().toString(),
                s,
                "items",
                Map.of(
                    "q1", i == 0 ? q1 : "r", "q2", i == 0 ? q2 : "yes", "q3", i == 0 ? q3 : "ok"));
        assertEquals(200, result.getWebResponse().getStatusCode(), result.asNormalizedText());
      }
    }
  }

  private HtmlPage results(WebClient browser, String teacher, String query) throws Exception {
    HtmlPage page = browser.getPage(server.url() + "/instructor/results?s=" + teacher + query);
    assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
    return page;
  }

  @Test
  void instructor_sees_item_figures_from_five_learners_flags_distractors_and_exports_them()
      throws Exception {
    // the same answers as ItemStatisticsTest's hand-computed fixture: learner, q1, q2, q3
    takeItems("L1", "r", "yes", "ok", 1);
    takeItems("L2", "r", "yes", "ok", 1);
    takeItems("L3", "strong", "yes", "ok", 1);
    takeItems("L4", "r", "no", "ok", 1);
    try (WebClient browser = TestServer.browser()) {
      String teacher = launch(browser, moodle.launch().instructor(), "T1", "items-link", "items");
      String text = results(browser, teacher, "").asNormalizedText();
      assertTrue(text.contains("4 learners so far: figures appear from 5."), text);
      assertTrue(!text.contains("Facility index 75%"), "no figure from four learners: " + text);
    }
    takeItems("L5", "weak", "no", "bad", 2); // a second attempt, all right, counts only under "all"
    takeItems("L6", "weak", "yes", "bad", 1);

    try (WebClient browser = TestServer.browser()) {
      String teacher = launch(browser, moodle.launch().instructor(), "T1", "items-link", "items");
      HtmlPage page = results(browser, teacher, "");
      String text = page.asNormalizedText();
      // the definitions, one line each
      assertTrue(
          text.contains(
              "Facility index\nthe mean score on the question as a percentage of its maximum"),
          text);
      assertTrue(
          text.contains("Discrimination index\nthe mean score (0 to 1) of the top third minus"),
          text);
      // first attempts: q1 3/6 = 50%, discrimination .50 (see ItemStatisticsTest)
      assertTrue(
          text.contains("Facility index 50%; discrimination index 0.50; 6 learners, 6 attempts."),
          text);
      assertTrue(
          text.contains(
              "A massage gun before dinner\tWrong\t1\t1\t0\tstrong students chose this wrong option"
                  + " more than weak ones: check the key"),
          text);
      assertTrue(
          text.contains(
              "Skip dinner to roll longer\tWrong\t0\t0\t0\tnobody chose this option: it does not"
                  + " distract"),
          text);
      assertTrue(text.contains("Every tool in the cupboard\tWrong\t2\t0\t2"), text);
      assertNotNull(
          page.getFirstByXPath(
              "//strong[@aria-current='true'][contains(., 'first graded attempt')]"));

      // the switch: all graded attempts adds L5's second one (7 attempts, 6 learners): q1 4/7 = 57%
      HtmlPage all = page.getAnchorByText("every graded attempt").click();
      text = all.asNormalizedText();
      assertTrue(
          text.contains("Facility index 57%; discrimination index 0.50; 6 learners, 7 attempts."),
          text);
      assertNotNull(
          all.getFirstByXPath(
              "//strong[@aria-current='true'][contains(., 'every graded attempt')]"));

      Page csv = all.getAnchorByText("Download the item analysis as CSV").click();
      assertEquals("text/csv", csv.getWebResponse().getContentType());
      List<String> lines = csv.getWebResponse().getContentAsString().lines().toList();
      assertEquals(String.join(",", ItemAnalysisCsv.HEADER), lines.get(0));
      assertEquals(
          "attempts_counted,question,question_id,kind,row,id,text,correct,learners,attempts,"
              + "facility_percent,discrimination,count,top_third,bottom_third,note",
          lines.get(0));
      assertTrue(
          lines.contains("all,1,q1,single,question,q1,,,6,7,57.1,0.50,,,,"),
          String.join("\n", lines));
      assertTrue(
          lines.contains(
              "all,1,q1,single,option,strong,A massage gun before dinner,false,6,7,,,1,1,0,"
                  + "strong students chose this wrong option more than weak ones: check the key"),
          String.join("\n", lines));

      Page first =
          browser.getPage(server.url() + "/instructor/items.csv?s=" + teacher + "&attempts=first");
      List<String> firstLines = first.getWebResponse().getContentAsString().lines().toList();
      assertTrue(
          firstLines.contains("first,1,q1,single,question,q1,,,6,6,50,0.50,,,,"),
          String.join("\n", firstLines));
      assertTrue(
          firstLines.contains(
              "first,1,q1,single,option,never,Skip dinner to roll longer,false,6,6,,,0,0,0,"
                  + "nobody chose this option: it does not distract"),
          String.join("\n", firstLines));

      Page bad =
          browser.getPage(server.url() + "/instructor/results?s=" + teacher + "&attempts=some");
      assertEquals(400, bad.getWebResponse().getStatusCode());
      assertTrue(
          bad.getWebResponse()
              .getContentAsString()
              .contains("is not a choice of attempts to count"),
          bad.getWebResponse().getContentAsString());
    }
  }

  private void walk(String user, String... choices) throws Exception {
    try (WebClient browser = TestServer.browser()) {
      String s = launch(browser, moodle.launch(), user, "travel-link", "travel");
      HtmlPage page = press(browser.getPage(server.url() + "/quizzes/travel?s=" + s), "one");
      for (String choice : choices) {
        for (DomElement element : page.getElementsByName("choice")) {
          if (choice.equals(element.getAttribute("value"))) {
            ((HtmlRadioButtonInput) element).setChecked(true);
          }
        }
        page = press(page, "choose");
      }
      HtmlPage summary = page.getAnchorByText("Review and submit").click();
      page =
          ((HtmlButton) summary.getFirstByXPath("//button[normalize-space(.)='Submit attempt']"))
              .click();
      assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
    }
  }

  private static HtmlPage press(HtmlPage page, String value) throws Exception {
    HtmlButton button = page.getFirstByXPath("//button[@value='" + value + "']");
    assertNotNull(
        button, "no button " + value + " on " + page.getUrl() + "\n" + page.asNormalizedText());
    return button.click();
  }

  @Test
  void instructor_sees_the_paths_taken_through_a_scenario_as_a_graph_and_a_table()
      throws Exception {
    walk("P1", "move", "sleep");
    walk("P2", "move", "sleep");
    walk("P3", "move", "gadgets");
    walk("P4", "sit");
    walk("P5", "move", "sleep");
    try (WebClient browser = TestServer.browser()) {
      String teacher = launch(browser, moodle.launch().instructor(), "T2", "travel-link", "travel");
      HtmlPage page = results(browser, teacher, "");
      String text = page.asNormalizedText();
      assertTrue(text.contains("Step 1: On the plane\t5"), text);
      assertTrue(text.contains("Step 2: At the hotel\t4"), text);
      assertTrue(text.contains("Ending 1: Lena starts fresh\t3"), text);
      assertTrue(text.contains("Ending 3: Lena arrives stiff\t1"), text);
      assertTrue(text.contains("Step 1\tWalk every hour\tStep 2\t4"), text);
      assertTrue(text.contains("Step 2\tTry every gadget at the expo\tEnding 2\t1"), text);
      assertTrue(text.contains("Every counted attempt reached an ending."), text);
      DomElement graph =
          page.getFirstByXPath("//section[@aria-labelledby='items']//*[local-name()='svg']");
      assertNotNull(graph, "the paths are drawn as inline SVG");
      assertEquals("img", graph.getAttribute("role"));
      assertTrue(
          graph.getAttribute("aria-label").contains("paths taken"),
          graph.getAttribute("aria-label"));
      assertTrue(graph.asXml().contains("5 reached"), graph.asXml());
    }
  }
}
