package com.recoverylab.instructor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.recoverylab.content.Quiz;
import com.recoverylab.quiz.AttemptResponses;
import com.recoverylab.quiz.AttemptResponses.Pick;
import com.recoverylab.quiz.AttemptResponses.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The item analysis CSV: its columns, a question below the minimum, and a scenario's path rows. */
class ItemAnalysisCsvTest {

  @Test
  void a_question_below_the_minimum_gets_one_row_that_says_why_and_no_figures() {
    List<AttemptResponses> three =
        List.of(
            ItemStatisticsTest.attempt(1, 1, "r", "yes", "ok"),
            ItemStatisticsTest.attempt(2, 2, "weak", "no", "bad"),
            ItemStatisticsTest.attempt(3, 3, "r", "no", "ok"));
    List<String> lines =
        ItemAnalysisCsv.of(
                ItemStatistics.of(ItemStatisticsTest.QUIZ, three), AttemptResponses.Counting.FIRST)
            .lines()
            .toList();
    assertEquals(
        List.of(
            "attempts_counted,question,question_id,kind,row,id,text,correct,learners,attempts,facility_percent,"
                + "discrimination,count,top_third,bottom_third,note",
            "first,1,q1,single,question,q1,,,3,3,,,,,,3 learners so far: figures appear from 5.",
            "first,2,q2,single,question,q2,,,3,3,,,,,,3 learners so far: figures appear from 5.",
            "first,3,q3,single,question,q3,,,3,3,,,,,,3 learners so far: figures appear from 5."),
        lines);
  }

  @Test
  void a_scenario_gets_a_row_per_step_choice_and_ending_and_one_for_unfinished_attempts() {
    Quiz quiz =
        new Quiz(
            "trip",
            "Trip",
            "A scenario",
            3,
            ItemStatisticsTest.SETTINGS,
            List.of(),
            List.of(ItemStatisticsTest.TRIP),
            "quizzes/trip.yaml");
    List<AttemptResponses> attempts = new ArrayList<>();
    // scores 1, 1, .6, .2, .4: facility = 3.2 / 5 = 64%; a one-question quiz has no discrimination
    double[] scores = {1, 1, 0.6, 0.2, 0.4};
    List<List<Pick>> paths =
        List.of(
            List.of(new Pick("plane", "move"), new Pick("hotel", "sleep")),
            List.of(new Pick("plane", "move"), new Pick("hotel", "sleep")),
            List.of(new Pick("plane", "move"), new Pick("hotel", "gadgets")),
            List.of(new Pick("plane", "sit")),
            List.of(new Pick("plane", "move")));
    for (int i = 0; i < 5; i++) {
      attempts.add(
          new AttemptResponses(
              i + 1, i + 1, List.of(new Response("trip", scores[i], paths.get(i)))));
    }
    List<String> lines =
        ItemAnalysisCsv.of(ItemStatistics.of(quiz, attempts), AttemptResponses.Counting.ALL)
            .lines()
            .toList();
    assertEquals(
        List.of(
            "all,1,trip,branching,question,trip,,,5,5,64,,,,,",
            "all,1,trip,branching,step,plane,Step 1: On the plane,,5,5,,,5,,,",
            "all,1,trip,branching,step,hotel,Step 2: At the hotel,,5,5,,,4,,,",
            "all,1,trip,branching,choice,plane/move,Step 1: Walk every hour \u2192 Step 2,,5,5,,,4,,,",
            "all,1,trip,branching,choice,plane/sit,Step 1: Sit still \u2192 Ending 3,,5,5,,,1,,,",
            "all,1,trip,branching,choice,hotel/sleep,Step 2: Early night \u2192 Ending 1,,5,5,,,2,,,",
            "all,1,trip,branching,choice,hotel/gadgets,Step 2: Every gadget \u2192 Ending 2,,5,5,,,1,,,",
            "all,1,trip,branching,ending,good,Ending 1: Fresh,,5,5,,,2,,,",
            "all,1,trip,branching,ending,ok,Ending 2: Flat,,5,5,,,1,,,",
            "all,1,trip,branching,ending,stiff,Ending 3: Stiff,,5,5,,,1,,,",
            "all,1,trip,branching,unfinished,,,,5,5,,,1,,,"),
        lines.subList(1, lines.size()));
  }
}
