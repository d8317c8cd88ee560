package com.recoverylab.quiz;

import static com.recoverylab.quiz.QuizPages.answerModelStudent;
import static com.recoverylab.quiz.QuizPages.currentQuestion;
import static com.recoverylab.quiz.QuizPages.press;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.Role;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.htmlunit.WebClient;
import org.htmlunit.WebResponse;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What keyboard, phone and screen-reader users rely on in the quiz pages, pinned on the served
 * HTML: the button Enter presses, a title per state, feedback that takes the focus, a progress bar,
 * the printable answers, and compressed pages. (The real-browser test drives the same.)
 */
class AccessibleQuizPagesTest {
  private static QuizHarness harness;

  @BeforeAll
  static void start() {
    harness = new QuizHarness();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  /** The first submit button of the question's form: the one Enter in an input presses. */
  private static HtmlButton enterButton(HtmlPage page) {
    HtmlButton button =
        page.getFirstByXPath("//form[contains(@action, '/answer')]//button[@type='submit']");
    assertNotNull(button, page.asXml());
    return button;
  }

  @Test
  void enter_saves_and_moves_forward_on_every_question_never_back() throws Exception {
    LaunchSession ada = harness.launch("ada", Role.LEARNER, "a11y-enter", "quiz", "back-to-back");
    try (WebClient browser = QuizPagesBrowser.create()) {
      HtmlPage page =
          press(browser.getPage(harness.url("/quizzes/back-to-back?s=" + ada.id())), "one");
      for (int number = 1; number <= 5; number++) {
        String expected = number == 5 ? "summary" : "next";
        assertEquals(
            expected,
            enterButton(page).getValueAttribute(),
            "question " + number + ": Enter must save and go forward");
        String question = currentQuestion(page);
        answerModelStudent(page, question);
        page = enterButton(page).click();
      }
      assertTrue(page.getUrl().getPath().endsWith("/summary"), page.getUrl().toString());
    }

    // graded, feedback after each question: Enter checks the answer on the same question
    LaunchSession bo = harness.launch("bo", Role.LEARNER, "a11y-enter-check", "quiz", "after-each");
    try (WebClient browser = QuizPagesBrowser.create()) {
      HtmlPage page =
          press(browser.getPage(harness.url("/quizzes/after-each?s=" + bo.id())), "one");
      page = browser.getPage(harness.url(page.getUrl().getPath() + "?s=" + bo.id() + "&n=2"));
      assertEquals("check", enterButton(page).getValueAttribute());
      assertNotNull(
          page.getFirstByXPath("//button[@value='previous']"), "going back stays possible, second");
      String question = currentQuestion(page);
      answerModelStudent(page, question);
      HtmlPage checked = enterButton(page).click();
      assertTrue(
          checked.getTitleText().startsWith("Question 2 of 5, feedback"), checked.getTitleText());
    }
  }

  @Test
  void each_state_of_a_quiz_has_its_own_title_and_feedback_takes_the_focus() throws Exception {
    LaunchSession cy = harness.launch("cy", Role.LEARNER, "a11y-titles", "quiz", "after-each");
    try (WebClient browser = QuizPagesBrowser.create()) {
      List<String> titles = new ArrayList<>();
      HtmlPage start = browser.getPage(harness.url("/quizzes/after-each?s=" + cy.id()));
      titles.add(start.getTitleText());
      HtmlPage question = press(start, "one");
      titles.add(question.getTitleText());
      assertEquals("Question 1 of 5: Feedback as you go · Recovery Lab", question.getTitleText());

      // "Check answer" with nothing chosen: the question comes back saying so, in its title too
      HtmlPage refused = press(question, "check");
      assertEquals(400, refused.getWebResponse().getStatusCode());
      titles.add(refused.getTitleText());
      assertTrue(refused.getTitleText().contains("answer needs a change"), refused.getTitleText());

      answerModelStudent(refused, currentQuestion(refused));
      HtmlPage feedback = press(refused, "check");
      titles.add(feedback.getTitleText());
      assertEquals("feedback", feedback.getUrl().getRef(), "the page opens at the feedback");
      DomElement region = feedback.getElementById("feedback");
      assertNotNull(region, feedback.asXml());
      assertEquals("-1", region.getAttribute("tabindex"), "the script can focus it");
      assertEquals("polite", region.getAttribute("aria-live"));
      assertTrue(region.asNormalizedText().contains("Right"), region.asNormalizedText());
      assertNotNull(feedback.getFirstByXPath("//script[@src='/static/focus-target.js']"));

      String attempt = feedback.getUrl().getPath();
      HtmlPage summary = browser.getPage(harness.url(attempt + "/summary?s=" + cy.id()));
      titles.add(summary.getTitleText());
      HtmlPage all = browser.getPage(harness.url(attempt + "/all?s=" + cy.id()));
      titles.add(all.getTitleText());
      HtmlPage result = QuizPages.pressText(summary, "Submit attempt");
      titles.add(result.getTitleText());
      Set<String> distinct = new LinkedHashSet<>(titles);
      assertEquals(titles.size(), distinct.size(), "titles: " + titles);
    }
  }

  @Test
  void a_bar_shows_how_far_the_quiz_has_come() throws Exception {
    LaunchSession di = harness.launch("di", Role.LEARNER, "a11y-progress", "quiz", "back-to-back");
    try (WebClient browser = QuizPagesBrowser.create()) {
      HtmlPage page =
          press(browser.getPage(harness.url("/quizzes/back-to-back?s=" + di.id())), "one");
      answerModelStudent(page, currentQuestion(page));
      page = press(page, "next");
      DomElement bar = page.getFirstByXPath("//progress");
      assertNotNull(bar, page.asXml());
      assertEquals("5", bar.getAttribute("max"));
      assertEquals("1", bar.getAttribute("value"));
      assertEquals("progress-text", bar.getAttribute("aria-labelledby"));
      assertTrue(
          page.getElementById("progress-text")
              .asNormalizedText()
              .contains("Question 2 of 5 · 1 answered"));
    }
  }

  @Test
  void a_submitted_attempt_prints_on_one_page_and_downloads_without_the_session() throws Exception {
    LaunchSession ed = harness.launch("ed", Role.LEARNER, "a11y-answers", "quiz", "back-to-back");
    try (WebClient browser = QuizPagesBrowser.create()) {
      HtmlPage page =
          press(browser.getPage(harness.url("/quizzes/back-to-back?s=" + ed.id())), "all");
      for (String question :
          List.of("first-step", "heavy-legs", "myth", "priorities", "tool-effects")) {
        answerModelStudent(page, question);
      }
      HtmlPage result = press(page, "submit");
      HtmlPage answers =
          result.getAnchorByText("My answers on one page, to print or download").click();
      assertEquals(200, answers.getWebResponse().getStatusCode());
      String text = answers.asNormalizedText();
      assertTrue(text.contains("My answers: Two runs, one short night"), text);
      assertTrue(text.contains("Score 75%: 7.5 of 10 points"), text);
      assertTrue(
          text.contains("FB-SLEEP"), "feedback the result shows is on the printout: " + text);
      assertEquals(5, answers.getByXPath("//section[contains(@class, 'question')]").size());
      assertTrue(answers.getByXPath("//header").isEmpty(), "no tool navigation on the printout");

      String href = answers.getAnchorByText("Download my answers (HTML file)").getHrefAttribute();
      WebResponse download = browser.getPage(harness.url(href)).getWebResponse();
      assertTrue(
          download
              .getResponseHeaderValue("Content-Disposition")
              .startsWith("attachment; filename=\"back-to-back-answers-"),
          download.getResponseHeaderValue("Content-Disposition"));
      String file = download.getContentAsString();
      assertTrue(file.contains("FB-SLEEP"), file);
      assertFalse(file.contains(ed.id()), "a downloaded file must not carry the session id");
      assertFalse(file.contains(ed.csrfToken()), "nor the form token");
    }
  }

  @Test
  void pages_and_the_stylesheet_go_out_gzip_compressed() throws Exception {
    LaunchSession fi = harness.launch("fi", Role.LEARNER, "a11y-gzip", "quiz", "back-to-back");
    HttpClient http = HttpClient.newHttpClient();
    for (String path : List.of("/quizzes/back-to-back?s=" + fi.id(), "/static/site.css")) {
      HttpResponse<byte[]> plain =
          http.send(
              HttpRequest.newBuilder(URI.create(harness.url(path))).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      HttpResponse<byte[]> gzipped =
          http.send(
              HttpRequest.newBuilder(URI.create(harness.url(path)))
                  .header("Accept-Encoding", "gzip")
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, gzipped.statusCode(), path);
      assertEquals("gzip", gzipped.headers().firstValue("Content-Encoding").orElse(""), path);
      assertTrue(
          plain.headers().firstValue("Content-Encoding").isEmpty(), "only when asked: " + path);
      String unpacked = gunzip(gzipped.body());
      assertTrue(
          unpacked.length() > 2 * gzipped.body().length,
          path + ": " + gzipped.body().length + " bytes for " + unpacked.length());
      assertTrue(unpacked.contains(path.endsWith(".css") ? ":root" : "<!DOCTYPE html>"), unpacked);
    }
  }

  private static String gunzip(byte[] body) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
