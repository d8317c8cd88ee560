package com.recoverylab.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The choices a page offers come from the view with their selection already decided. */
class QuestionViewsTest {
  private final QuestionViews views = new QuestionViews(QuizFixtures.library(), "session-1");

  private static Attempt attempt(AttemptLayout layout, boolean submitted) {
    return new Attempt(
        1,
        2,
        3,
        4L,
        "back-to-back",
        AttemptMode.GRADED,
        submitted,
        layout,
        "at-end",
        10,
        Instant.EPOCH,
        submitted ? Instant.EPOCH : null,
        null,
        null);
  }

  @Test
  void a_ranking_keeps_each_items_position_selected_and_lists_the_students_order() {
    AttemptLayout layout =
        new AttemptLayout(
            List.of(new AttemptLayout.Slot("priorities", List.of("roller", "sleep", "fuel"))));
    StoredAnswer stored =
        new StoredAnswer(
            "priorities",
            new Answer.Ordered(List.of("fuel", "sleep", "roller")),
            1.0 / 3,
            true,
            Instant.EPOCH);
    QuestionView view =
        views.build(attempt(layout, true), QuizFixtures.ranking(), 1, stored, null, null);
    assertEquals(List.of("Eating enough", "Sleep", "Ten minutes on a foam roller"), view.order());
    QuestionView.RankView roller = view.rankItems().get(0);
    assertEquals("roller", roller.id());
    assertEquals(
        List.of(
            new QuestionView.Position("1", false),
            new QuestionView.Position("2", false),
            new QuestionView.Position("3", true)),
        roller.positions());
  }

  @Test
  void a_ranking_shown_again_with_a_mistake_selects_exactly_what_was_sent() {
    AttemptLayout layout =
        new AttemptLayout(
            List.of(new AttemptLayout.Slot("priorities", List.of("sleep", "fuel", "roller"))));
    Map<String, String[]> draft =
        Map.of(
            "priorities:rank:sleep",
            new String[] {"01"},
            "priorities:rank:fuel",
            new String[] {"1"},
            "priorities:rank:roller",
            new String[] {""});
    QuestionView view =
        views.build(attempt(layout, false), QuizFixtures.ranking(), 1, null, draft, "fix it");
    assertEquals(
        List.of(false, false, false),
        view.rankItems().get(0).positions().stream().map(QuestionView.Position::selected).toList(),
        "\"01\" is no position the page offered");
    assertEquals(
        List.of(true, false, false),
        view.rankItems().get(1).positions().stream().map(QuestionView.Position::selected).toList());
    assertEquals(List.of("Eating enough"), view.order());
  }

  @Test
  void a_matching_row_selects_its_pick_among_every_choice_and_marks_nothing_before_feedback() {
    AttemptLayout layout =
        new AttemptLayout(
            List.of(new AttemptLayout.Slot("tool-effects", List.of("faster", "ball", "boots"))));
    StoredAnswer stored =
        new StoredAnswer(
            "tool-effects",
            new Answer.Matched(Map.of("boots", "boots", "ball", "faster")),
            0.5,
            true,
            Instant.EPOCH);
    QuestionView view =
        views.build(attempt(layout, false), QuizFixtures.matching(), 1, stored, null, null);
    QuestionView.MatchView ball = view.matchRows().get(1);
    assertEquals(
        List.of(
            new QuestionView.MatchChoice("faster", "Makes you adapt faster", true),
            new QuestionView.MatchChoice("ball", "Pressure on a small tight spot", false),
            new QuestionView.MatchChoice("boots", "Less heavy legs", false)),
        ball.choices());
    assertNull(ball.mark(), "at-end feedback: no mark before submitting");
  }

  private final QuestionViews withRightAnswers =
      new QuestionViews(QuizFixtures.library(), "session-1", true);

  @Test
  void a_wrong_choice_shows_the_right_option_only_once_right_answers_are_due() {
    AttemptLayout layout =
        new AttemptLayout(List.of(new AttemptLayout.Slot("first-step", List.of("gun", "sleep"))));
    StoredAnswer stored =
        new StoredAnswer("first-step", new Answer.Chosen(List.of("gun")), 0, true, Instant.EPOCH);
    QuestionView before =
        views.build(attempt(layout, true), QuizFixtures.single(), 1, stored, null, null);
    QuestionView.OptionView keyBefore = before.options().get(1);
    assertFalse(keyBefore.rightAnswer());
    assertNull(keyBefore.feedback(), "the key stays unrevealed");

    QuestionView after =
        withRightAnswers.build(attempt(layout, true), QuizFixtures.single(), 1, stored, null, null);
    QuestionView.OptionView key = after.options().get(1);
    assertTrue(key.rightAnswer());
    assertEquals("FB-SLEEP basics drive recovery", key.feedback());
    assertFalse(after.options().get(0).rightAnswer());
    assertEquals("incorrect", after.options().get(0).mark());
  }

  @Test
  void right_answers_never_show_where_feedback_does_not_yet() {
    AttemptLayout layout =
        new AttemptLayout(List.of(new AttemptLayout.Slot("first-step", List.of("gun", "sleep"))));
    StoredAnswer stored =
        new StoredAnswer("first-step", new Answer.Chosen(List.of("gun")), 0, true, Instant.EPOCH);
    QuestionView open =
        withRightAnswers.build(
            attempt(layout, false), QuizFixtures.single(), 1, stored, null, null);
    assertFalse(open.options().get(1).rightAnswer(), "at-end feedback: nothing before submitting");
  }

  @Test
  void a_matching_row_explains_its_own_item_with_its_right_answer_and_what_was_chosen() {
    AttemptLayout layout =
        new AttemptLayout(
            List.of(new AttemptLayout.Slot("tool-effects", List.of("faster", "ball", "boots"))));
    StoredAnswer stored =
        new StoredAnswer(
            "tool-effects",
            new Answer.Matched(Map.of("boots", "ball", "ball", "faster")),
            0,
            true,
            Instant.EPOCH);
    QuestionView before =
        views.build(attempt(layout, true), QuizFixtures.matching(), 1, stored, null, null);
    QuestionView.MatchView bootsBefore = before.matchRows().get(0);
    assertEquals("incorrect", bootsBefore.mark());
    assertNull(bootsBefore.feedback(), "another item's feedback would explain the wrong tool");
    assertNull(bootsBefore.rightText());
    assertEquals("FB-DISTRACTOR no tool speeds adaptation", before.matchRows().get(1).feedback());

    QuestionView after =
        withRightAnswers.build(
            attempt(layout, true), QuizFixtures.matching(), 1, stored, null, null);
    QuestionView.MatchView boots = after.matchRows().get(0);
    assertEquals("Recovery boots", boots.left());
    assertEquals("Pressure on a small tight spot", boots.selectedText());
    assertEquals("Less heavy legs", boots.rightText());
    assertEquals("FB-PAIR-BOOTS boots ease heaviness", boots.feedback());
    QuestionView.MatchView ball = after.matchRows().get(1);
    assertEquals("Pressure on a small tight spot", ball.rightText());
    assertEquals("FB-PAIR-BALL precise pressure", ball.feedback());
    assertEquals("FB-DISTRACTOR no tool speeds adaptation", ball.pickedFeedback());
  }

  @Test
  void a_ranking_shows_the_expected_order_by_tier_once_right_answers_are_due() {
    AttemptLayout layout =
        new AttemptLayout(
            List.of(new AttemptLayout.Slot("tiers", List.of("gun", "roller", "food", "sleep"))));
    StoredAnswer stored =
        new StoredAnswer(
            "tiers",
            new Answer.Ordered(List.of("roller", "sleep", "food", "gun")),
            0.6,
            true,
            Instant.EPOCH);
    assertNull(
        views
            .build(attempt(layout, true), QuizScorerTest.tiered(), 1, stored, null, null)
            .expected());
    QuestionView view =
        withRightAnswers.build(
            attempt(layout, true), QuizScorerTest.tiered(), 1, stored, null, null);
    assertEquals(
        List.of(
            new QuestionView.Tier(1, List.of("Sleep", "Food")),
            new QuestionView.Tier(2, List.of("Roller")),
            new QuestionView.Tier(3, List.of("Gun"))),
        view.expected());
    assertTrue(view.expected().get(0).shared());
  }

  @Test
  void a_finished_scenario_shows_the_endings_debrief_and_the_best_choice_where_another_was_taken() {
    com.recoverylab.content.Question.Branching branching =
        new com.recoverylab.content.Question.Branching(
            "race-week",
            "<p>p</p>",
            1,
            com.recoverylab.content.Question.BranchScoring.PATH_SUM,
            false,
            "on-the-plane",
            QuizFixtures.branching(com.recoverylab.content.Question.BranchScoring.PATH_SUM).steps(),
            List.of(
                new com.recoverylab.content.Question.Ending(
                    "good-ending", "Good", 1, "DEBRIEF-GOOD", null),
                new com.recoverylab.content.Question.Ending(
                    "ok-ending", "Ok", 0.6, "DEBRIEF-OK", QuizFixtures.LESSON),
                new com.recoverylab.content.Question.Ending(
                    "stiff-ending", "Stiff", 0.2, "DEBRIEF-STIFF", null)));
    AttemptLayout layout =
        new AttemptLayout(List.of(new AttemptLayout.Slot("race-week", List.of())));
    StoredAnswer stored =
        new StoredAnswer(
            "race-week", new Answer.Path(List.of("move", "gadgets")), 0.6, true, Instant.EPOCH);
    QuestionView before = views.build(attempt(layout, true), branching, 1, stored, null, null);
    assertEquals("DEBRIEF-OK", before.branch().debrief());
    assertEquals("The tools", before.branch().debriefLink().text());
    assertNull(before.branch().past().get(1).bestText());

    QuestionView after =
        withRightAnswers.build(attempt(layout, true), branching, 1, stored, null, null);
    assertNull(after.branch().past().get(0).bestText(), "the best choice was taken");
    assertEquals("Early night", after.branch().past().get(1).bestText());

    QuestionView open = views.build(attempt(layout, false), branching, 1, stored, null, null);
    assertNull(open.branch().debrief(), "at-end feedback: the debrief waits for the submit");
  }
}
