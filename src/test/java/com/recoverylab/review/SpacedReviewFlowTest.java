package com.recoverylab.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.app.AppServer;
import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.FeedbackTiming;
import com.recoverylab.content.GradingMethod;
import com.recoverylab.content.Lesson;
import com.recoverylab.content.Misconception;
import com.recoverylab.content.Question.Choice;
import com.recoverylab.content.Question.ChoiceKind;
import com.recoverylab.content.Question.Option;
import com.recoverylab.content.Quiz;
import com.recoverylab.content.QuizSettings;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.MovableClock;
import com.recoverylab.testing.Rows;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A learner misses two ideas in a graded quiz; days later (on the review clock) a launch offers
 * them for review, the answers reschedule the cards and nothing reaches the gradebook; "Not now"
 * and the instructor's switch keep the offer away.
 */
class SpacedReviewFlowTest {
  private static final String BASICS = "tools-replace-basics";
  private static final String MORE = "more-is-better";

  private AppServer server;
  private FakePlatform moodle;
  private MovableClock reviewClock;
  private Jdbc jdbc;

  static ContentLibrary library() {
    Lesson lesson =
        new Lesson(
            "the-tools",
            "The tools",
            1,
            "What each tool does.",
            5,
            List.of(),
            "<p>Tools</p>",
            List.of(new Lesson.Heading("sleep-first", "Sleep comes first", 2)),
            "lessons/the-tools.md");
    QuizSettings settings =
        new QuizSettings(10, 0, GradingMethod.HIGHEST, FeedbackTiming.AT_END, false, 0);
    Quiz rolling =
        new Quiz(
            "rolling",
            "Rolling after runs",
            "Graded.",
            3,
            settings,
            List.of("the-tools"),
            List.of(
                new Choice(
                    "r1",
                    ChoiceKind.SINGLE,
                    "<p>R1-PROMPT What comes first after intervals?</p>",
                    1,
                    List.of(
                        new Option(
                            "sleep", "Sleep and dinner", true, "FB-R1-SLEEP", "the-tools", null),
                        new Option(
                            "gun",
                            "A massage gun instead of dinner",
                            false,
                            "FB-R1-GUN",
                            "the-tools",
                            BASICS))),
                new Choice(
                    "r2",
                    ChoiceKind.SINGLE,
                    "<p>R2-PROMPT Legs heavy before a short turnaround?</p>",
                    1,
                    List.of(
                        new Option(
                            "boots",
                            "Recovery boots, if at hand",
                            true,
                            "FB-R2-BOOTS",
                            "the-tools",
                            null),
                        new Option(
                            "all",
                            "Every tool in the cupboard",
                            false,
                            "FB-R2-ALL",
                            "the-tools",
                            MORE)))),
            "quizzes/rolling.yaml");
    Quiz basics =
        new Quiz(
            "basics",
            "Basics first",
            "Practice.",
            3,
            settings,
            List.of("the-tools"),
            List.of(
                new Choice(
                    "b1",
                    ChoiceKind.SINGLE,
                    "<p>B1-PROMPT Short sleep all week: what helps most?</p>",
                    1,
                    List.of(
                        new Option(
                            "sleep", "Earlier nights", true, "FB-B1-SLEEP", "the-tools", null),
                        new Option(
                            "roller",
                            "A longer foam-roller session",
                            false,
                            "FB-B1-ROLLER",
                            "the-tools",
                            BASICS))),
                new Choice(
                    "b2",
                    ChoiceKind.TRUE_FALSE,
                    "<p>B2-PROMPT Three tools recover you three times as fast.</p>",
                    1,
                    List.of(
                        new Option("true", "True", false, "FB-B2-TRUE", "the-tools", MORE),
                        new Option("false", "False", true, "FB-B2-FALSE", "the-tools", null)))),
            "quizzes/basics.yaml");
    return new ContentLibrary(
        List.of(lesson),
        List.of(rolling, basics),
        Map.of(
            BASICS,
                new Misconception(BASICS, "Tools stand in for the basics", "the-tools#sleep-first"),
            MORE, new Misconception(MORE, "More tools, more recovery", "the-tools")));
  }

  @BeforeEach
  void start() {
    startOn(TestDatabases.h2());
  }

  private void startOn(TestDatabases.TestDatabase database) {
    reviewClock = new MovableClock();
    server = TestServer.start(TestServer.settings(database), library(), reviewClock);
    moodle = FakePlatform.start().registerWith(server);
    jdbc = Rows.jdbc(server);
  }

  @AfterEach
  void stop() {
    moodle.close();
    server.close();
  }

  private FakePlatform.Launch learnerOn(String linkId, String content) {
    FakePlatform.Launch launch = moodle.launch().content(content);
    launch.linkId = linkId;
    return launch;
  }

  private HtmlPage launch(WebClient browser, FakePlatform.Launch launch) throws Exception {
    HtmlPage page = (HtmlPage) moodle.run(browser, launch);
    assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
    return page;
  }

  private static HtmlPage press(HtmlPage page, String text) throws Exception {
    HtmlButton button = page.getFirstByXPath("//button[normalize-space(.)='" + text + "']");
    assertNotNull(
        button, "no button " + text + " on " + page.getUrl() + ":\n" + page.asNormalizedText());
    return button.click();
  }

  private static HtmlPage follow(HtmlPage page, String text) throws Exception {
    HtmlAnchor link = page.getFirstByXPath("//a[normalize-space(.)='" + text + "']");
    assertNotNull(
        link, "no link " + text + " on " + page.getUrl() + ":\n" + page.asNormalizedText());
    return link.click();
  }

  private static HtmlPage choose(HtmlPage page, String optionId, String button) throws Exception {
    HtmlInput input =
        page.getFirstByXPath(
            "//input[@value='" + optionId + "' and (@type='radio' or @type='checkbox')]");
    assertNotNull(
        input, "no option " + optionId + " on " + page.getUrl() + ":\n" + page.asNormalizedText());
    input.setChecked(true);
    return press(page, button);
  }

  /** Takes the graded quiz with both wrong options and submits it. */
  private void missBothIdeas(WebClient browser) throws Exception {
    HtmlPage start = launch(browser, learnerOn("L1", "quiz:rolling"));
    assertEquals(
        "/quizzes/rolling", start.getUrl().getPath(), "no cards yet: straight to the quiz");
    HtmlPage page = press(start, "Start: one question per page");
    page = choose(page, "gun", "Save and next");
    page = choose(page, "all", "Save and review");
    HtmlPage result = press(page, "Submit attempt");
    assertTrue(result.asNormalizedText().contains("0 of 10 points"), result.asNormalizedText());
  }

  private Instant due(String tag) {
    return jdbc.queryOne(
            "SELECT due_at FROM review_cards WHERE tag = ?", r -> Jdbc.instant(r, "due_at"), tag)
        .orElseThrow(() -> new AssertionError("no card for " + tag));
  }

  private long outboxRows() {
    return Rows.count(server, "grade_outbox");
  }

  @Test
  void missed_ideas_come_back_days_later_and_each_answer_reschedules_them_without_touching_grades()
      throws Exception {
    try (WebClient browser = TestServer.browser()) {
      missBothIdeas(browser);
      assertEquals(2, Rows.count(server, "review_cards"), "one card per revealed tag");
      Instant firstDue = due(BASICS);
      assertTrue(firstDue.isAfter(reviewClock.instant()), "a new card is due later, not at once");

      // the same day: nothing is due, the launch goes straight to the activity
      assertEquals(
          "/quizzes/rolling", launch(browser, learnerOn("L1", "quiz:rolling")).getUrl().getPath());

      reviewClock.advance(Duration.ofDays(2));
      HtmlPage offer = launch(browser, learnerOn("L1", "quiz:rolling"));
      assertEquals("/review", offer.getUrl().getPath());
      String offerText = offer.asNormalizedText();
      assertTrue(offerText.contains("2 ideas to review (about 3 minutes)"), offerText);
      assertTrue(offerText.contains("never sent to the gradebook"), offerText);
      long outboxBefore = outboxRows();

      // first idea: a question from the OTHER quiz that tests the same tag, answered right
      HtmlPage item = follow(offer, "Review now");
      String itemText = item.asNormalizedText();
      assertTrue(itemText.contains("B1-PROMPT"), "other quiz's question for the tag: " + itemText);
      assertNotNull(
          item.getFirstByXPath("//fieldset/legend"), "options sit in a fieldset with a legend");
      assertNotNull(
          item.getFirstByXPath("//label[input[@value='sleep']]"), "each option is labelled");
      Instant beforeGood = due(BASICS);
      Instant firstReviewAt = reviewClock.instant();
      HtmlPage checked = choose(item, "sleep", "Check answer");
      String checkedText = checked.asNormalizedText();
      assertTrue(checkedText.contains("Right."), checkedText);
      assertTrue(checkedText.contains("Tools stand in for the basics"), checkedText);
      assertTrue(checkedText.contains("comes back for review in 2 days"), checkedText);
      Instant afterGood = due(BASICS);
      assertTrue(
          afterGood.isAfter(beforeGood.plus(Duration.ofDays(2))), beforeGood + " -> " + afterGood);
      assertTrue(
          Duration.between(reviewClock.instant(), afterGood).toHours() > 24,
          "a right answer spaces the next review further than the first day");

      // second idea: answered wrong, it comes back the next day
      item = follow(checked, "Next idea");
      assertTrue(item.asNormalizedText().contains("B2-PROMPT"), item.asNormalizedText());
      checked = choose(item, "true", "Check answer");
      checkedText = checked.asNormalizedText();
      assertTrue(checkedText.contains("Not quite."), checkedText);
      assertTrue(checkedText.contains("comes back for review in 1 day"), checkedText);
      assertTrue(
          checkedText.contains("FB-B2-TRUE"), "feedback of the picked option: " + checkedText);
      assertTrue(
          Duration.between(reviewClock.instant(), due(MORE)).toHours() <= 24,
          "again: due within a day");
      assertEquals(outboxBefore, outboxRows(), "review answers never reach the gradebook");
      assertEquals("/quizzes/rolling", follow(checked, "Go to the activity").getUrl().getPath());

      // days later both are due again; the one missed last comes first, and a second right
      // answer moves the first idea further out than the first right answer did
      reviewClock.advance(Duration.ofDays(3));
      offer = launch(browser, learnerOn("L1", "quiz:rolling"));
      assertTrue(offer.asNormalizedText().contains("2 ideas to review"), offer.asNormalizedText());
      item = follow(offer, "Review now");
      assertTrue(
          item.asNormalizedText().contains("B2-PROMPT"),
          "the longest due first: " + item.asNormalizedText());
      checked = choose(item, "false", "Check answer");
      assertTrue(checked.asNormalizedText().contains("Right."), checked.asNormalizedText());
      item = follow(checked, "Next idea");
      assertTrue(item.asNormalizedText().contains("B1-PROMPT"), item.asNormalizedText());
      Duration firstGap = Duration.between(firstReviewAt, afterGood);
      choose(item, "sleep", "Check answer");
      Duration secondGap = Duration.between(reviewClock.instant(), due(BASICS));
      assertTrue(
          secondGap.compareTo(firstGap.plusDays(1)) > 0,
          "gaps grow: " + firstGap + " then " + secondGap);
      assertEquals(outboxBefore, outboxRows(), "review answers never reach the gradebook");
    }
  }

  @Test
  void a_second_press_of_check_answer_counts_once_and_an_answer_to_a_card_not_due_is_refused()
      throws Exception {
    try (WebClient browser = TestServer.browser()) {
      missBothIdeas(browser);
      reviewClock.advance(Duration.ofDays(2));
      HtmlPage item = follow(launch(browser, learnerOn("L1", "quiz:rolling")), "Review now");
      assertTrue(item.asNormalizedText().contains("B1-PROMPT"), item.asNormalizedText());
      HtmlPage checked = choose(item, "sleep", "Check answer");
      assertTrue(checked.asNormalizedText().contains("Right."), checked.asNormalizedText());
      Instant rescheduled = due(BASICS);
      int reviews =
          jdbc.queryOne(
                  "SELECT reviews FROM review_cards WHERE tag = ?",
                  r -> r.getInt("reviews"),
                  BASICS)
              .orElseThrow();

      // the same form posted again (a double click, or back and resubmit): the first answer counted
      HtmlPage again = choose(item, "sleep", "Check answer");
      assertEquals(200, again.getWebResponse().getStatusCode(), again.asNormalizedText());
      assertTrue(again.asNormalizedText().contains("Right."), again.asNormalizedText());
      assertEquals(rescheduled, due(BASICS), "a repeated post does not reschedule the card");
      assertEquals(
          reviews,
          jdbc.queryOne(
                  "SELECT reviews FROM review_cards WHERE tag = ?",
                  r -> r.getInt("reviews"),
                  BASICS)
              .orElseThrow(),
          "a repeated post is not a second review");

      // an answer to another question for that card, no longer due: refused, nothing changes
      browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
      HtmlInput question = item.getFirstByXPath("//input[@name='question']");
      question.setValue("b2");
      HtmlPage late = choose(item, "roller", "Check answer");
      assertEquals(409, late.getWebResponse().getStatusCode(), late.asNormalizedText());
      assertEquals(rescheduled, due(BASICS));
    }
  }

  @Test
  void not_now_hides_the_offer_until_the_next_day_and_a_wrong_form_gets_a_clear_answer()
      throws Exception {
    try (WebClient browser = TestServer.browser()) {
      missBothIdeas(browser);
      reviewClock.advance(Duration.ofDays(2));
      HtmlPage offer = launch(browser, learnerOn("L1", "quiz:rolling"));
      assertEquals("/review", offer.getUrl().getPath());

      HtmlPage item = follow(offer, "Review now");
      HtmlPage empty = press(item, "Check answer");
      assertEquals(400, empty.getWebResponse().getStatusCode());
      assertTrue(empty.asNormalizedText().contains("Choose an answer"), empty.asNormalizedText());

      HtmlPage quiz = press(offer, "Not now (ask again tomorrow)");
      assertEquals("/quizzes/rolling", quiz.getUrl().getPath(), "not now goes on to the activity");
      assertEquals(
          "/quizzes/rolling",
          launch(browser, learnerOn("L1", "quiz:rolling")).getUrl().getPath(),
          "dismissed: the next launch today goes straight to the activity");
      reviewClock.advance(Duration.ofDays(1).plusHours(1));
      assertEquals(
          "/review",
          launch(browser, learnerOn("L1", "quiz:rolling")).getUrl().getPath(),
          "the next day the offer is back");
    }
  }

  @Test
  void the_instructor_turns_the_offer_off_per_link_and_sees_who_has_each_idea_due()
      throws Exception {
    try (WebClient learner = TestServer.browser();
        WebClient teacher = TestServer.browser()) {
      missBothIdeas(learner);
      reviewClock.advance(Duration.ofDays(2));

      FakePlatform.Launch asTeacher = learnerOn("L1", "quiz:rolling");
      asTeacher.userId = "9";
      asTeacher.roles = List.of(FakePlatform.INSTRUCTOR);
      HtmlPage landing = launch(teacher, asTeacher);
      assertFalse(landing.getUrl().getPath().startsWith("/review"), "instructors get no offer");
      HtmlPage results = follow(landing, "Results");
      String resultsText = results.asNormalizedText();
      assertTrue(resultsText.contains("Ideas due for review in this course"), resultsText);
      assertNotNull(
          results.getFirstByXPath(
              "//tr[th[normalize-space(.)='Tools stand in for the basics']"
                  + " and td[normalize-space(.)='1']]"),
          resultsText);

      HtmlPage settings = follow(results, "Settings");
      assertTrue(settings.asNormalizedText().contains("The review offer is on for this activity."));
      settings = press(settings, "Turn the review offer off");
      assertTrue(
          settings.asNormalizedText().contains("The review offer is off for this activity."),
          settings.asNormalizedText());

      assertEquals(
          "/quizzes/rolling",
          launch(learner, learnerOn("L1", "quiz:rolling")).getUrl().getPath(),
          "switched off on this link: no offer");
      assertEquals(
          "/review",
          launch(learner, learnerOn("L2", "quiz:basics")).getUrl().getPath(),
          "another link of the course still offers it");

      settings = press(settings, "Turn the review offer on");
      assertTrue(settings.asNormalizedText().contains("The review offer is on for this activity."));
      assertEquals("/review", launch(learner, learnerOn("L1", "quiz:rolling")).getUrl().getPath());
    }
  }

  @Test
  void a_launch_asks_the_database_once_through_the_due_index() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      missBothIdeas(browser);
    }
    long userId =
        jdbc.queryOne("SELECT user_id FROM review_cards WHERE tag = ?", r -> r.getLong(1), BASICS)
            .orElseThrow();
    long courseId =
        jdbc.queryOne("SELECT course_id FROM review_cards WHERE tag = ?", r -> r.getLong(1), BASICS)
            .orElseThrow();
    long linkId = jdbc.queryOne("SELECT id FROM resource_links", r -> r.getLong(1)).orElseThrow();
    StatementCounter counter = new StatementCounter(server.database().dataSource());
    ReviewOffer offer =
        new ReviewOffer(
            new ReviewCardRepository(new Jdbc(counter.dataSource(), false)), reviewClock);
    com.recoverylab.web.LaunchSession session =
        new com.recoverylab.web.LaunchSession(
            "sid",
            1,
            userId,
            courseId,
            linkId,
            com.recoverylab.web.Role.LEARNER,
            "Sam",
            "csrf",
            "{}",
            Instant.now(),
            Instant.now().plusSeconds(600));

    assertEquals(
        "/quizzes/rolling?s=sid",
        offer.firstPage(session, "/quizzes/rolling?s=sid"),
        "not due yet");
    assertEquals(1, counter.statements(), "one statement per launch");
    reviewClock.advance(Duration.ofDays(2));
    assertTrue(
        offer.firstPage(session, "/quizzes/rolling?s=sid").startsWith("/review?s=sid&next="));
    assertEquals(2, counter.statements(), "still one statement per launch when cards are due");

    String plan =
        jdbc.queryOne(
                "EXPLAIN SELECT COUNT(*) FROM review_cards c WHERE c.user_id = 1 AND c.course_id = 1"
                    + " AND c.due_at <= CURRENT_TIMESTAMP",
                r -> r.getString(1))
            .orElseThrow();
    assertTrue(plan.toUpperCase().contains("REVIEW_CARDS_DUE"), plan);
  }

  @Test
  void on_postgresql_a_second_attempt_refreshes_the_cards_and_reviews_reschedule_them()
      throws Exception {
    stop();
    startOn(TestDatabases.postgres());
    try (WebClient browser = TestServer.browser()) {
      missBothIdeas(browser);
      Instant firstDue = due(BASICS);
      reviewClock.advance(Duration.ofDays(2));
      HtmlPage item = follow(launch(browser, learnerOn("L1", "quiz:rolling")), "Review now");
      HtmlPage checked = choose(item, "sleep", "Check answer");
      assertTrue(checked.asNormalizedText().contains("Right."), checked.asNormalizedText());
      Instant afterGood = due(BASICS);
      assertTrue(
          afterGood.isAfter(firstDue.plus(Duration.ofDays(2))), firstDue + " -> " + afterGood);

      // missing the same idea again in a quiz brings its card back within a day (no second card)
      HtmlPage start = follow(checked, "Go to the activity");
      HtmlPage page = press(start, "Start: one question per page");
      page = choose(page, "gun", "Save and next");
      page = choose(page, "boots", "Save and review");
      press(page, "Submit attempt");
      assertEquals(2, Rows.count(server, "review_cards"), "refreshed, not duplicated");
      assertTrue(
          Duration.between(reviewClock.instant(), due(BASICS)).toHours() <= 24,
          "missed again: due within a day, sooner than the "
              + Duration.between(reviewClock.instant(), afterGood));
    }
  }
}
