package com.recoverylab.quiz;

import static com.recoverylab.quiz.QuizPages.answerModelStudent;
import static com.recoverylab.quiz.QuizPages.press;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.Role;
import java.util.List;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The teacher's results and review pages tell the truth about every question kind and every state:
 * rankings as positions per item, matchings as item by chosen answer, review positions as given,
 * one plain line where there is nothing to show, and words instead of escapes.
 */
class ResultsForEveryKindTest {
  private static final String LINK = "results-kinds";
  private static QuizHarness harness;
  private static LaunchSession teacher;
  // sessions are bound to the browser that first uses them, so the teacher keeps one browser
  private static WebClient teacherBrowser;

  @BeforeAll
  static void start() throws Exception {
    harness = new QuizHarness();
    // Ann submits the model answers; Bob opens an attempt and leaves it
    LaunchSession ann = harness.launch("ann", Role.LEARNER, LINK, "quiz", "back-to-back");
    LaunchSession bob = harness.launch("bob", Role.LEARNER, LINK, "quiz", "back-to-back");
    try (WebClient browser = QuizPagesBrowser.create()) {
      HtmlPage page =
          press(browser.getPage(harness.url("/quizzes/back-to-back?s=" + ann.id())), "all");
      for (String question :
          List.of("first-step", "heavy-legs", "myth", "priorities", "tool-effects")) {
        answerModelStudent(page, question);
      }
      assertEquals(200, press(page, "submit").getWebResponse().getStatusCode());
      press(browser.getPage(harness.url("/quizzes/back-to-back?s=" + bob.id())), "one");
    }
    teacher = harness.launch("tess", Role.INSTRUCTOR, LINK, "quiz", "back-to-back");
    teacherBrowser = QuizPagesBrowser.create();
  }

  @AfterAll
  static void stop() {
    teacherBrowser.close();
    harness.close();
  }

  private static HtmlPage results(WebClient browser, LaunchSession session, String query)
      throws Exception {
    HtmlPage page = browser.getPage(harness.url("/instructor/results?s=" + session.id() + query));
    assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
    return page;
  }

  @Test
  void ranking_shows_positions_per_item_and_matching_shows_each_item_with_the_answer_chosen()
      throws Exception {
    {
      WebClient browser = teacherBrowser;
      String text = results(browser, teacher, "").asNormalizedText();
      assertTrue(
          text.contains(
              "Item\tRight position\tGiven position 1\tGiven position 2\tGiven position 3\t"
                  + "Mean position given"),
          text);
      assertTrue(text.contains("Sleep\t1\t1\t0\t0\t1.0"), text);
      assertTrue(text.contains("Ten minutes on a foam roller\t3\t0\t0\t1\t3.0"), text);
      String flat = text.replaceAll("\\s+", " ");
      assertTrue(flat.contains("Recovery boots Less heavy legs Less heavy legs (right): 1"), text);
      assertTrue(
          flat.contains("Massage ball Pressure on a small tight spot Makes you adapt faster: 1"),
          text);
      assertFalse(
          text.contains("Wrong\t0\nEating enough"),
          "ranking items are not charted as wrong answers");
    }
  }

  @Test
  void charts_are_drawn_for_choice_questions_only_with_labels_above_their_bars() throws Exception {
    {
      WebClient browser = teacherBrowser;
      HtmlPage page = results(browser, teacher, "");
      // the histogram and one chart per choice question (single, multiple, true-false)
      assertEquals(4, page.getByXPath("//*[local-name()='svg']").size());
      for (Object text : page.getByXPath("//*[local-name()='svg']//*[local-name()='text']")) {
        DomElement label = (DomElement) text;
        assertTrue(
            Double.parseDouble(label.getAttribute("x")) >= 0, "no label starts left of the chart");
      }
    }
  }

  @Test
  void the_student_table_says_things_in_words_and_buttons_are_named_by_what_they_show()
      throws Exception {
    {
      WebClient browser = teacherBrowser;
      HtmlPage page = results(browser, teacher, "");
      String text = page.asNormalizedText();
      assertFalse(
          page.getWebResponse().getContentAsString().contains("\\u2014"),
          "no escape shows as text");
      assertTrue(text.contains("No grade yet"), "Bob has no grade: " + text);
      assertTrue(text.contains("average over 1 answer"), text);
      assertFalse(text.contains("1 answers"), text);
      List<DomElement> named = page.getByXPath("//td//*[@aria-label]");
      assertFalse(named.isEmpty());
      for (DomElement control : named) {
        String visible = control.asNormalizedText();
        assertTrue(
            control.getAttribute("aria-label").startsWith(visible),
            "the accessible name '"
                + control.getAttribute("aria-label")
                + "' contains the visible '"
                + visible
                + "'");
      }
    }
  }

  @Test
  void review_shows_ranking_positions_as_the_student_gave_them() throws Exception {
    {
      WebClient browser = teacherBrowser;
      HtmlPage review = results(browser, teacher, "").getAnchorByText("Student ann").click();
      String text = review.asNormalizedText();
      assertTrue(text.contains("#1: Sleep"), text);
      assertTrue(text.contains("#2: Eating enough"), text);
      assertTrue(text.contains("#3: Ten minutes on a foam roller"), text);
      assertFalse(text.contains("#4"), text);
    }
  }

  @Test
  void a_filter_that_matches_nobody_and_a_quiz_nobody_started_each_say_so_in_one_line()
      throws Exception {
    {
      WebClient browser = teacherBrowser;
      HtmlPage filtered = results(browser, teacher, "&name=zed");
      String text = filtered.asNormalizedText();
      assertTrue(text.contains("No students match this filter (2 started in all)"), text);
      assertNotNull(filtered.getAnchorByText("Show every student"));
      assertTrue(filtered.getByXPath("//table[@aria-labelledby='students']").isEmpty(), text);

      LaunchSession fresh =
          harness.launch("tess", Role.INSTRUCTOR, "results-nobody", "quiz", "back-to-back");
      HtmlPage empty = results(browser, fresh, "");
      String none = empty.asNormalizedText();
      assertTrue(none.contains("No students have started yet"), none);
      assertTrue(none.contains("No attempt has been submitted yet"), none);
      assertTrue(empty.getByXPath("//table").isEmpty(), "no tables of zeros: " + none);
      assertTrue(empty.getByXPath("//*[local-name()='svg']").isEmpty(), "no empty charts");
      assertTrue(empty.getByXPath("//button[@name='resend-all']").isEmpty(), "nothing to resend");
    }
  }
}
