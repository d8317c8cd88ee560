package com.recoverylab.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContentLoaderTest {
  private final ContentLibrary library = ContentLoader.load(ContentFixtures.VALID);

  @Test
  void valid_folder_loads_lessons_in_order_quizzes_and_misconceptions() {
    assertEquals(
        List.of("why-tools", "the-tools", "limits"),
        library.lessons().stream().map(Lesson::id).toList());
    assertEquals(
        List.of("back-to-back", "race-week"), library.quizzes().stream().map(Quiz::id).toList());
    assertEquals(
        List.of("tools-replace-basics", "tools-speed-adaptation"),
        List.copyOf(library.misconceptions().keySet()));
    Lesson first = library.lesson("why-tools").orElseThrow();
    assertEquals("Why recovery tools exist", first.title());
    assertEquals(4, first.minutes());
    assertEquals(List.of("back-to-back"), first.quizIds());
    assertEquals("lessons/why-tools.md", first.source());
  }

  @Test
  void headings_get_the_anchor_ids_the_html_carries() {
    Lesson lesson = library.lesson("why-tools").orElseThrow();
    assertEquals(
        List.of(
            new Lesson.Heading("foundations-first", "Foundations first", 2),
            new Lesson.Heading("what-a-foam-roller-cant-do", "What a foam roller can't do", 2)),
        lesson.headings());
    assertTrue(lesson.html().contains("<h2 id=\"what-a-foam-roller-cant-do\">"), lesson.html());
  }

  @Test
  void raw_html_in_a_lesson_shows_as_text() {
    String html = library.lesson("why-tools").orElseThrow().html();
    assertFalse(html.contains("<script>"), html);
    assertTrue(html.contains("&lt;script&gt;"), html);
    assertTrue(html.contains("<em>feel</em>"), html);
  }

  @Test
  void lesson_links_point_at_lesson_pages_and_same_page_anchors_stay() {
    String html = library.lesson("the-tools").orElseThrow().html();
    assertTrue(html.contains("href=\"/lessons/why-tools#foundations-first\""), html);
    assertTrue(html.contains("href=\"#recovery-boots\""), html);
    assertEquals(
        "<p>A short tour. Back to <a href=\"/lessons/why-tools?s=abc#foundations-first\">foundations</a>"
            + " or <a href=\"#recovery-boots\">below</a>.</p>",
        LessonLinks.withSession(html, "abc").lines().findFirst().orElseThrow());
    assertEquals(
        "/lessons/the-tools?s=abc#foam-rollers", LessonLinks.href("the-tools#foam-rollers", "abc"));
    assertEquals("/lessons/limits?s=abc", LessonLinks.href("limits", "abc"));
  }

  @Test
  void quiz_settings_questions_and_defaults_are_read() {
    Quiz quiz = library.quiz("back-to-back").orElseThrow();
    assertEquals(
        new QuizSettings(10, 3, GradingMethod.HIGHEST, FeedbackTiming.AFTER_EACH, true, 0),
        quiz.settings());
    assertEquals(
        List.of("single", "multiple", "true-false", "ranking", "matching"),
        quiz.questions().stream().map(Question::kind).toList());
    assertEquals(
        "<p>Sam ran intervals this morning. What comes <strong>first</strong>?</p>\n",
        quiz.question("first-step").orElseThrow().prompt());
    Question.Choice multiple =
        assertInstanceOf(Question.Choice.class, quiz.question("what-helps").orElseThrow());
    assertEquals(2.0, multiple.weight());
    assertEquals(
        new Question.Option(
            "skip-sleep",
            "Staying up late",
            false,
            "Less sleep means less recovery.",
            null,
            "tools-replace-basics"),
        multiple.options().get(2));
    Quiz race = library.quiz("race-week").orElseThrow();
    assertEquals(
        new QuizSettings(5, 0, GradingMethod.LAST, FeedbackTiming.AT_END, false, 0),
        race.settings());
    Question.Branching trip =
        assertInstanceOf(Question.Branching.class, race.question("trip").orElseThrow());
    assertTrue(trip.allowBack());
    assertEquals("plane", trip.start());
    assertEquals(
        List.of("move", "still"),
        trip.step("plane").orElseThrow().choices().stream()
            .map(Question.BranchChoice::id)
            .toList());
    assertEquals(
        0.25,
        ((Question.Branching) race.question("arrival").orElseThrow())
            .ending("hungry")
            .orElseThrow()
            .score());
  }

  @Test
  void best_and_worst_paths_are_reported_per_scoring_mode() {
    ContentReport report = ContentLoader.check(ContentFixtures.VALID);
    assertTrue(report.ok(), report.problems().toString());
    assertEquals(
        List.of(
            "quizzes/race-week.yaml:11:5: quiz race-week, branching trip (path-sum): best path 1.00 (5 points),"
                + " worst path 0.20 (1 point)",
            "quizzes/race-week.yaml:74:5: quiz race-week, branching arrival (ending): best path 1.00, worst path 0.25"),
        report.branching().stream().map(BranchingReport::toString).toList());
  }
}
