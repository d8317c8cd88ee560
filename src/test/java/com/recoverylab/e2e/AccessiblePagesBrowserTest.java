package com.recoverylab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.recoverylab.app.AppServer;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.Chromium;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Student and teacher pages in headless Chromium at phone width (320 CSS pixels), launched from the
 * sandbox with the shipped content: every distinct page and state passes axe-core's WCAG 2.1 A/AA
 * rules without a serious or critical violation and never scrolls sideways, and a student takes
 * quizzes with every question kind by keyboard alone, Enter moving forward.
 */
class AccessiblePagesBrowserTest {
  private static final List<String> WCAG_TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");
  private static final Set<String> BLOCKING = Set.of("serious", "critical");
  private static final int PHONE_WIDTH = 320;
  private static final String STUDENT = "Jonas Berg";
  private static final String TEACHER = "Maria Keller";

  /**
   * Only the spaced review test launches as her, so her due cards change no other test's launches.
   */
  private static final String REVIEWER = "Lena Novak";

  private static AppServer server;
  private static String base;
  private static Chromium chromium;
  private static WebDriver driver;

  /** Problems found on any page, reported together at the end of each test. */
  private final List<String> problems = new ArrayList<>();

  private final Set<String> audited = new LinkedHashSet<>();

  @BeforeAll
  static void start() throws Exception {
    Chromium.assumeAvailable();
    Map<String, String> settings = TestServer.settings(TestDatabases.h2());
    settings.put("SANDBOX", "true");
    server = TestServer.start(settings);
    base = server.url().toString().replaceAll("/$", "");
    chromium = Chromium.start(Chromium.Options.defaults());
    driver = chromium.driver();
    // a headless window is at least 500 px wide: the phone's viewport is emulated instead
    chromium
        .driver()
        .executeCdpCommand(
            "Emulation.setDeviceMetricsOverride",
            Map.of("width", PHONE_WIDTH, "height", 800, "deviceScaleFactor", 1, "mobile", true));
    addActivity("quiz:tool-effects", "Tool effects (graded)");
    addActivity("quiz:back-to-back", "Back to back (graded)");
    addActivity("quiz:myth-check", "Myth check (graded)");
    addActivity("quiz:gadget-buyer", "Gadget buyer (graded)");
    addActivity("quiz:long-flight", "Long flight (graded)");
    addActivity("lesson:the-tools", "The tools (lesson)");
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void
      student_takes_quizzes_of_every_question_kind_by_keyboard_alone_on_accessible_pages_that_fit_a_phone()
          throws Exception {
    // matching, ranking, single and multiple choice, with feedback after each question
    String start = launch("Tool effects (graded)", STUDENT);
    Object width = js("return document.documentElement.clientWidth;");
    assertEquals(
        (long) PHONE_WIDTH, ((Number) width).longValue(), "the page is laid out at phone width");
    audit("quiz start");
    assertFocusRingContrast();
    // "Check answer" with nothing chosen: the question comes back saying what is missing
    keyboardStartOnePerPage();
    audit("question before an answer");
    tabTo(firstSubmitButton());
    pressEnterAndAwaitNextPage();
    assertTrue(driver.getTitle().contains("answer needs a change"), driver.getTitle());
    audit("question whose answer needs a change");
    String result = keyboardThroughQuiz();
    assertTrue(result.contains("Score"), result);
    audit("result");
    open(driver.findElement(By.partialLinkText("My answers on one page")).getDomProperty("href"));
    audit("my answers, printable");

    // a scenario (branching) and true-or-false, with feedback after each question
    launch("Back to back (graded)", STUDENT);
    keyboardStartOnePerPage();
    keyboardThroughQuiz();

    // every question on one page, the course overview, a lesson and error pages
    launch("Gadget buyer (graded)", STUDENT);
    clickAndAwaitNextPage(driver.findElement(By.cssSelector("button[name='layout'][value='all']")));
    audit("all questions on one page");
    clickAndAwaitNextPage(
        driver.findElement(By.cssSelector("button[name='action'][value='save']")));
    audit("all questions on one page, saved");
    String s = sessionOf(driver.getCurrentUrl());
    open(base + "/course?s=" + s);
    audit("course overview");
    launch("The tools (lesson)", STUDENT);
    audit("lesson");
    open(base + "/quizzes/no-such-quiz?s=" + s);
    audit("error page: no such quiz (404)");
    open(base + "/course");
    audit("error page: no session (401)");
    open(start);
    audit("quiz start after an attempt");

    report();
  }

  @Test
  void teacher_pages_pass_axe_and_fit_a_phone_with_and_without_results() throws Exception {
    // no student ever opens this one
    launch("Long flight (graded)", TEACHER);
    audit("quiz preview start (teacher)");
    String s = sessionOf(driver.getCurrentUrl());
    open(base + "/instructor/results?s=" + s);
    String empty = driver.findElement(By.tagName("main")).getText();
    assertTrue(empty.contains("No students have started yet"), empty);
    assertTrue(
        driver.findElements(By.cssSelector("button[name='resend-all']")).isEmpty(),
        "nothing to resend");
    audit("results without attempts");
    open(base + "/instructor/settings?s=" + s);
    audit("settings");

    // a student submits an attempt, so the teacher's results have data
    launch("Myth check (graded)", STUDENT);
    clickAndAwaitNextPage(driver.findElement(By.cssSelector("button[name='layout'][value='all']")));
    for (WebElement radio :
        driver.findElements(By.cssSelector("input[type='radio'][value='false']"))) {
      radio.click();
    }
    clickAndAwaitNextPage(
        driver.findElement(By.cssSelector("button[name='action'][value='submit']")));
    launch("Myth check (graded)", TEACHER);
    String teacher = sessionOf(driver.getCurrentUrl());
    open(base + "/instructor/results?s=" + teacher);
    assertTrue(driver.findElement(By.tagName("main")).getText().contains("1 student has started"));
    audit("results with attempts");
    open(base + "/instructor/results?s=" + teacher + "&name=nobody-by-this-name");
    String filtered = driver.findElement(By.tagName("main")).getText();
    assertTrue(filtered.contains("No students match this filter"), filtered);
    audit("results filtered to nobody");
    open(base + "/instructor/results?s=" + teacher);
    open(driver.findElement(By.linkText(STUDENT)).getDomProperty("href"));
    audit("review of a student's attempts");
    open(base + "/instructor/results?s=" + teacher);
    open(driver.findElement(By.partialLinkText("Reset attempts")).getDomProperty("href"));
    audit("reset confirmation");

    // item analysis with its figures: five learners' paths through the Long flight scenario
    launch("Long flight (graded)", TEACHER);
    String flight = sessionOf(driver.getCurrentUrl());
    seedScenarioPaths(
        "long-flight",
        "sofias-trip",
        List.of(
            List.of(
                "on-the-plane",
                "socks-and-walks",
                "landing",
                "walk-eat-sleep",
                "race-eve",
                "light-day"),
            List.of(
                "on-the-plane",
                "socks-and-walks",
                "landing",
                "walk-eat-sleep",
                "race-eve",
                "try-everything"),
            List.of("on-the-plane", "socks-and-walks", "landing", "hotel-spa"),
            List.of(
                "on-the-plane",
                "sit-still",
                "stiff-arrival",
                "move-and-refuel",
                "race-eve-tight",
                "keep-it-simple"),
            List.of("on-the-plane", "little-water", "stiff-arrival", "gun-in-bed")));
    open(base + "/instructor/results?s=" + flight);
    String analysis = driver.findElement(By.tagName("main")).getText();
    assertTrue(analysis.contains("Step 1") && analysis.contains("Ending 1"), analysis);
    assertEquals(
        1,
        driver
            .findElements(By.cssSelector("section[aria-labelledby='items'] svg[role='img']"))
            .size());
    audit("results with item analysis and a scenario's paths");

    // deep linking: the picker, and the picker refusing an empty choice
    open(base + "/sandbox");
    driver
        .findElement(By.xpath("//button[contains(., 'Add with deep linking as " + TEACHER + "')]"))
        .click();
    open(toolUrlInFrame());
    audit("content picker");
    WebElement points = driver.findElement(By.cssSelector("input[name^='points_']"));
    points.clear();
    points.sendKeys("7.5");
    clickAndAwaitNextPage(driver.findElement(By.cssSelector("button[name='add']")));
    assertTrue(
        driver
            .findElement(By.cssSelector(".error-message"))
            .getText()
            .contains("Choose at least one"));
    assertEquals(
        "7.5",
        driver.findElement(By.cssSelector("input[name^='points_']")).getDomProperty("value"),
        "the picker comes back with what was typed");
    audit("content picker with nothing chosen");

    report();
  }

  @Test
  void spaced_review_pages_pass_axe_and_answer_by_keyboard() throws Exception {
    // every myth taken for true: each reveals a misconception, so cards are made
    launch("Myth check (graded)", REVIEWER);
    clickAndAwaitNextPage(driver.findElement(By.cssSelector("button[name='layout'][value='all']")));
    for (WebElement radio :
        driver.findElements(By.cssSelector("input[type='radio'][value='true']"))) {
      radio.click();
    }
    clickAndAwaitNextPage(
        driver.findElement(By.cssSelector("button[name='action'][value='submit']")));
    // a day or more later: the cards are due (set in the database, as the tool's clock is real
    // here)
    new com.recoverylab.store.Jdbc(server.database().dataSource(), server.database().isPostgres())
        .update("UPDATE review_cards SET due_at = ?", java.time.Instant.now().minusSeconds(3600));

    launch("Myth check (graded)", REVIEWER);
    assertTrue(driver.getCurrentUrl().contains("/review?"), driver.getCurrentUrl());
    assertTrue(
        driver.findElement(By.tagName("h1")).getText().contains("ideas to review"),
        driver.findElement(By.tagName("h1")).getText());
    audit("review offer");
    tabTo(driver.findElement(By.linkText("Review now")));
    pressEnterAndAwaitNextPage();
    audit("review question");
    // the first due card depends on the shuffled question order of the attempt that made the
    // cards, so its question may be single choice (radios) or multiple choice (checkboxes)
    WebElement option = driver.findElement(By.cssSelector("fieldset input[name='option']"));
    tabTo(option);
    press(Keys.SPACE);
    assertTrue(option.isSelected(), "Space picks the focused option");
    tabTo(
        driver.findElement(By.cssSelector("form[action='/review/answer'] button[type='submit']")));
    pressEnterAndAwaitNextPage();
    assertEquals(
        "feedback",
        driver.switchTo().activeElement().getDomAttribute("id"),
        "focus moves to the feedback on " + driver.getCurrentUrl());
    audit("review feedback");
    tabTo(driver.findElement(By.linkText("Next idea")));
    pressEnterAndAwaitNextPage();
    tabTo(driver.findElement(By.cssSelector("button[type='submit']")));
    pressEnterAndAwaitNextPage();
    assertTrue(
        driver.findElement(By.tagName("main")).getText().contains("Choose an answer"),
        driver.findElement(By.tagName("main")).getText());
    audit("review answer missing (400)");

    report();
  }

  /**
   * Five learners' submitted graded attempts on the activity showing {@code quizId}, each walking
   * the scenario along {@code paths} (step, choice, step, choice...), written as the quiz pages
   * write them: figures appear from five learners, more than this test can click through.
   */
  private static void seedScenarioPaths(
      String quizId, String questionId, List<List<String>> paths) {
    Jdbc jdbc = new Jdbc(server.database().dataSource(), server.database().isPostgres());
    long[] link =
        jdbc.queryOne(
                "SELECT l.id, l.course_id, c.platform_id FROM resource_links l JOIN courses c"
                    + " ON c.id = l.course_id WHERE l.content_id = ? ORDER BY l.id FETCH FIRST 1 ROWS ONLY",
                r -> new long[] {r.getLong(1), r.getLong(2), r.getLong(3)},
                quizId)
            .orElseThrow();
    java.time.Instant now = java.time.Instant.now();
    for (int i = 0; i < paths.size(); i++) {
      long user =
          jdbc.insert(
              "INSERT INTO users (platform_id, subject, name, created_at, updated_at)"
                  + " VALUES (?, ?, ?, ?, ?)",
              link[2],
              "paths-" + i,
              "Learner " + (i + 1),
              now,
              now);
      long attempt =
          jdbc.insert(
              "INSERT INTO quiz_attempts (user_id, course_id, resource_link_id, quiz_id, mode,"
                  + " status, question_order, seed, feedback, points_possible, started_at, updated_at, submitted_at,"
                  + " score_fraction, points) VALUES (?, ?, ?, ?, 'GRADED', 'SUBMITTED', ?, 1, 'after-each', 20, ?, ?, ?,"
                  + " 0.5, 10)",
              user,
              link[1],
              link[0],
              quizId,
              "[{\"q\":\"" + questionId + "\",\"o\":[]}]",
              now,
              now,
              now);
      List<String> path = paths.get(i);
      List<String> choices = new ArrayList<>();
      for (int at = 0; at + 1 < path.size(); at += 2) {
        choices.add(path.get(at + 1));
        jdbc.update(
            "INSERT INTO quiz_answer_choices (attempt_id, question_id, slot, option_id, correct)"
                + " VALUES (?, ?, ?, ?, FALSE)",
            attempt,
            questionId,
            path.get(at),
            path.get(at + 1));
      }
      jdbc.update(
          "INSERT INTO quiz_answers (attempt_id, question_id, answer, score, complete, answered_at)"
              + " VALUES (?, ?, ?, 0.5, TRUE, ?)",
          attempt,
          questionId,
          "{\"kind\":\"path\",\"ids\":[\"" + String.join("\",\"", choices) + "\"]}",
          now);
    }
  }

  // --- keyboard ---------------------------------------------------------------------------

  /** From a quiz's start page: Tab to "Start: one question per page" and press Enter. */
  private void keyboardStartOnePerPage() {
    tabTo(driver.findElement(By.cssSelector("button[name='layout'][value='one']")));
    pressEnterAndAwaitNextPage();
  }

  /**
   * Answers every question of an open attempt with the keyboard alone, checks each answer with
   * Enter, moves on through the links, submits from the summary; returns the result page text.
   */
  private String keyboardThroughQuiz() {
    Set<String> kinds = new LinkedHashSet<>();
    for (int guard = 0; guard < 40; guard++) {
      if (driver.getCurrentUrl().contains("/summary")) {
        audit("summary");
        tabTo(driver.findElement(By.xpath("//button[normalize-space(.)='Submit attempt']")));
        pressEnterAndAwaitNextPage();
        assertTrue(driver.getCurrentUrl().contains("/result"), driver.getCurrentUrl());
        assertTrue(kinds.size() >= 3, "question kinds met: " + kinds);
        return driver.findElement(By.tagName("main")).getText();
      }
      String number = questionNumber();
      if (!driver.findElements(By.cssSelector("input[name='choice']")).isEmpty()) {
        kinds.add("scenario");
        audit("scenario step");
        WebElement choice = driver.findElement(By.cssSelector("input[name='choice']"));
        tabTo(choice);
        press(Keys.SPACE);
        pressEnterAndAwaitNextPage();
        assertFocusOnFeedback(number);
        assertTrue(
            driver.getTitle().matches(".*(step \\d+|feedback).*"),
            "title names the step: " + driver.getTitle());
        audit("scenario after Continue");
        continue;
      }
      List<WebElement> answerForm = driver.findElements(By.cssSelector("form[action$='/answer']"));
      if (!answerForm.isEmpty()) {
        String kind = answerWithKeyboard(answerForm.get(0));
        kinds.add(kind);
        audit(kind + " question");
        assertFeedbackFocused(number);
        audit(kind + " question after Check");
        continue;
      }
      // feedback shown: on to the next question, or to the summary after the last
      List<WebElement> next = driver.findElements(By.linkText("Next question"));
      tabTo(next.isEmpty() ? driver.findElement(By.linkText("Review and submit")) : next.get(0));
      pressEnterAndAwaitNextPage();
    }
    throw new AssertionError(
        "the quiz did not reach its summary; last page " + driver.getCurrentUrl());
  }

  /** Fills one question's inputs by keyboard and presses Enter; returns the question's kind. */
  private String answerWithKeyboard(WebElement form) {
    List<WebElement> selects = form.findElements(By.tagName("select"));
    if (!selects.isEmpty()) {
      // ranking: positions 1, 2, 3...; matching: row n takes the n-th answer
      for (int i = 0; i < selects.size(); i++) {
        tabTo(selects.get(i));
        for (int down = 0; down <= i; down++) {
          press(Keys.ARROW_DOWN);
        }
        assertTrue(
            !selects.get(i).getDomProperty("value").isEmpty(), "the arrow keys pick an option");
      }
      String kind =
          form.findElements(By.cssSelector("fieldset.ranking")).isEmpty() ? "matching" : "ranking";
      // the next stop after the inputs is the button Enter uses: it must move forward
      press(Keys.TAB);
      assertForwardButton(driver.switchTo().activeElement());
      pressEnterAndAwaitNextPage();
      return kind;
    }
    WebElement first =
        form.findElement(By.cssSelector("input[type='radio'], input[type='checkbox']"));
    String kind =
        "checkbox".equals(first.getDomAttribute("type")) ? "multiple choice" : "single choice";
    tabTo(first);
    press(Keys.SPACE);
    assertTrue(first.isSelected(), "Space ticks the focused option");
    assertForwardButton(firstSubmitButton());
    // Enter in a ticked option submits the form with its first button
    pressEnterAndAwaitNextPage();
    return kind;
  }

  private WebElement firstSubmitButton() {
    return driver.findElement(By.cssSelector("form[action$='/answer'] button[type='submit']"));
  }

  private static void assertForwardButton(WebElement button) {
    String value = button.getDomProperty("value");
    assertTrue(
        Set.of("check", "next", "summary").contains(value),
        "Enter must move forward, but the form's first button is '"
            + button.getText()
            + "' ("
            + value
            + ")");
  }

  /**
   * After Check or Continue the page is the same question with its feedback, and the feedback has
   * the focus.
   */
  private void assertFeedbackFocused(String number) {
    assertFocusOnFeedback(number);
    assertTrue(driver.getTitle().contains("feedback"), "title says feedback: " + driver.getTitle());
  }

  private void assertFocusOnFeedback(String number) {
    assertEquals(
        number, questionNumber(), "Enter stayed on the question it answered, moving forward");
    assertEquals(
        "feedback",
        driver.switchTo().activeElement().getDomAttribute("id"),
        "focus moves to the feedback on " + driver.getCurrentUrl());
    assertEquals("polite", driver.findElement(By.id("feedback")).getDomAttribute("aria-live"));
  }

  private String questionNumber() {
    return driver.findElement(By.id("question-title")).getText();
  }

  /** Presses Tab until the element has the focus (from the top of the page), or fails. */
  private void tabTo(WebElement target) {
    for (int i = 0; i < 120; i++) {
      if (target.equals(driver.switchTo().activeElement())) {
        return;
      }
      press(Keys.TAB);
    }
    fail(
        "Tab never reaches "
            + target.getTagName()
            + " '"
            + target.getText()
            + "' on "
            + driver.getTitle());
  }

  private static void press(CharSequence key) {
    new Actions(driver).sendKeys(key).perform();
  }

  /**
   * Every Enter in these flows submits a form or follows a link; the checks that follow must see
   * the page it leads to, not the one being left (on a loaded machine the two overlap).
   */
  private static void pressEnterAndAwaitNextPage() {
    awaitNextPage(() -> press(Keys.ENTER));
  }

  private static void clickAndAwaitNextPage(WebElement button) {
    awaitNextPage(button::click);
  }

  private static void awaitNextPage(Runnable action) {
    WebElement leaving = driver.findElement(By.tagName("html"));
    action.run();
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    wait.until(d -> left(leaving));
    wait.until(
        d ->
            "complete"
                .equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
  }

  /**
   * The element's page is gone. Mid-navigation Chromium may answer "does not belong to the
   * document" instead of a stale element, which means the same and must not end the wait.
   */
  private static boolean left(WebElement element) {
    try {
      element.isEnabled();
      return false;
    } catch (StaleElementReferenceException gone) {
      return true;
    } catch (WebDriverException e) {
      if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
        return true;
      }
      throw e;
    }
  }

  // --- checks -------------------------------------------------------------------------------

  /**
   * axe-core's WCAG 2.1 A/AA rules and the 320 px reflow check on the current page, once per state.
   */
  private void audit(String state) {
    if (!audited.add(state)) {
      return; // a state seen already (the same kind of question again) is not checked twice
    }
    String where =
        state
            + " ("
            + driver.getTitle()
            + ", "
            + driver.getCurrentUrl().replaceAll("s=[^&#]+", "s=…")
            + ")";
    Results results = new AxeBuilder().withTags(WCAG_TAGS).analyze(driver);
    for (Rule rule : results.getViolations()) {
      if (BLOCKING.contains(rule.getImpact())) {
        problems.add(
            where
                + ": axe "
                + rule.getImpact()
                + " "
                + rule.getId()
                + " on "
                + rule.getNodes().stream()
                    .map(CheckedNode::getTarget)
                    .map(String::valueOf)
                    .collect(Collectors.joining(", ")));
      }
    }
    Number overflow =
        (Number)
            js(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    if (overflow.intValue() > 0) {
      Object culprits =
          js(
              "var w = document.documentElement.clientWidth, out = [];"
                  + " document.querySelectorAll('main *').forEach(function (e) {"
                  + "   var r = e.getBoundingClientRect();"
                  + "   if (r.right > w + 1 && !(e.parentElement && e.parentElement.getBoundingClientRect().right > w + 1)) {"
                  + "     out.push(e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined && e.className"
                  + "       ? '.' + e.className.split(' ').join('.') : '') + ' to ' + Math.round(r.right) + ' px'); } });"
                  + " return out.slice(0, 5).join(', ');");
      problems.add(
          where
              + ": scrolls sideways by "
              + overflow
              + " px at "
              + PHONE_WIDTH
              + " px ("
              + culprits
              + ")");
    }
  }

  /** The focus ring of a focused button has at least 3:1 contrast with the page (WCAG 1.4.11). */
  private void assertFocusRingContrast() {
    WebElement button = driver.findElement(By.cssSelector("main button, main a.button"));
    tabTo(button);
    String outline = (String) js("return getComputedStyle(document.activeElement).outlineColor;");
    String page = (String) js("return getComputedStyle(document.body).backgroundColor;");
    double ratio =
        contrast(rgb(outline), rgb("rgba(0, 0, 0, 0)".equals(page) ? "rgb(255, 255, 255)" : page));
    assertTrue(ratio >= 3, "focus ring " + outline + " on " + page + " has contrast " + ratio);
  }

  private void report() {
    System.out.println("checked in Chromium at " + PHONE_WIDTH + " px: " + audited);
    assertTrue(
        problems.isEmpty(),
        problems.size()
            + " problems on "
            + audited.size()
            + " pages and states:\n"
            + String.join("\n", problems)
            + "\nchecked: "
            + audited);
  }

  private static int[] rgb(String css) {
    Matcher m = Pattern.compile("(\\d+),\\s*(\\d+),\\s*(\\d+)").matcher(css);
    assertTrue(m.find(), css);
    return new int[] {
      Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))
    };
  }

  private static double contrast(int[] a, int[] b) {
    double la = luminance(a);
    double lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  private static double luminance(int[] rgb) {
    double[] c = new double[3];
    for (int i = 0; i < 3; i++) {
      double v = rgb[i] / 255.0;
      c[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  // --- sandbox ------------------------------------------------------------------------------

  /**
   * Launches the sandbox activity as the user and opens the tool's page on its own at the top level
   * (the session rides in the URL), so checks see the tool's page, not the platform's.
   */
  private static String launch(String activity, String user) {
    open(base + "/sandbox");
    By button =
        By.xpath(
            "//li[contains(., '" + activity + "')]//button[contains(., 'Launch as " + user + "')]");
    if (driver.findElements(button).isEmpty()) {
      fail(
          "no launch button for "
              + activity
              + " as "
              + user
              + " on "
              + driver.getCurrentUrl()
              + ":\n"
              + driver.findElement(By.tagName("body")).getText());
    }
    driver.findElement(button).click();
    String url = toolUrlInFrame();
    open(url);
    return url;
  }

  /** The URL of the tool's page once the launch in the sandbox's frame has landed on it. */
  private static String toolUrlInFrame() {
    return new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(
            d -> {
              Object href =
                  ((JavascriptExecutor) d)
                      .executeScript(
                          "var f = document.getElementById('sandbox-tool');"
                              + " try { return f && f.contentDocument.readyState === 'complete' ? f.contentWindow.location.href : null; }"
                              + " catch (e) { return null; }");
              return href instanceof String h && h.contains("s=") && !h.contains("/lti/")
                  ? h
                  : null;
            });
  }

  private static void open(String url) {
    driver.get(url);
  }

  private static String sessionOf(String url) {
    Matcher m = Pattern.compile("[?&]s=([^&#]+)").matcher(url);
    assertTrue(m.find(), url);
    return m.group(1);
  }

  private static Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  private static void addActivity(String content, String title)
      throws IOException, InterruptedException {
    String form =
        "content="
            + URLEncoder.encode(content, StandardCharsets.UTF_8)
            + "&title="
            + URLEncoder.encode(title, StandardCharsets.UTF_8);
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/sandbox/activities"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertTrue(response.statusCode() == 303 || response.statusCode() == 200, response.body());
  }
}
