package com.recoverylab.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.content.FeedbackTiming;
import com.recoverylab.content.Question;
import com.recoverylab.content.Quiz;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttemptLayoutTest {

  /**
   * Attempts get random 64-bit seeds; neighbouring small seeds give java.util.Random correlated
   * first draws, so tests that sample orders spread their seeds the same way.
   */
  private static long spread(long seed) {
    return seed * 0x9E3779B97F4A7C15L;
  }

  @Test
  void the_same_seed_draws_the_same_questions_and_orders() {
    Quiz quiz = QuizFixtures.backToBack();
    assertEquals(AttemptLayout.draw(quiz, true, 3, 42L), AttemptLayout.draw(quiz, true, 3, 42L));
  }

  @Test
  void a_draw_takes_that_many_different_questions_from_the_pool() {
    Quiz quiz = QuizFixtures.backToBack();
    for (long seed = 0; seed < 30; seed++) {
      AttemptLayout layout = AttemptLayout.draw(quiz, false, 3, seed);
      List<String> ids = layout.slots().stream().map(AttemptLayout.Slot::questionId).toList();
      assertEquals(3, new HashSet<>(ids).size());
      List<String> poolOrder =
          quiz.questions().stream().map(q -> q.id()).filter(ids::contains).toList();
      assertEquals(poolOrder, ids, "without shuffling, drawn questions keep the file order");
    }
  }

  @Test
  void without_shuffle_questions_keep_the_file_order_but_options_are_still_shuffled() {
    Quiz quiz = QuizFixtures.backToBack();
    Set<List<String>> orders = new HashSet<>();
    for (long seed = 0; seed < 30; seed++) {
      AttemptLayout layout = AttemptLayout.draw(quiz, false, 0, spread(seed));
      assertEquals(
          quiz.questions().stream().map(q -> q.id()).toList(),
          layout.slots().stream().map(AttemptLayout.Slot::questionId).toList());
      orders.add(layout.slot("first-step").orElseThrow().optionOrder());
      assertEquals(
          List.of("true", "false"),
          layout.slot("myth").orElseThrow().optionOrder(),
          "true/false stays put");
    }
    assertEquals(Set.of(List.of("sleep", "gun"), List.of("gun", "sleep")), orders);
  }

  @Test
  void ranking_items_are_never_shown_in_a_right_order_of_their_tiers() {
    Question.Ranking tiered = QuizScorerTest.tiered();
    Quiz quiz =
        new Quiz(
            "tiers",
            "Tiers",
            "s",
            1,
            QuizFixtures.settings(0, FeedbackTiming.AT_END, false),
            List.of(),
            List.of(tiered),
            "quizzes/tiers.yaml");
    for (long seed = 0; seed < 100; seed++) {
      List<String> order =
          AttemptLayout.draw(quiz, false, 0, spread(seed))
              .slot("tiers")
              .orElseThrow()
              .optionOrder();
      assertTrue(QuizScorer.ranking(tiered, order) < 1, order.toString());
    }
  }

  @Test
  void a_fixed_option_keeps_its_place_while_the_others_move() {
    Question.Choice choice =
        new Question.Choice(
            "pick",
            Question.ChoiceKind.SINGLE,
            "<p>Pick</p>",
            1,
            List.of(
                new Question.Option("a", "A", true, "fa", null, null),
                new Question.Option("b", "B", false, "fb", null, "m"),
                new Question.Option("c", "C", false, "fc", null, "m"),
                new Question.Option("none", "None of these", false, "fn", null, "m", true)));
    Quiz quiz =
        new Quiz(
            "fixed",
            "Fixed",
            "s",
            1,
            QuizFixtures.settings(0, FeedbackTiming.AT_END, false),
            List.of(),
            List.of(choice),
            "quizzes/fixed.yaml");
    Set<List<String>> orders = new HashSet<>();
    for (long seed = 0; seed < 60; seed++) {
      List<String> order =
          AttemptLayout.draw(quiz, false, 0, spread(seed)).slot("pick").orElseThrow().optionOrder();
      assertEquals("none", order.get(3), "the fixed option stays last");
      orders.add(order.subList(0, 3));
    }
    assertEquals(6, orders.size(), "the other three take every order");
  }

  @Test
  void scenario_choices_are_shuffled_per_step_and_stored_with_the_attempt() {
    Quiz quiz = QuizFixtures.raceWeek();
    Question.Branching branching = (Question.Branching) quiz.questions().get(0);
    Question.Step plane = branching.step("on-the-plane").orElseThrow();
    Set<List<String>> orders = new HashSet<>();
    for (long seed = 0; seed < 30; seed++) {
      AttemptLayout layout =
          AttemptLayout.fromJson(AttemptLayout.draw(quiz, false, 0, spread(seed)).toJson());
      orders.add(
          layout.choicesInOrder("race-week", plane).stream()
              .map(Question.BranchChoice::id)
              .toList());
    }
    assertEquals(Set.of(List.of("move", "sit"), List.of("sit", "move")), orders);
  }

  @Test
  void an_attempt_stored_before_choices_were_shuffled_shows_them_in_file_order() {
    Question.Branching branching = QuizFixtures.branching(Question.BranchScoring.PATH_SUM);
    AttemptLayout old = new AttemptLayout(List.of(new AttemptLayout.Slot("race-week", List.of())));
    assertEquals(
        List.of("move", "sit"),
        old.choicesInOrder("race-week", branching.step("on-the-plane").orElseThrow()).stream()
            .map(Question.BranchChoice::id)
            .toList());
  }

  @Test
  void ranking_items_and_matching_choices_are_never_shown_in_answer_key_order() {
    Quiz quiz = QuizFixtures.backToBack();
    for (long seed = 0; seed < 50; seed++) {
      AttemptLayout layout = AttemptLayout.draw(quiz, false, 0, seed);
      assertNotEquals(
          List.of("sleep", "fuel", "roller"),
          layout.slot("priorities").orElseThrow().optionOrder());
      assertNotEquals(
          List.of("boots", "ball", "faster"),
          layout.slot("tool-effects").orElseThrow().optionOrder());
      assertEquals(
          List.of("true", "false"),
          layout.slot("myth").orElseThrow().optionOrder(),
          "true/false stays put");
    }
  }

  @Test
  void shuffling_varies_question_order_between_seeds() {
    Quiz quiz = QuizFixtures.backToBack();
    var orders = new HashSet<List<String>>();
    for (long seed = 0; seed < 20; seed++) {
      orders.add(
          AttemptLayout.draw(quiz, true, 0, seed).slots().stream()
              .map(AttemptLayout.Slot::questionId)
              .toList());
    }
    assertEquals(true, orders.size() > 1);
  }

  @Test
  void layout_survives_a_round_trip_through_its_stored_json() {
    AttemptLayout layout = AttemptLayout.draw(QuizFixtures.backToBack(), true, 0, 3L);
    assertEquals(layout, AttemptLayout.fromJson(layout.toJson()));
  }

  @Test
  void the_same_stored_json_is_parsed_once_and_other_json_gets_its_own_layout() {
    AttemptLayout one = AttemptLayout.draw(QuizFixtures.backToBack(), true, 0, 3L);
    AttemptLayout other = AttemptLayout.draw(QuizFixtures.backToBack(), true, 0, 4L);
    String json = one.toJson();
    AttemptLayout first = AttemptLayout.fromJson(json);
    // a row read again arrives as a new string with the same text
    assertSame(first, AttemptLayout.fromJson(new String(json.toCharArray())));
    assertEquals(other, AttemptLayout.fromJson(other.toJson()));
    assertEquals(one, AttemptLayout.fromJson(json));
    assertThrows(IllegalArgumentException.class, () -> AttemptLayout.fromJson("[{\"q\":"));
  }
}
