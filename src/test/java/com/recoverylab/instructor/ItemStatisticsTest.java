package com.recoverylab.instructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.content.FeedbackTiming;
import com.recoverylab.content.GradingMethod;
import com.recoverylab.content.Question;
import com.recoverylab.content.Question.BranchChoice;
import com.recoverylab.content.Question.Branching;
import com.recoverylab.content.Question.Choice;
import com.recoverylab.content.Question.ChoiceKind;
import com.recoverylab.content.Question.Ending;
import com.recoverylab.content.Question.Option;
import com.recoverylab.content.Question.Step;
import com.recoverylab.content.Quiz;
import com.recoverylab.content.QuizSettings;
import com.recoverylab.quiz.AttemptResponses;
import com.recoverylab.quiz.AttemptResponses.Pick;
import com.recoverylab.quiz.AttemptResponses.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Item statistics against numbers worked out by hand (the arithmetic is in the comments). */
class ItemStatisticsTest {
  static final QuizSettings SETTINGS =
      new QuizSettings(10, 0, GradingMethod.HIGHEST, FeedbackTiming.AT_END, false, 0);

  // q1: one right option and three wrong ones; q2 and q3 (weight 2) are right or wrong
  private static final Choice Q1 =
      new Choice(
          "q1",
          ChoiceKind.SINGLE,
          "<p>Q1</p>",
          1,
          List.of(
              new Option("r", "Sleep first", true, null, null, null),
              new Option("strong", "A tempting wrong answer", false, null, null, "t1"),
              new Option("never", "An absurd answer", false, null, null, "t2"),
              new Option("weak", "A plain wrong answer", false, null, null, "t3")));
  private static final Choice Q2 =
      new Choice(
          "q2",
          ChoiceKind.SINGLE,
          "<p>Q2</p>",
          1,
          List.of(
              new Option("yes", "Yes", true, null, null, null),
              new Option("no", "No", false, null, null, "t4")));
  private static final Choice Q3 =
      new Choice(
          "q3",
          ChoiceKind.SINGLE,
          "<p>Q3</p>",
          2,
          List.of(
              new Option("ok", "Fine", true, null, null, null),
              new Option("bad", "Wrong", false, null, null, "t5")));
  static final Quiz QUIZ =
      new Quiz(
          "items",
          "Items",
          "Three questions",
          5,
          SETTINGS,
          List.of(),
          List.of(Q1, Q2, Q3),
          "quizzes/items.yaml");

  /**
   * An attempt (id = user id unless given) picking one option per question; right options score 1.
   */
  static AttemptResponses attempt(long id, long user, String q1, String q2, String q3) {
    return new AttemptResponses(id, user, List.of(choice(Q1, q1), choice(Q2, q2), choice(Q3, q3)));
  }

  private static Response choice(Choice question, String picked) {
    boolean right = question.options().stream().anyMatch(o -> o.id().equals(picked) && o.correct());
    return new Response(question.id(), right ? 1 : 0, List.of(new Pick(null, picked)));
  }

  //            q1      q2     q3     scores (q1, q2, q3)
  // learner 1: r       yes    ok     1, 1, 1
  // learner 2: r       yes    ok     1, 1, 1
  // learner 3: strong  yes    ok     0, 1, 1
  // learner 4: r       no     ok     1, 0, 1
  // learner 5: weak    no     bad    0, 0, 0
  // learner 6: weak    yes    bad    0, 1, 0
  private static final List<AttemptResponses> FIRST =
      List.of(
          attempt(1, 1, "r", "yes", "ok"),
          attempt(2, 2, "r", "yes", "ok"),
          attempt(3, 3, "strong", "yes", "ok"),
          attempt(4, 4, "r", "no", "ok"),
          attempt(5, 5, "weak", "no", "bad"),
          attempt(6, 6, "weak", "yes", "bad"));

  @Test
  void facility_discrimination_and_option_thirds_match_the_hand_computed_fixture() {
    List<ItemStat> stats = ItemStatistics.of(QUIZ, FIRST);

    // q1: facility = (1+1+0+1+0+0)/6 = 3/6 = 50%.
    // Rest of the test = (q2 + 2*q3)/3: L1 3/3=1, L2 1, L3 3/3=1, L4 2/3, L5 0, L6 1/3.
    // Ranked: L5 0, L6 .33, L4 .67, L1 1, L2 1, L3 1 (ties in submission order); a third =
    // round(6/3) = 2.
    // Bottom L5, L6 score 0 and 0 (mean 0); top L2, L3 score 1 and 0 (mean .5): discrimination .5 -
    // 0 = 0.50.
    ItemStat q1 = stats.get(0);
    assertEquals(6, q1.learners());
    assertEquals(50.0, q1.facility(), 1e-9);
    assertEquals(0.5, q1.discrimination(), 1e-9);
    assertEquals("50%", q1.facilityText());
    assertEquals("0.50", q1.discriminationText());
    // r: chosen by L1, L2, L4; top has L2, bottom none.  strong: L3 only, who is in the top third.
    // never: nobody.  weak: L5, L6, both in the bottom third.
    assertEquals(
        List.of(
            new ItemStat.OptionStat("r", "Sleep first", true, 3, 1, 0, ItemStat.Flag.NONE),
            new ItemStat.OptionStat(
                "strong",
                "A tempting wrong answer",
                false,
                1,
                1,
                0,
                ItemStat.Flag.STRONG_CHOSE_WRONG),
            new ItemStat.OptionStat(
                "never", "An absurd answer", false, 0, 0, 0, ItemStat.Flag.NOBODY_CHOSE),
            new ItemStat.OptionStat(
                "weak", "A plain wrong answer", false, 2, 0, 2, ItemStat.Flag.NONE)),
        q1.options());

    // q2: facility = (1+1+1+0+0+1)/6 = 4/6 = 66.7%.
    // Rest = (q1 + 2*q3)/3: L1 1, L2 1, L3 2/3, L4 1, L5 0, L6 0. Ranked: L5, L6, L3, L1, L2, L4.
    // Bottom L5, L6 score 0 and 1 (.5); top L2, L4 score 1 and 0 (.5): discrimination 0.
    // no: L4 (top) and L5 (bottom) chose it: one each, so strong students did not prefer it.
    ItemStat q2 = stats.get(1);
    assertEquals(66.6667, q2.facility(), 1e-3);
    assertEquals("67%", q2.facilityText());
    assertEquals(0.0, q2.discrimination(), 1e-9);
    assertEquals(
        new ItemStat.OptionStat("no", "No", false, 2, 1, 1, ItemStat.Flag.NONE),
        q2.options().get(1));

    // q3 (weight 2): facility = 4/6 = 66.7%. Rest = (q1 + q2)/2: L1 1, L2 1, L3 .5, L4 .5, L5 0, L6
    // .5.
    // Ranked: L5 0, L3 .5, L4 .5, L6 .5, L1 1, L2 1. Bottom L5, L3 score 0 and 1 (.5); top L1, L2
    // (1): 0.50.
    ItemStat q3 = stats.get(2);
    assertEquals(66.6667, q3.facility(), 1e-3);
    assertEquals(0.5, q3.discrimination(), 1e-9);
    assertEquals(
        List.of(
            new ItemStat.OptionStat("ok", "Fine", true, 4, 2, 1, ItemStat.Flag.NONE),
            new ItemStat.OptionStat("bad", "Wrong", false, 2, 0, 1, ItemStat.Flag.NONE)),
        q3.options());
  }

  @Test
  void counting_all_attempts_adds_a_learners_later_attempt_but_not_a_learner() {
    List<AttemptResponses> all = new ArrayList<>(FIRST);
    all.add(attempt(7, 5, "r", "yes", "ok")); // learner 5 again, all right
    ItemStat q1 = ItemStatistics.of(QUIZ, all).get(0);
    // 7 attempts by 6 learners. q1 facility = 4/7 = 57.1%.
    // Rests as before plus attempt 7: (1 + 2)/3 = 1. Ranked: 5 (0), 6 (.33), 4 (.67), 1, 2, 3, 7
    // (all 1).
    // A third = round(7/3) = 2. Bottom 5, 6 score 0 and 0; top 3, 7 score 0 and 1 (.5):
    // discrimination 0.50.
    assertEquals(6, q1.learners());
    assertEquals(7, q1.counted());
    assertEquals(400.0 / 7, q1.facility(), 1e-9);
    assertEquals(0.5, q1.discrimination(), 1e-9);
    // r: attempts 1, 2, 4, 7: top has 7, bottom none
    assertEquals(
        new ItemStat.OptionStat("r", "Sleep first", true, 4, 1, 0, ItemStat.Flag.NONE),
        q1.options().get(0));
  }

  @Test
  void fewer_than_five_learners_show_no_figure_even_with_many_attempts() {
    // four learners, two attempts each: eight attempts are still four learners
    List<AttemptResponses> attempts = new ArrayList<>();
    for (int user = 1; user <= 4; user++) {
      attempts.add(attempt(user, user, "r", "yes", "ok"));
      attempts.add(attempt(10 + user, user, "strong", "no", "bad"));
    }
    ItemStat q1 = ItemStatistics.of(QUIZ, attempts).get(0);
    assertEquals(4, q1.learners());
    assertEquals(8, q1.counted());
    assertFalse(q1.enough());
    assertNull(q1.facility());
    assertNull(q1.discrimination());
    assertTrue(q1.options().isEmpty(), "no option counts either");

    // the fifth learner brings the figures: 5 first attempts, facility 4/5 = 80%
    List<AttemptResponses> five = new ArrayList<>(attempts.subList(0, 0));
    for (int user = 1; user <= 4; user++) {
      five.add(attempt(user, user, "r", "yes", "ok"));
    }
    five.add(attempt(5, 5, "weak", "no", "bad"));
    ItemStat enough = ItemStatistics.of(QUIZ, five).get(0);
    assertTrue(enough.enough());
    assertEquals(80.0, enough.facility(), 1e-9);
    // rests: 1, 1, 1, 1, 0; a third = round(5/3) = 2; bottom 5 (0) and 1 (1) mean .5; top 3, 4 (1):
    // 0.50
    assertEquals(0.5, enough.discrimination(), 1e-9);
  }

  @Test
  void a_question_left_blank_counts_as_zero_and_a_question_not_shown_does_not_count() {
    List<AttemptResponses> attempts = new ArrayList<>();
    for (int user = 1; user <= 5; user++) {
      attempts.add(
          new AttemptResponses(
              user, user, List.of(choice(Q1, "r"), new Response("q2", 0, List.of()))));
    }
    List<ItemStat> stats = ItemStatistics.of(QUIZ, attempts);
    assertEquals(100.0, stats.get(0).facility(), 1e-9);
    assertEquals(0.0, stats.get(1).facility(), 1e-9, "left blank: 0 of 5");
    assertEquals(0, stats.get(2).learners(), "q3 was never drawn");
    assertEquals(0, stats.get(1).options().get(0).chosen());
  }

  @Test
  void a_one_question_quiz_has_no_rest_of_the_test_to_rank_by() {
    Quiz single =
        new Quiz(
            "one", "One", "One question", 1, SETTINGS, List.of(), List.of(Q1), "quizzes/one.yaml");
    List<AttemptResponses> attempts = new ArrayList<>();
    for (int user = 1; user <= 5; user++) {
      attempts.add(
          new AttemptResponses(user, user, List.of(choice(Q1, user < 3 ? "strong" : "r"))));
    }
    ItemStat q1 = ItemStatistics.of(single, attempts).get(0);
    assertEquals(60.0, q1.facility(), 1e-9);
    assertNull(q1.discrimination());
    assertNull(q1.options().get(1).top());
    assertEquals(
        ItemStat.Flag.NONE,
        q1.options().get(1).flag(),
        "no thirds, so no claim about strong students");
    assertEquals(ItemStat.Flag.NOBODY_CHOSE, q1.options().get(2).flag());
  }

  // A scenario: plane (move -> hotel, sit -> stiff ending), hotel (sleep -> good ending, gadgets ->
  // ok ending)
  static final Branching TRIP =
      new Branching(
          "trip",
          "<p>Trip</p>",
          1,
          Question.BranchScoring.PATH_SUM,
          true,
          "plane",
          List.of(
              new Step(
                  "plane",
                  "On the plane",
                  List.of(
                      new BranchChoice("move", "Walk every hour", 2, "hotel", null, null, null),
                      new BranchChoice("sit", "Sit still", 0, "stiff", null, null, "no-context"))),
              new Step(
                  "hotel",
                  "At the hotel",
                  List.of(
                      new BranchChoice("sleep", "Early night", 3, "good", null, null, null),
                      new BranchChoice(
                          "gadgets", "Every gadget", 1, "ok", null, null, "more-is-better")))),
          List.of(
              new Ending("good", "Fresh", 1),
              new Ending("ok", "Flat", 0.6),
              new Ending("stiff", "Stiff", 0.2)));

  @Test
  void branching_paths_count_steps_choices_and_endings() {
    Quiz quiz =
        new Quiz(
            "trip",
            "Trip",
            "A scenario",
            3,
            SETTINGS,
            List.of(),
            List.of(TRIP),
            "quizzes/trip.yaml");
    List<List<Pick>> paths =
        List.of(
            List.of(new Pick("plane", "move"), new Pick("hotel", "sleep")),
            List.of(new Pick("plane", "move"), new Pick("hotel", "sleep")),
            List.of(new Pick("plane", "move"), new Pick("hotel", "gadgets")),
            List.of(new Pick("plane", "sit")),
            List.of(new Pick("plane", "move"))); // stopped at the hotel
    List<AttemptResponses> attempts = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      attempts.add(
          new AttemptResponses(i + 1, i + 1, List.of(new Response("trip", 0.5, paths.get(i)))));
    }
    ItemStat.BranchPaths found = ItemStatistics.of(quiz, attempts).get(0).paths();
    // all 5 stood on the plane; 4 walked to the hotel (3 finished there, 1 stopped); 1 sat still
    assertEquals(
        List.of(
            new ItemStat.Node("plane", "Step 1", "On the plane", 5),
            new ItemStat.Node("hotel", "Step 2", "At the hotel", 4)),
        found.steps());
    assertEquals(
        List.of(
            new ItemStat.Node("good", "Ending 1", "Fresh", 2),
            new ItemStat.Node("ok", "Ending 2", "Flat", 1),
            new ItemStat.Node("stiff", "Ending 3", "Stiff", 1)),
        found.endings());
    assertEquals(List.of(4, 1, 2, 1), found.choices().stream().map(ItemStat.Edge::taken).toList());
    assertEquals(
        new ItemStat.Edge("plane", "Step 1", "sit", "Sit still", "stiff", "Ending 3", 1),
        found.choices().get(1));
    assertEquals(1, found.unfinished());
    assertTrue(found.graph().startsWith("<svg"), found.graph());
    assertTrue(found.graph().contains("<title>"), "the graph has a text alternative");
    assertTrue(
        found.graph().contains(">5 reached<") && found.graph().contains(">4 reached<"),
        found.graph());
  }
}
