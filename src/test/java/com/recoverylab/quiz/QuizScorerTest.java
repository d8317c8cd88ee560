package com.recoverylab.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.recoverylab.content.GradingMethod;
import com.recoverylab.content.Question;
import com.recoverylab.content.Question.BranchScoring;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuizScorerTest {
  private static final double E = 1e-9;

  @Test
  void single_choice_scores_one_for_the_right_option_and_zero_otherwise() {
    assertEquals(1, QuizScorer.choice(QuizFixtures.single(), List.of("sleep")), E);
    assertEquals(0, QuizScorer.choice(QuizFixtures.single(), List.of("gun")), E);
    assertEquals(0, QuizScorer.choice(QuizFixtures.single(), List.of()), E);
    assertEquals(
        0,
        QuizScorer.choice(QuizFixtures.single(), List.of("sleep", "gun")),
        E,
        "two picks are not one answer");
  }

  @Test
  void true_false_scores_like_single_choice() {
    assertEquals(1, QuizScorer.choice(QuizFixtures.trueFalse(), List.of("false")), E);
    assertEquals(0, QuizScorer.choice(QuizFixtures.trueFalse(), List.of("true")), E);
  }

  @Test
  void multiple_choice_gives_partial_credit_and_never_goes_below_zero() {
    var q = QuizFixtures.multiple();
    assertEquals(1, QuizScorer.choice(q, List.of("boots", "compression")), E);
    assertEquals(0.5, QuizScorer.choice(q, List.of("boots")), E);
    assertEquals(0, QuizScorer.choice(q, List.of("boots", "more-tools")), E, "(1 - 1) / 2");
    assertEquals(
        0.5, QuizScorer.choice(q, List.of("boots", "compression", "more-tools")), E, "(2 - 1) / 2");
    assertEquals(0, QuizScorer.choice(q, List.of("more-tools")), E, "max(0, -1/2)");
    assertEquals(0, QuizScorer.choice(q, List.of()), E);
  }

  @Test
  void ranking_scores_pairs_in_the_right_relative_order() {
    var q = QuizFixtures.ranking();
    assertEquals(1, QuizScorer.ranking(q, List.of("sleep", "fuel", "roller")), E);
    assertEquals(0, QuizScorer.ranking(q, List.of("roller", "fuel", "sleep")), E);
    assertEquals(
        2.0 / 3,
        QuizScorer.ranking(q, List.of("fuel", "sleep", "roller")),
        E,
        "one swapped neighbour pair");
    assertEquals(1.0 / 3, QuizScorer.ranking(q, List.of("roller", "sleep", "fuel")), E);
  }

  /** Sleep and food share the first tier; the roller comes after both; the gun last. */
  static Question.Ranking tiered() {
    return new Question.Ranking(
        "tiers",
        "<p>Order</p>",
        1,
        List.of(
            new Question.RankItem("sleep", "Sleep", 1),
            new Question.RankItem("food", "Food", 1),
            new Question.RankItem("roller", "Roller", 2),
            new Question.RankItem("gun", "Gun", 3)),
        "fb",
        null,
        "tools-replace-basics");
  }

  @Test
  void ranking_items_of_one_tier_may_come_in_either_order() {
    assertEquals(1, QuizScorer.ranking(tiered(), List.of("sleep", "food", "roller", "gun")), E);
    assertEquals(1, QuizScorer.ranking(tiered(), List.of("food", "sleep", "roller", "gun")), E);
    // 5 pairs across tiers; roller before sleep gets one of them wrong
    assertEquals(
        4.0 / 5, QuizScorer.ranking(tiered(), List.of("food", "roller", "sleep", "gun")), E);
    assertEquals(0, QuizScorer.ranking(tiered(), List.of("gun", "roller", "food", "sleep")), E);
  }

  @Test
  void a_ranking_misconception_is_tagged_only_for_a_wrong_pair_across_tiers() {
    List<PickedOption> swappedWithinTier =
        AnswerPicks.of(tiered(), new Answer.Ordered(List.of("food", "sleep", "roller", "gun")));
    assertEquals(
        List.of(), swappedWithinTier.stream().filter(p -> p.misconception() != null).toList());
    assertEquals(
        List.of(true, true, true, true),
        swappedWithinTier.stream().map(PickedOption::correct).toList());

    List<PickedOption> rollerFirst =
        AnswerPicks.of(tiered(), new Answer.Ordered(List.of("roller", "sleep", "food", "gun")));
    assertEquals(
        List.of("roller", "sleep", "food"),
        rollerFirst.stream()
            .filter(p -> p.misconception() != null)
            .map(PickedOption::optionId)
            .toList());
  }

  @Test
  void a_ranking_without_tiers_ranks_every_item_by_its_place_in_the_list() {
    assertEquals(
        List.of(1, 2, 3),
        QuizFixtures.ranking().items().stream().map(Question.RankItem::tier).toList());
  }

  @Test
  void ranking_that_is_not_a_full_order_of_the_items_scores_zero() {
    var q = QuizFixtures.ranking();
    assertEquals(0, QuizScorer.ranking(q, List.of("sleep", "fuel")), E);
    assertEquals(0, QuizScorer.ranking(q, List.of("sleep", "sleep", "roller")), E);
    assertEquals(0, QuizScorer.ranking(q, List.of("sleep", "fuel", "gun")), E);
  }

  @Test
  void matching_scores_right_pairs_over_pairs_and_distractors_earn_nothing() {
    var q = QuizFixtures.matching();
    assertEquals(1, QuizScorer.matching(q, Map.of("boots", "boots", "ball", "ball")), E);
    assertEquals(0.5, QuizScorer.matching(q, Map.of("boots", "boots", "ball", "faster")), E);
    assertEquals(0, QuizScorer.matching(q, Map.of("boots", "ball", "ball", "boots")), E, "swapped");
    assertEquals(
        0.5, QuizScorer.matching(q, Map.of("ball", "ball")), E, "a blank pair counts as wrong");
    assertEquals(0, QuizScorer.matching(q, Map.of()), E);
  }

  @Test
  void branching_path_sum_divides_chosen_points_by_the_best_path() {
    var q = QuizFixtures.branching(BranchScoring.PATH_SUM);
    assertEquals(5, QuizScorer.bestPathPoints(q), E);
    assertEquals(1, QuizScorer.branching(q, List.of("move", "sleep")), E);
    assertEquals(3.0 / 5, QuizScorer.branching(q, List.of("move", "gadgets")), E);
    assertEquals(0, QuizScorer.branching(q, List.of("sit")), E);
    assertEquals(
        2.0 / 5,
        QuizScorer.branching(q, List.of("move")),
        E,
        "an unfinished path counts what it chose");
  }

  @Test
  void branching_ending_scoring_uses_the_ending_reached() {
    var q = QuizFixtures.branching(BranchScoring.ENDING);
    assertEquals(1, QuizScorer.branching(q, List.of("move", "sleep")), E);
    assertEquals(0.6, QuizScorer.branching(q, List.of("move", "gadgets")), E);
    assertEquals(0.2, QuizScorer.branching(q, List.of("sit")), E);
    assertEquals(0, QuizScorer.branching(q, List.of("move")), E, "no ending yet");
  }

  @Test
  void branching_path_with_a_choice_not_offered_at_its_step_scores_zero() {
    var q = QuizFixtures.branching(BranchScoring.PATH_SUM);
    assertEquals(0, QuizScorer.branching(q, List.of("sleep")), E);
    assertEquals(
        0, QuizScorer.branching(q, List.of("sit", "sleep")), E, "no choices after an ending");
  }

  @Test
  void best_path_ignores_loops_back_to_a_visited_step() {
    var loop =
        new com.recoverylab.content.Question.Branching(
            "loop",
            "<p>x</p>",
            1,
            BranchScoring.PATH_SUM,
            false,
            "a",
            List.of(
                new com.recoverylab.content.Question.Step(
                    "a",
                    "A",
                    List.of(
                        new com.recoverylab.content.Question.BranchChoice(
                            "again", "Again", 5, "b", "", "", null),
                        new com.recoverylab.content.Question.BranchChoice(
                            "stop", "Stop", 1, "end", "", "", null))),
                new com.recoverylab.content.Question.Step(
                    "b",
                    "B",
                    List.of(
                        new com.recoverylab.content.Question.BranchChoice(
                            "back", "Back", 5, "a", "", "", null),
                        new com.recoverylab.content.Question.BranchChoice(
                            "done", "Done", 0, "end", "", "", null)))),
            List.of(new com.recoverylab.content.Question.Ending("end", "End", 1)));
    assertEquals(
        5, QuizScorer.bestPathPoints(loop), E, "a->b->end; going round the loop is not a path");
  }

  @Test
  void answer_of_the_wrong_shape_for_its_question_scores_zero() {
    assertEquals(
        0, QuizScorer.score(QuizFixtures.single(), new Answer.Ordered(List.of("sleep"))), E);
    assertEquals(
        0, QuizScorer.score(QuizFixtures.ranking(), new Answer.Chosen(List.of("sleep"))), E);
  }

  @Test
  void quiz_fraction_is_the_weighted_mean_of_question_scores() {
    assertEquals(
        0.75,
        QuizScorer.quizFraction(
            List.of(new QuizScorer.Weighted(1, 1), new QuizScorer.Weighted(0.5, 1))),
        E);
    // weight 2 on the half-right question: (1*1 + 0.5*2) / 3
    assertEquals(
        2.0 / 3,
        QuizScorer.quizFraction(
            List.of(new QuizScorer.Weighted(1, 1), new QuizScorer.Weighted(0.5, 2))),
        E);
    assertEquals(0, QuizScorer.quizFraction(List.of()), E);
    assertEquals(0, QuizScorer.quizFraction(List.of(new QuizScorer.Weighted(1, 0))), E);
  }

  @Test
  void every_grading_method_turns_attempt_scores_oldest_first_into_one_grade() {
    List<Double> scores = List.of(0.4, 0.9, 0.5);
    assertEquals(0.9, GradingMethod.HIGHEST.apply(scores).getAsDouble(), E);
    assertEquals(0.5, GradingMethod.LAST.apply(scores).getAsDouble(), E);
    assertEquals(0.6, GradingMethod.AVERAGE.apply(scores).getAsDouble(), E);
    assertEquals(0.4, GradingMethod.FIRST.apply(scores).getAsDouble(), E);
    for (GradingMethod method : GradingMethod.values()) {
      assertEquals(
          true, method.apply(List.of()).isEmpty(), method + " without attempts has no grade");
      assertEquals(
          0.7,
          method.apply(List.of(0.7)).getAsDouble(),
          E,
          method + " of one attempt is that attempt");
    }
  }

  @Test
  void answers_survive_a_round_trip_through_their_stored_json() {
    List<Answer> answers =
        List.of(
            new Answer.Chosen(List.of("a", "b")),
            new Answer.Ordered(List.of("x", "y")),
            new Answer.Matched(Map.of("boots", "faster")),
            new Answer.Path(List.of("move", "sleep")));
    for (Answer answer : answers) {
      assertEquals(answer, Answer.fromJson(Answer.toJson(answer)));
    }
  }
}
