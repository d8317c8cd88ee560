package com.recoverylab.quiz;

import static com.recoverylab.quiz.QuizPages.answerModelStudent;
import static com.recoverylab.quiz.QuizPages.press;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.Role;
import java.time.Instant;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * When a student's review shows the right answers, through the real server: practice at once,
 * graded quizzes after the last allowed attempt or the close date by default, or as the link's
 * setting says. The fixture quiz allows 2 graded attempts; the model student picks a wrong
 * distractor for the massage ball, whose right effect is "Pressure on a small tight spot".
 */
class RightAnswersFlowTest {
  private static final String RIGHT_EFFECT = "Right answer: Pressure on a small tight spot";
  private static QuizHarness harness;

  @BeforeAll
  static void start() {
    harness = new QuizHarness();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  /** Starts an attempt on the all-questions page, answers as the model student and submits. */
  private static HtmlPage takeAttempt(WebClient browser, LaunchSession session) throws Exception {
    HtmlPage start = browser.getPage(harness.url("/quizzes/back-to-back?s=" + session.id()));
    HtmlPage all = press(start, "all");
    for (String question :
        new String[] {"first-step", "heavy-legs", "myth", "priorities", "tool-effects"}) {
      answerModelStudent(all, question);
    }
    HtmlPage result = press(all, "submit");
    assertEquals(200, result.getWebResponse().getStatusCode(), result.asNormalizedText());
    return result;
  }

  @Test
  void practice_shows_right_answers_with_the_feedback_at_once() throws Exception {
    LaunchSession instructor =
        harness.launch("ines", Role.INSTRUCTOR, "practice-link", "quiz", "back-to-back");
    try (WebClient browser = QuizPagesBrowser.create()) {
      HtmlPage start = browser.getPage(harness.url("/quizzes/back-to-back?s=" + instructor.id()));
      HtmlPage page = press(start, "all");
      answerModelStudent(page, "tool-effects");
      page = press(page, "save");
      String text = page.asNormalizedText();
      assertTrue(text.contains(RIGHT_EFFECT), text);
      assertTrue(text.contains("FB-PAIR-BALL"), "the row explains its own item: " + text);
    }
  }

  @Test
  void graded_attempts_show_right_answers_only_after_the_last_allowed_attempt() throws Exception {
    LaunchSession sam =
        harness.launch("sam-right", Role.LEARNER, "right-default", "quiz", "back-to-back");
    try (WebClient browser = QuizPagesBrowser.create()) {
      String first = takeAttempt(browser, sam).asNormalizedText();
      assertTrue(first.contains("(not a right answer)"), first);
      assertFalse(first.contains(RIGHT_EFFECT), "one attempt of two is left: " + first);
      assertFalse(first.contains("The expected order:"), first);
      assertFalse(first.contains("FB-GUN"), first);

      HtmlPage second = takeAttempt(browser, sam);
      String text = second.asNormalizedText();
      assertTrue(text.contains(RIGHT_EFFECT), "the last attempt is used: " + text);
      assertTrue(text.contains("The expected order:"), text);
      assertTrue(text.contains("Right answer"), text);

      // the first attempt's review shows them now too
      HtmlPage earlier =
          browser.getPage(
              second
                  .getUrl()
                  .toString()
                  .replaceFirst("/attempts/\\d+/", "/attempts/" + firstAttemptId(sam) + "/"));
      assertTrue(earlier.asNormalizedText().contains(RIGHT_EFFECT), earlier.asNormalizedText());
    }
  }

  @Test
  void graded_attempts_show_right_answers_after_the_close_date_by_default() throws Exception {
    LaunchSession ana =
        harness.launch("ana-right", Role.LEARNER, "right-close", "quiz", "back-to-back");
    try (WebClient browser = QuizPagesBrowser.create()) {
      HtmlPage result = takeAttempt(browser, ana);
      assertFalse(result.asNormalizedText().contains(RIGHT_EFFECT));
      closeLink(ana);
      HtmlPage later = browser.getPage(result.getUrl());
      assertTrue(later.asNormalizedText().contains(RIGHT_EFFECT), later.asNormalizedText());
    }
  }

  @Test
  void a_link_set_to_never_hides_right_answers_even_after_the_last_attempt() throws Exception {
    LaunchSession ben =
        harness.launch("ben-right", Role.LEARNER, "right-never", "quiz", "back-to-back");
    saveRightAnswers(ben, "never");
    try (WebClient browser = QuizPagesBrowser.create()) {
      takeAttempt(browser, ben);
      String text = takeAttempt(browser, ben).asNormalizedText();
      assertTrue(text.contains("(not a right answer)"), text);
      assertFalse(text.contains(RIGHT_EFFECT), text);
    }
  }

  @Test
  void a_link_set_to_after_each_shows_right_answers_with_the_first_attempts_feedback()
      throws Exception {
    LaunchSession cai =
        harness.launch("cai-right", Role.LEARNER, "right-each", "quiz", "back-to-back");
    saveRightAnswers(cai, "after-each");
    try (WebClient browser = QuizPagesBrowser.create()) {
      String text = takeAttempt(browser, cai).asNormalizedText();
      assertTrue(text.contains(RIGHT_EFFECT), text);
    }
  }

  private static long firstAttemptId(LaunchSession session) {
    return harness
        .jdbc
        .queryOne(
            "SELECT MIN(id) FROM quiz_attempts WHERE resource_link_id = ?",
            row -> row.getLong(1),
            session.resourceLinkId())
        .orElseThrow();
  }

  private static void saveRightAnswers(LaunchSession session, String word) {
    harness.jdbc.update(
        "INSERT INTO assignment_settings (resource_link_id, right_answers, lessons_count, updated_at)"
            + " VALUES (?, ?, ?, ?)",
        session.resourceLinkId(),
        word,
        false,
        Instant.now());
  }

  private static void closeLink(LaunchSession session) {
    harness.jdbc.update(
        "INSERT INTO assignment_settings (resource_link_id, available_until, lessons_count, updated_at)"
            + " VALUES (?, ?, ?, ?)",
        session.resourceLinkId(),
        Instant.now().minusSeconds(60),
        false,
        Instant.now());
  }
}
