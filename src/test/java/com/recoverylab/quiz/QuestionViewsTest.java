package com.recoverylab.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The choices a page offers come from the view with their selection already decided. */
class QuestionViewsTest {
  private final QuestionViews views = new QuestionViews(QuizFixtures.library(), "session-1");

  private static Attempt attempt(AttemptLayout layout, boolean submitted) {
    return new Attempt(1, 2, 3, 4L, "back-to-back", AttemptMode.GRADED, submitted, layout, "at-end", 10,
        Instant.EPOCH, submitted ? Instant.EPOCH : null, null, null);
  }

  @Test
  void a_ranking_keeps_each_items_position_selected_and_lists_the_students_order() {
    AttemptLayout layout = new AttemptLayout(List.of(new AttemptLayout.Slot("priorities", List.of("roller", "sleep", "fuel"))));
    StoredAnswer stored = new StoredAnswer("priorities", new Answer.Ordered(List.of("fuel", "sleep", "roller")), 1.0 / 3,
        true, Instant.EPOCH);
    QuestionView view = views.build(attempt(layout, true), QuizFixtures.ranking(), 1, stored, null, null);
    assertEquals(List.of("Eating enough", "Sleep", "Ten minutes on a foam roller"), view.order());
    QuestionView.RankView roller = view.rankItems().get(0);
    assertEquals("roller", roller.id());
    assertEquals(List.of(new QuestionView.Position("1", false), new QuestionView.Position("2", false),
        new QuestionView.Position("3", true)), roller.positions());
  }

  @Test
  void a_ranking_shown_again_with_a_mistake_selects_exactly_what_was_sent() {
    AttemptLayout layout = new AttemptLayout(List.of(new AttemptLayout.Slot("priorities", List.of("sleep", "fuel", "roller"))));
    Map<String, String[]> draft = Map.of("priorities:rank:sleep", new String[] {"01"},
        "priorities:rank:fuel", new String[] {"1"}, "priorities:rank:roller", new String[] {""});
    QuestionView view = views.build(attempt(layout, false), QuizFixtures.ranking(), 1, null, draft, "fix it");
    assertEquals(List.of(false, false, false), view.rankItems().get(0).positions().stream()
        .map(QuestionView.Position::selected).toList(), "\"01\" is no position the page offered");
    assertEquals(List.of(true, false, false), view.rankItems().get(1).positions().stream()
        .map(QuestionView.Position::selected).toList());
    assertEquals(List.of("Eating enough"), view.order());
  }

  @Test
  void a_matching_row_selects_its_pick_among_every_choice_and_marks_nothing_before_feedback() {
    AttemptLayout layout = new AttemptLayout(List.of(new AttemptLayout.Slot("tool-effects", List.of("faster", "ball", "boots"))));
    StoredAnswer stored = new StoredAnswer("tool-effects", new Answer.Matched(Map.of("boots", "boots", "ball", "faster")),
        0.5, true, Instant.EPOCH);
    QuestionView view = views.build(attempt(layout, false), QuizFixtures.matching(), 1, stored, null, null);
    QuestionView.MatchView ball = view.matchRows().get(1);
    assertEquals(List.of(new QuestionView.MatchChoice("faster", "Makes you adapt faster", true),
        new QuestionView.MatchChoice("ball", "Pressure on a small tight spot", false),
        new QuestionView.MatchChoice("boots", "Less heavy legs", false)), ball.choices());
    assertNull(ball.mark(), "at-end feedback: no mark before submitting");
  }
}
