package com.recoverylab.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.web.HttpError;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnswerFormTest {

  @Test
  void chosen_options_are_read_and_a_blank_question_is_no_answer() {
    assertEquals(
        Optional.of(new Answer.Chosen(List.of("boots", "compression"))),
        AnswerForm.read(
            QuizFixtures.multiple(),
            Map.of("heavy-legs:option", new String[] {"boots", "compression"})));
    assertEquals(Optional.empty(), AnswerForm.read(QuizFixtures.multiple(), Map.of()));
  }

  @Test
  void an_option_the_question_does_not_offer_is_a_bad_request_naming_it() {
    HttpError e =
        assertThrows(
            HttpError.class,
            () ->
                AnswerForm.read(
                    QuizFixtures.single(), Map.of("first-step:option", new String[] {"teleport"})));
    assertEquals(400, e.status());
    assertEquals("error.quiz.unknownOption", e.messageKey());
    assertEquals("teleport", e.args()[0]);
  }

  @Test
  void two_options_for_a_single_choice_question_are_refused() {
    HttpError e =
        assertThrows(
            HttpError.class,
            () ->
                AnswerForm.read(
                    QuizFixtures.single(),
                    Map.of("first-step:option", new String[] {"sleep", "gun"})));
    assertEquals(400, e.status());
  }

  @Test
  void ranking_positions_become_an_order() {
    assertEquals(
        Optional.of(new Answer.Ordered(List.of("fuel", "sleep", "roller"))),
        AnswerForm.read(
            QuizFixtures.ranking(),
            Map.of(
                "priorities:rank:sleep",
                new String[] {"2"},
                "priorities:rank:fuel",
                new String[] {"1"},
                "priorities:rank:roller",
                new String[] {"3"})));
  }

  @Test
  void ranking_with_a_shared_or_missing_position_asks_the_student_to_fix_it() {
    var shared =
        assertThrows(
            AnswerForm.Incomplete.class,
            () ->
                AnswerForm.read(
                    QuizFixtures.ranking(),
                    Map.of(
                        "priorities:rank:sleep",
                        new String[] {"1"},
                        "priorities:rank:fuel",
                        new String[] {"1"},
                        "priorities:rank:roller",
                        new String[] {"3"})));
    assertEquals("quiz.form.rankDistinct", shared.messageKey());
    var missing =
        assertThrows(
            AnswerForm.Incomplete.class,
            () ->
                AnswerForm.read(
                    QuizFixtures.ranking(), Map.of("priorities:rank:sleep", new String[] {"1"})));
    assertEquals("quiz.form.rankEvery", missing.messageKey());
  }

  @Test
  void ranking_positions_out_of_range_or_unknown_items_are_tampering() {
    assertEquals(
        400,
        assertThrows(
                HttpError.class,
                () ->
                    AnswerForm.read(
                        QuizFixtures.ranking(),
                        Map.of("priorities:rank:sleep", new String[] {"9"})))
            .status());
    assertEquals(
        400,
        assertThrows(
                HttpError.class,
                () ->
                    AnswerForm.read(
                        QuizFixtures.ranking(), Map.of("priorities:rank:gun", new String[] {"1"})))
            .status());
  }

  @Test
  void matching_accepts_distractors_and_blanks_but_not_unknown_choices() {
    assertEquals(
        Optional.of(new Answer.Matched(Map.of("boots", "faster"))),
        AnswerForm.read(
            QuizFixtures.matching(),
            Map.of(
                "tool-effects:match:boots",
                new String[] {"faster"},
                "tool-effects:match:ball",
                new String[] {""})));
    HttpError e =
        assertThrows(
            HttpError.class,
            () ->
                AnswerForm.read(
                    QuizFixtures.matching(),
                    Map.of("tool-effects:match:boots", new String[] {"magic"})));
    assertEquals(400, e.status());
    assertTrue(e.getMessage().contains("magic"));
  }
}
