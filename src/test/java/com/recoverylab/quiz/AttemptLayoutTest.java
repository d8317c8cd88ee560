package com.recoverylab.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.recoverylab.content.Quiz;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttemptLayoutTest {

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
      List<String> poolOrder = quiz.questions().stream().map(q -> q.id()).filter(ids::contains).toList();
      assertEquals(poolOrder, ids, "without shuffling, drawn questions keep the file order");
    }
  }

  @Test
  void without_shuffle_questions_and_choice_options_keep_the_file_order() {
    Quiz quiz = QuizFixtures.backToBack();
    AttemptLayout layout = AttemptLayout.draw(quiz, false, 0, 7L);
    assertEquals(quiz.questions().stream().map(q -> q.id()).toList(),
        layout.slots().stream().map(AttemptLayout.Slot::questionId).toList());
    assertEquals(List.of("sleep", "gun"), layout.slot("first-step").orElseThrow().optionOrder());
  }

  @Test
  void ranking_items_and_matching_choices_are_never_shown_in_answer_key_order() {
    Quiz quiz = QuizFixtures.backToBack();
    for (long seed = 0; seed < 50; seed++) {
      AttemptLayout layout = AttemptLayout.draw(quiz, false, 0, seed);
      assertNotEquals(List.of("sleep", "fuel", "roller"), layout.slot("priorities").orElseThrow().optionOrder());
      assertNotEquals(List.of("boots", "ball", "faster"), layout.slot("tool-effects").orElseThrow().optionOrder());
      assertEquals(List.of("true", "false"), layout.slot("myth").orElseThrow().optionOrder(), "true/false stays put");
    }
  }

  @Test
  void shuffling_varies_question_order_between_seeds() {
    Quiz quiz = QuizFixtures.backToBack();
    var orders = new HashSet<List<String>>();
    for (long seed = 0; seed < 20; seed++) {
      orders.add(AttemptLayout.draw(quiz, true, 0, seed).slots().stream().map(AttemptLayout.Slot::questionId).toList());
    }
    assertEquals(true, orders.size() > 1);
  }

  @Test
  void layout_survives_a_round_trip_through_its_stored_json() {
    AttemptLayout layout = AttemptLayout.draw(QuizFixtures.backToBack(), true, 0, 3L);
    assertEquals(layout, AttemptLayout.fromJson(layout.toJson()));
  }
}
