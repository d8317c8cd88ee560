package com.recoverylab.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.web.LaunchSession;
import java.util.List;
import org.htmlunit.WebClient;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A learner works through a graded branching scenario, going back a step on the way. */
class BranchingFlowTest {
  private static QuizHarness harness;

  @BeforeAll
  static void start() {
    harness = new QuizHarness();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void learner_steps_through_a_scenario_goes_back_once_reaches_an_ending_and_the_path_is_stored()
      throws Exception {
    LaunchSession lena = harness.learnerOnQuiz("lena", "race-week");
    try (WebClient browser = QuizPagesBrowser.create()) {
      HtmlPage page =
          QuizPages.press(browser.getPage(harness.url("/quizzes/race-week?s=" + lena.id())), "one");
      assertTrue(page.asNormalizedText().contains("STEP-PLANE"), page.asNormalizedText());
      assertNull(page.getFirstByXPath("//button[@value='back']"), "nothing to go back to yet");

      QuizPages.pick(page, "choice", "move");
      page = QuizPages.press(page, "choose");
      String text = page.asNormalizedText();
      assertTrue(text.contains("STEP-HOTEL"), text);
      assertFalse(
          QuizPages.htmlWithoutTokens(page).contains("FB-"), "feedback waits for the end: " + text);

      page = QuizPages.press(page, "back");
      assertTrue(page.asNormalizedText().contains("STEP-PLANE"));
      assertFalse(page.asNormalizedText().contains("STEP-HOTEL"));

      QuizPages.pick(page, "choice", "move");
      page = QuizPages.press(page, "choose");
      QuizPages.pick(page, "choice", "gadgets");
      page = QuizPages.press(page, "choose");
      text = page.asNormalizedText();
      assertTrue(text.contains("ENDING-OK"), text);
      assertFalse(
          text.contains("DEBRIEF-"), "at-end feedback: the debrief waits for the submit: " + text);
      assertNull(page.getFirstByXPath("//button[@value='back']"), "no going back from an ending");

      String attempt = page.getUrl().getPath();
      WebResponse back =
          harness.post(browser, lena, attempt + "/step", "question", "race-week", "action", "back");
      assertEquals(409, back.getStatusCode());
      WebResponse more =
          harness.post(
              browser, lena, attempt + "/step", "question", "race-week", "choice", "sleep");
      assertEquals(409, more.getStatusCode());

      HtmlPage result =
          QuizPages.pressText(
              browser.getPage(harness.url(attempt + "/summary?s=" + lena.id())), "Submit attempt");
      text = result.asNormalizedText();
      assertTrue(text.contains("Score 60%: 6 of 10 points"), "path-sum 3 of 5: " + text);
      assertTrue(text.contains("FB-MOVE") && text.contains("FB-GADGETS"), text);
      assertTrue(
          text.contains("DEBRIEF-OK the gadgets took the time the early night needed"), text);
      assertTrue(text.contains("Read more: The tools: Sleep comes first"), text);
    }
    assertEquals(
        "{\"kind\":\"path\",\"ids\":[\"move\",\"gadgets\"]}",
        harness
            .jdbc
            .queryOne(
                "SELECT a.answer FROM quiz_answers a JOIN quiz_attempts t ON t.id = a.attempt_id WHERE t.user_id = ?",
                r -> r.getString(1),
                lena.userId())
            .orElseThrow());
    assertEquals(
        List.of("on-the-plane:move:null", "hotel:gadgets:more-is-better"),
        harness.jdbc.query(
            "SELECT c.slot, c.option_id, c.misconception FROM quiz_answer_choices c JOIN quiz_attempts t"
                + " ON t.id = c.attempt_id WHERE t.user_id = ? ORDER BY c.id",
            r -> r.getString(1) + ":" + r.getString(2) + ":" + r.getString(3),
            lena.userId()));
  }

  @Test
  void a_choice_the_current_step_does_not_offer_is_a_400() throws Exception {
    LaunchSession kai = harness.learnerOnQuiz("kai", "race-week");
    try (WebClient browser = QuizPagesBrowser.create()) {
      WebResponse started = harness.post(browser, kai, "/quizzes/race-week/start", "layout", "one");
      String attempt = started.getWebRequest().getUrl().getPath();
      WebResponse skip =
          harness.post(browser, kai, attempt + "/step", "question", "race-week", "choice", "sleep");
      assertEquals(400, skip.getStatusCode());
      assertTrue(skip.getContentAsString().contains("does not offer"), skip.getContentAsString());
    }
  }
}
