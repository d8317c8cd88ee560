package com.recoverylab.quiz;

import static com.recoverylab.quiz.QuizPages.answerModelStudent;
import static com.recoverylab.quiz.QuizPages.currentQuestion;
import static com.recoverylab.quiz.QuizPages.press;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.content.Question;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.Role;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.htmlunit.WebClient;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A learner takes graded quizzes through the real server, as in a course. */
class GradedQuizFlowTest {
  private static QuizHarness harness;

  @BeforeAll
  static void start() {
    harness = new QuizHarness();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static void assertNoFeedbackOrKey(HtmlPage page) {
    String html = QuizPages.htmlWithoutTokens(page);
    assertFalse(
        html.contains("FB-"),
        "feedback leaked before answering on " + page.getUrl() + ":\n" + html);
    assertFalse(
        html.contains("class=\"correct\"") || html.contains(" correct\""),
        "right-answer mark leaked:\n" + html);
    assertFalse(html.contains("incorrect"), "wrong-answer mark leaked:\n" + html);
    for (Question question : QuizFixtures.backToBack().questions()) {
      for (String feedback : QuizFixtures.feedbackMarkers(question)) {
        assertFalse(html.contains(feedback), feedback);
      }
    }
  }

  @Test
  void
      learner_takes_a_graded_quiz_question_by_question_resumes_submits_and_sees_score_feedback_and_sync_state()
          throws Exception {
    LaunchSession sam = harness.launch("sam", Role.LEARNER, "graded-main", "quiz", "back-to-back");
    try (WebClient browser = QuizPagesBrowser.create()) {
      HtmlPage start = browser.getPage(harness.url("/quizzes/back-to-back?s=" + sam.id()));
      assertEquals(200, start.getWebResponse().getStatusCode());
      String startText = start.asNormalizedText();
      assertTrue(startText.contains("Two runs, one short night"), startText);
      assertTrue(startText.contains("Graded"), startText);
      assertTrue(startText.contains("0 of 2 used"), startText);
      assertTrue(startText.contains("10 points"), startText);

      HtmlPage page = press(start, "one");
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < 2; i++) {
        assertNoFeedbackOrKey(page);
        String question = currentQuestion(page);
        seen.add(question);
        answerModelStudent(page, question);
        page = press(page, "next");
        assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
      }

      // the student leaves and comes back later: the start page offers to resume
      HtmlPage again = browser.getPage(harness.url("/quizzes/back-to-back?s=" + sam.id()));
      HtmlAnchor resume = again.getFirstByXPath("//a[normalize-space(.)='Resume your attempt']");
      assertNotNull(resume, again.asNormalizedText());
      assertNull(
          again.getFirstByXPath("//button[@value='one']"), "no second attempt while one is open");
      page = resume.click();
      assertTrue(
          page.asNormalizedText().contains("Question 3 of 5 · 2 answered"),
          page.asNormalizedText());
      assertFalse(seen.contains(currentQuestion(page)), "resumes at the first unanswered question");

      // the answers so far are kept: going back shows the earlier answer checked
      while (seen.size() < 5) {
        assertNoFeedbackOrKey(page);
        String question = currentQuestion(page);
        seen.add(question);
        answerModelStudent(page, question);
        page = press(page, seen.size() == 5 ? "summary" : "next");
      }
      assertNoFeedbackOrKey(page);
      String summary = page.asNormalizedText();
      assertTrue(summary.contains("Review your answers"), summary);
      assertFalse(summary.contains("Not answered"), summary);

      HtmlPage result = QuizPages.pressText(page, "Submit attempt");
      String text = result.asNormalizedText();
      assertEquals(200, result.getWebResponse().getStatusCode(), text);
      assertTrue(text.contains("Score 75%: 7.5 of 10 points"), text);
      assertTrue(text.contains("Waiting to send your grade"), text);
      assertTrue(text.contains("Best of 1 attempt: 7.5/10"), text);
      assertTrue(
          text.contains("FB-SLEEP"), "feedback of the chosen option shows after submit: " + text);
      assertTrue(text.contains("FB-DISTRACTOR"), text);
      assertFalse(text.contains("FB-GUN"), "feedback of an option not chosen stays hidden");
      assertNotNull(
          result.getFirstByXPath(
              "//a[starts-with(@href, '/lessons/the-tools?s=') and contains(@href, '#sleep-first')]"),
          "feedback links to the lesson section");
    }

    assertEquals(
        1,
        harness.count(
            "SELECT COUNT(*) FROM quiz_attempts WHERE user_id = ? AND status = 'SUBMITTED'"
                + " AND mode = 'GRADED'",
            sam.userId()));
    var row =
        harness
            .jdbc
            .queryOne(
                "SELECT score_given, score_maximum, comment, status FROM grade_outbox"
                    + " WHERE resource_link_id = ? AND user_id = ?",
                r ->
                    r.getBigDecimal(1).doubleValue()
                        + "/"
                        + r.getBigDecimal(2).doubleValue()
                        + " "
                        + r.getString(3)
                        + " "
                        + r.getString(4),
                sam.resourceLinkId(),
                sam.userId())
            .orElseThrow();
    assertEquals("7.5/10.0 Best of 1 attempt: 7.5/10 PENDING", row);
  }

  @Test
  void result_page_says_when_the_grade_was_sent_or_could_not_be_sent() throws Exception {
    LaunchSession kim = harness.launch("kim", Role.LEARNER, "graded-sync", "quiz", "back-to-back");
    try (WebClient browser = QuizPagesBrowser.create()) {
      WebResponse started =
          harness.post(browser, kim, "/quizzes/back-to-back/start", "layout", "one");
      String attemptPath = started.getWebRequest().getUrl().getPath();
      WebResponse result = harness.post(browser, kim, attemptPath + "/submit");
      String resultUrl = result.getWebRequest().getUrl().toString();
      harness.jdbc.update(
          "UPDATE grade_outbox SET status = 'DELIVERED' WHERE user_id = ?", kim.userId());
      assertTrue(
          ((HtmlPage) browser.getPage(resultUrl))
              .asNormalizedText()
              .contains("Grade sent to your course"));
      harness.jdbc.update(
          "UPDATE grade_outbox SET status = 'FAILED' WHERE user_id = ?", kim.userId());
      assertTrue(
          ((HtmlPage) browser.getPage(resultUrl))
              .asNormalizedText()
              .contains("Your grade could not be sent; your instructor can see why"));
    }
  }

  @Test
  void a_start_beyond_the_attempt_limit_is_refused_with_a_clear_page() throws Exception {
    LaunchSession lee = harness.launch("lee", Role.LEARNER, "graded-limit", "quiz", "back-to-back");
    try (WebClient browser = QuizPagesBrowser.create()) {
      for (int i = 0; i < 2; i++) {
        WebResponse started =
            harness.post(browser, lee, "/quizzes/back-to-back/start", "layout", "one");
        assertEquals(200, started.getStatusCode());
        harness.post(browser, lee, started.getWebRequest().getUrl().getPath() + "/submit");
      }
      WebResponse third =
          harness.post(browser, lee, "/quizzes/back-to-back/start", "layout", "one");
      assertEquals(409, third.getStatusCode());
      assertTrue(
          third.getContentAsString().contains("You have used all 2 graded attempts"),
          third.getContentAsString());

      HtmlPage start = browser.getPage(harness.url("/quizzes/back-to-back?s=" + lee.id()));
      String text = start.asNormalizedText();
      assertTrue(text.contains("2 of 2 used"), text);
      assertTrue(text.contains("You have used all 2 graded attempts"), text);
      assertNull(start.getFirstByXPath("//button[@value='one']"));
      assertEquals(
          2,
          start.getByXPath("//a[normalize-space(.)='Review']").size(),
          "past attempts listed for review");
    }
    assertEquals(
        2, harness.count("SELECT COUNT(*) FROM quiz_attempts WHERE user_id = ?", lee.userId()));
    assertEquals(
        1,
        harness.count(
            "SELECT COUNT(*) FROM grade_outbox WHERE user_id = ? AND status = 'PENDING'",
            lee.userId()),
        "the second grade supersedes the first one still waiting");
  }

  @Test
  void double_submit_and_a_second_tab_create_one_attempt_and_one_outbox_row() throws Exception {
    LaunchSession ana =
        harness.launch("ana", Role.LEARNER, "graded-double", "quiz", "back-to-back");
    try (WebClient browser = QuizPagesBrowser.create()) {
      WebResponse first =
          harness.post(browser, ana, "/quizzes/back-to-back/start", "layout", "one");
      WebResponse secondTab =
          harness.post(browser, ana, "/quizzes/back-to-back/start", "layout", "one");
      String attemptPath = first.getWebRequest().getUrl().getPath();
      assertEquals(
          attemptPath,
          secondTab.getWebRequest().getUrl().getPath(),
          "the second tab resumes the same attempt");

      harness.post(
          browser,
          ana,
          attemptPath + "/answer",
          "question",
          "first-step",
          "first-step:option",
          "sleep");
      WebResponse submit1 = harness.post(browser, ana, attemptPath + "/submit");
      WebResponse submit2 = harness.post(browser, ana, attemptPath + "/submit");
      assertEquals(200, submit1.getStatusCode());
      assertEquals(200, submit2.getStatusCode(), "a repeated submit shows the same result");
      assertTrue(
          submit2.getContentAsString().contains("Your result"), submit2.getContentAsString());
    }
    assertEquals(
        1, harness.count("SELECT COUNT(*) FROM quiz_attempts WHERE user_id = ?", ana.userId()));
    assertEquals(
        1, harness.count("SELECT COUNT(*) FROM grade_outbox WHERE user_id = ?", ana.userId()));
  }

  @Test
  void
      with_feedback_after_each_the_student_sees_only_the_chosen_options_feedback_and_cannot_change_the_answer()
          throws Exception {
    LaunchSession max =
        harness.launch("max", Role.LEARNER, "graded-after-each", "quiz", "after-each");
    try (WebClient browser = QuizPagesBrowser.create()) {
      HtmlPage page =
          press(browser.getPage(harness.url("/quizzes/after-each?s=" + max.id())), "one");
      assertEquals("first-step", currentQuestion(page), "no shuffle: file order");
      assertFalse(QuizPages.htmlWithoutTokens(page).contains("FB-"));
      QuizPages.pick(page, "first-step:option", "gun");
      HtmlPage feedback = press(page, "check");
      String text = feedback.asNormalizedText();
      assertTrue(text.contains("Not right (0%)"), text);
      assertTrue(text.contains("FB-GUN"), text);
      assertFalse(
          text.contains("FB-SLEEP"), "the right option's feedback is not revealed: " + text);
      assertFalse(text.contains("Try this question again"), "graded attempts have no second try");
      assertTrue(text.contains("Read more: The tools: Sleep comes first"), text);

      String attemptPath = feedback.getUrl().getPath();
      WebResponse changed =
          harness.post(
              browser,
              max,
              attemptPath + "/answer",
              "question",
              "first-step",
              "first-step:option",
              "sleep");
      assertEquals(409, changed.getStatusCode());
      assertTrue(
          changed.getContentAsString().contains("already answered this question"),
          changed.getContentAsString());

      HtmlPage next =
          feedback.getFirstByXPath("//a[normalize-space(.)='Next question']")
                  instanceof HtmlAnchor a
              ? a.click()
              : null;
      assertNotNull(next);
      assertEquals("heavy-legs", currentQuestion(next));
      assertFalse(
          QuizPages.htmlWithoutTokens(next).contains("FB-"), "next question shows no feedback yet");
    }
  }

  @Test
  void with_feedback_after_each_save_and_submit_keeps_a_checked_answer_as_it_was()
      throws Exception {
    LaunchSession ria =
        harness.launch("ria", Role.LEARNER, "graded-after-each-all", "quiz", "after-each");
    try (WebClient browser = QuizPagesBrowser.create()) {
      HtmlPage page =
          press(browser.getPage(harness.url("/quizzes/after-each?s=" + ria.id())), "one");
      QuizPages.pick(page, "first-step:option", "gun");
      String attemptPath = press(page, "check").getUrl().getPath();

      // the all-questions page posts the checked question too: it is left out, not a conflict
      WebResponse saved = postAllPage(browser, ria, attemptPath, "save");
      assertEquals(200, saved.getStatusCode(), saved.getContentAsString());
      WebResponse submitted = postAllPage(browser, ria, attemptPath, "submit");
      assertEquals(200, submitted.getStatusCode(), submitted.getContentAsString());
      assertTrue(
          submitted.getWebRequest().getUrl().getPath().endsWith("/result"),
          submitted.getWebRequest().getUrl().toString());
      assertEquals(
          1,
          harness.count(
              "SELECT COUNT(*) FROM quiz_answers a JOIN quiz_attempts t ON t.id = a.attempt_id"
                  + " WHERE t.user_id = ? AND t.status = 'SUBMITTED' AND a.question_id = 'first-step'"
                  + " AND a.answer LIKE '%gun%' AND a.score = 0",
              ria.userId()),
          "the checked answer stays, scored as it was");
    }
  }

  /** The all-questions page with another answer to the question checked already. */
  private WebResponse postAllPage(
      WebClient browser, LaunchSession learner, String attemptPath, String action)
      throws Exception {
    return harness.post(
        browser,
        learner,
        attemptPath + "/answers",
        "question",
        "first-step",
        "first-step:option",
        "sleep",
        "action",
        action);
  }

  @Test
  void the_start_page_lists_the_newest_attempts_and_every_one_on_request() throws Exception {
    LaunchSession max = harness.launch("max", Role.LEARNER, "graded-history", "quiz", "after-each");
    try (WebClient browser = QuizPagesBrowser.create()) {
      List<Long> made = new ArrayList<>();
      for (int i = 0; i < QuizServlet.PAST_SHOWN; i++) {
        made.add(startAndSubmit(browser, max));
      }
      HtmlPage exactly = browser.getPage(harness.url("/quizzes/after-each?s=" + max.id()));
      assertEquals(QuizServlet.PAST_SHOWN, pastAttempts(exactly).size());
      assertTrue(exactly.getByXPath("//a[text()='Show all your attempts']").isEmpty());

      made.add(startAndSubmit(browser, max));
      made.add(startAndSubmit(browser, max));
      Collections.reverse(made);
      HtmlPage start = browser.getPage(harness.url("/quizzes/after-each?s=" + max.id()));
      assertEquals(made.subList(0, QuizServlet.PAST_SHOWN), pastAttempts(start));
      assertTrue(
          start.asNormalizedText().contains("Your 10 newest attempts are shown."),
          start.asNormalizedText());

      HtmlPage all = start.getAnchorByText("Show all your attempts").click();
      assertEquals(made, pastAttempts(all));
      assertTrue(all.getByXPath("//a[text()='Show all your attempts']").isEmpty());
    }
  }

  /** Starts an attempt at the unlimited graded quiz and submits it unanswered; its id. */
  private static long startAndSubmit(WebClient browser, LaunchSession session) throws Exception {
    WebResponse started =
        harness.post(browser, session, "/quizzes/after-each/start", "layout", "one");
    long id =
        Long.parseLong(
            started.getWebRequest().getUrl().getPath().replaceFirst(".*/attempts/(\\d+).*", "$1"));
    harness.post(browser, session, "/quizzes/after-each/attempts/" + id + "/submit");
    return id;
  }

  /** The attempt ids of the start page's table of attempts, in its order. */
  private static List<Long> pastAttempts(HtmlPage start) {
    List<Long> ids = new ArrayList<>();
    for (HtmlAnchor review :
        start.<HtmlAnchor>getByXPath("//section[@aria-labelledby='past']//tbody/tr/td/a")) {
      ids.add(Long.parseLong(review.getHrefAttribute().replaceFirst(".*/attempts/(\\d+).*", "$1")));
    }
    return ids;
  }

  @Test
  void all_questions_on_one_page_can_be_saved_and_submitted() throws Exception {
    LaunchSession eva = harness.launch("eva", Role.LEARNER, "graded-all", "quiz", "back-to-back");
    try (WebClient browser = QuizPagesBrowser.create()) {
      HtmlPage page =
          press(browser.getPage(harness.url("/quizzes/back-to-back?s=" + eva.id())), "all");
      assertNoFeedbackOrKey(page);
      for (String question :
          new String[] {"first-step", "heavy-legs", "myth", "priorities", "tool-effects"}) {
        answerModelStudent(page, question);
      }
      // a ranking with two items in one place is shown again with the mistake named, nothing saved
      QuizPages.select(page, "priorities:rank:fuel", "1");
      HtmlPage fix = press(page, "save");
      assertEquals(400, fix.getWebResponse().getStatusCode());
      assertTrue(
          fix.asNormalizedText().contains("Give each item a different position"),
          fix.asNormalizedText());
      assertEquals(
          0,
          harness.count(
              "SELECT COUNT(*) FROM quiz_answers a JOIN quiz_attempts t ON t.id = a.attempt_id"
                  + " WHERE t.user_id = ?",
              eva.userId()));
      QuizPages.select(fix, "priorities:rank:fuel", "2");
      HtmlPage saved = press(fix, "save");
      assertTrue(
          saved.asNormalizedText().contains("Your answers are saved"), saved.asNormalizedText());
      assertNoFeedbackOrKey(saved);
      HtmlPage result = press(saved, "submit");
      assertTrue(
          result.asNormalizedText().contains("Score 75%: 7.5 of 10 points"),
          result.asNormalizedText());
    }
  }

  @Test
  void instructor_settings_for_the_link_override_the_quiz_defaults() throws Exception {
    LaunchSession ida =
        harness.launch("ida", Role.LEARNER, "graded-settings", "quiz", "back-to-back");
    harness.jdbc.update(
        "INSERT INTO assignment_settings (resource_link_id, points, max_attempts, grading_method,"
            + " feedback_timing, updated_at) VALUES (?, 20, 1, 'last', 'after-each', ?)",
        ida.resourceLinkId(),
        java.time.Instant.now());
    try (WebClient browser = QuizPagesBrowser.create()) {
      HtmlPage start = browser.getPage(harness.url("/quizzes/back-to-back?s=" + ida.id()));
      String text = start.asNormalizedText();
      assertTrue(text.contains("0 of 1 used"), text);
      assertTrue(text.contains("20 points"), text);
      assertTrue(text.contains("Your last attempt counts"), text);
      assertTrue(text.contains("Right after each question"), text);
    }
    harness.jdbc.update(
        "UPDATE assignment_settings SET available_until = ? WHERE resource_link_id = ?",
        java.time.Instant.parse("2020-01-01T00:00:00Z"),
        ida.resourceLinkId());
    try (WebClient browser = QuizPagesBrowser.create()) {
      WebResponse refused =
          harness.post(browser, ida, "/quizzes/back-to-back/start", "layout", "one");
      assertEquals(403, refused.getStatusCode());
      assertTrue(
          refused
              .getContentAsString()
              .contains("This quiz closed for graded attempts on 1 Jan 2020"),
          refused.getContentAsString());
    }
    assertEquals(
        0, harness.count("SELECT COUNT(*) FROM quiz_attempts WHERE user_id = ?", ida.userId()));
  }
}
