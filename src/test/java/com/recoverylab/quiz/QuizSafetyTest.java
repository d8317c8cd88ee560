package com.recoverylab.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.Role;
import java.util.List;
import org.htmlunit.WebClient;
import org.htmlunit.WebResponse;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tampered forms and other people's attempts get a clear refusal and change nothing. */
class QuizSafetyTest {
  private static QuizHarness harness;

  @BeforeAll
  static void start() {
    harness = new QuizHarness();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static String startAttempt(WebClient browser, LaunchSession session, String quizId)
      throws Exception {
    WebResponse started =
        harness.post(browser, session, "/quizzes/" + quizId + "/start", "layout", "one");
    assertEquals(200, started.getStatusCode(), started.getContentAsString());
    return started.getWebRequest().getUrl().getPath();
  }

  private static void assertRefused(WebResponse response, int status, String words) {
    assertEquals(status, response.getStatusCode(), response.getContentAsString());
    assertTrue(response.getContentAsString().contains(words), response.getContentAsString());
    assertTrue(!response.getContentAsString().contains("Exception"), "no internals shown");
  }

  @Test
  void an_option_the_question_does_not_offer_is_a_400_naming_it() throws Exception {
    LaunchSession session = harness.learnerOnQuiz("t-option", "back-to-back");
    try (WebClient browser = QuizPagesBrowser.create()) {
      String attempt = startAttempt(browser, session, "back-to-back");
      assertRefused(
          harness.post(
              browser,
              session,
              attempt + "/answer",
              "question",
              "first-step",
              "first-step:option",
              "teleport"),
          400,
          "does not offer");
    }
    assertEquals(
        0,
        harness.count(
            "SELECT COUNT(*) FROM quiz_answers a JOIN quiz_attempts t ON t.id = a.attempt_id"
                + " WHERE t.user_id = ?",
            session.userId()));
  }

  @Test
  void an_answer_to_a_question_outside_the_attempt_is_a_400() throws Exception {
    LaunchSession session = harness.learnerOnQuiz("t-question", "back-to-back");
    try (WebClient browser = QuizPagesBrowser.create()) {
      String attempt = startAttempt(browser, session, "back-to-back");
      assertRefused(
          harness.post(
              browser,
              session,
              attempt + "/answer",
              "question",
              "race-week",
              "race-week:option",
              "move"),
          400,
          "not part of this attempt");
      assertRefused(
          harness.post(
              browser, session, attempt + "/step", "question", "race-week", "choice", "move"),
          400,
          "not part of this attempt");
    }
  }

  @Test
  void another_users_attempt_is_a_403_for_reading_and_answering() throws Exception {
    LaunchSession owner = harness.learnerOnQuiz("t-owner", "back-to-back");
    LaunchSession other = harness.learnerOnQuiz("t-other", "back-to-back");
    try (WebClient browser = QuizPagesBrowser.create()) {
      String attempt = startAttempt(browser, owner, "back-to-back");
      WebResponse read =
          browser.getPage(harness.url(attempt + "?s=" + other.id())).getWebResponse();
      assertRefused(read, 403, "belongs to someone else");
      assertRefused(
          harness.post(
              browser,
              other,
              attempt + "/answer",
              "question",
              "first-step",
              "first-step:option",
              "sleep"),
          403,
          "belongs to someone else");
      assertRefused(
          harness.post(browser, other, attempt + "/submit"), 403, "belongs to someone else");
    }
    assertEquals(
        0,
        harness.count(
            "SELECT COUNT(*) FROM quiz_attempts WHERE user_id = ? AND status = 'SUBMITTED'",
            owner.userId()));
  }

  @Test
  void answering_a_submitted_attempt_is_a_409() throws Exception {
    LaunchSession session = harness.learnerOnQuiz("t-submitted", "back-to-back");
    try (WebClient browser = QuizPagesBrowser.create()) {
      String attempt = startAttempt(browser, session, "back-to-back");
      harness.post(browser, session, attempt + "/submit");
      assertRefused(
          harness.post(
              browser,
              session,
              attempt + "/answer",
              "question",
              "first-step",
              "first-step:option",
              "sleep"),
          409,
          "already been submitted");
    }
    assertEquals(
        0,
        harness.count(
            "SELECT COUNT(*) FROM quiz_answers a JOIN quiz_attempts t ON t.id = a.attempt_id"
                + " WHERE t.user_id = ?",
            session.userId()));
  }

  @Test
  void a_form_without_the_csrf_token_is_a_403() throws Exception {
    LaunchSession session = harness.learnerOnQuiz("t-csrf", "back-to-back");
    try (WebClient browser = QuizPagesBrowser.create()) {
      String attempt = startAttempt(browser, session, "back-to-back");
      WebResponse answer =
          harness.postRaw(
              browser,
              attempt + "/answer",
              List.of(
                  new NameValuePair("s", session.id()),
                  new NameValuePair("question", "first-step"),
                  new NameValuePair("first-step:option", "sleep")));
      assertRefused(answer, 403, "did not come from this tool");
      WebResponse start =
          harness.postRaw(
              browser,
              "/quizzes/back-to-back/start",
              List.of(new NameValuePair("s", session.id()), new NameValuePair("csrf", "forged")));
      assertRefused(start, 403, "did not come from this tool");
    }
  }

  @Test
  void an_unknown_quiz_or_attempt_is_a_404() throws Exception {
    LaunchSession session = harness.learnerOnQuiz("t-404", "back-to-back");
    try (WebClient browser = QuizPagesBrowser.create()) {
      assertRefused(
          browser.getPage(harness.url("/quizzes/nope?s=" + session.id())).getWebResponse(),
          404,
          "no quiz with this name");
      assertRefused(
          browser
              .getPage(harness.url("/quizzes/back-to-back/attempts/999999?s=" + session.id()))
              .getWebResponse(),
          404,
          "no such attempt");
    }
  }

  @Test
  void a_quiz_page_without_a_launch_asks_to_launch_again() throws Exception {
    try (WebClient browser = QuizPagesBrowser.create()) {
      assertRefused(
          browser.getPage(harness.url("/quizzes/back-to-back")).getWebResponse(),
          401,
          "needs a launch from your course");
    }
  }

  @Test
  void instructors_and_learners_outside_the_quiz_link_practise_and_nothing_is_sent()
      throws Exception {
    LaunchSession teacher =
        harness.launch(
            "t-teacher", Role.INSTRUCTOR, "link-back-to-back-practice", "quiz", "back-to-back");
    LaunchSession fromLesson =
        harness.launch("t-reader", Role.LEARNER, "lesson-link", "lesson", "the-tools");
    try (WebClient browser = QuizPagesBrowser.create()) {
      String preview =
          browser
              .getPage(harness.url("/quizzes/back-to-back?s=" + teacher.id()))
              .getWebResponse()
              .getContentAsString();
      assertTrue(preview.contains("Preview: as an instructor you practise"), preview);
      for (LaunchSession session : List.of(teacher, fromLesson)) {
        String attempt = startAttempt(browser, session, "back-to-back");
        WebResponse checked =
            harness.post(
                browser,
                session,
                attempt + "/answer",
                "question",
                "first-step",
                "first-step:option",
                "gun",
                "action",
                "check");
        assertTrue(
            checked.getContentAsString().contains("FB-GUN"), "practice shows feedback at once");
        assertTrue(
            checked.getContentAsString().contains("Try this question again"),
            checked.getContentAsString());
        WebResponse result = harness.post(browser, session, attempt + "/submit");
        assertEquals(200, result.getStatusCode());
        assertTrue(
            !result.getContentAsString().contains("send your grade"), "no sync state for practice");
      }
      // attempts are never limited in practice
      startAttempt(browser, fromLesson, "back-to-back");
      harness.post(
          browser, fromLesson, startAttempt(browser, fromLesson, "back-to-back") + "/submit");
      startAttempt(browser, fromLesson, "back-to-back");
    }
    assertEquals(
        0,
        harness.count(
            "SELECT COUNT(*) FROM grade_outbox WHERE user_id IN (?, ?)",
            teacher.userId(),
            fromLesson.userId()));
    assertEquals(
        0,
        harness.count(
            "SELECT COUNT(*) FROM quiz_attempts WHERE user_id IN (?, ?) AND mode <> 'PRACTICE'",
            teacher.userId(),
            fromLesson.userId()));
  }

  @Test
  void practice_lets_the_student_try_a_question_again() throws Exception {
    LaunchSession session =
        harness.launch("t-retry", Role.LEARNER, "overview-link", "overview", null);
    try (WebClient browser = QuizPagesBrowser.create()) {
      var page =
          QuizPages.press(
              browser.getPage(harness.url("/quizzes/after-each?s=" + session.id())), "one");
      QuizPages.pick(page, "first-step:option", "gun");
      var feedback = QuizPages.press(page, "check");
      assertTrue(feedback.asNormalizedText().contains("FB-GUN"));
      var again = QuizPages.pressText(feedback, "Try this question again");
      assertEquals("first-step", QuizPages.currentQuestion(again));
      assertTrue(
          !QuizPages.htmlWithoutTokens(again).contains("FB-"), "a fresh try shows no feedback");
      QuizPages.pick(again, "first-step:option", "sleep");
      var right = QuizPages.press(again, "check");
      assertTrue(right.asNormalizedText().contains("Right (100%)"), right.asNormalizedText());
    }
  }
}
