package com.recoverylab.export;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.FeedbackTiming;
import com.recoverylab.content.GradingMethod;
import com.recoverylab.content.Lesson;
import com.recoverylab.content.Misconception;
import com.recoverylab.content.Question;
import com.recoverylab.content.Question.ChoiceKind;
import com.recoverylab.content.Question.Option;
import com.recoverylab.content.Quiz;
import com.recoverylab.content.QuizSettings;
import java.util.List;
import java.util.Map;

/** A quiz of every kind whose texts carry every character GIFT and XML treat specially. */
final class ExportFixtures {
  /**
   * Every GIFT control character, a backslash, HTML's specials, a would-be comment and an arrow.
   */
  static final String SPECIAL = "~ = # { } : \\ & < > \" // -> \\n 50%";

  private ExportFixtures() {}

  static ContentLibrary library() {
    Lesson basics =
        new Lesson(
            "basics-first",
            "Basics: sleep & food",
            1,
            "The basics.",
            4,
            List.of(),
            "<p>Sleep.</p>",
            List.of(new Lesson.Heading("sleep", "Sleep {first}", 2)),
            "lessons/basics-first.md");
    Question single =
        new Question.Choice(
            "first",
            ChoiceKind.SINGLE,
            "<p>Sam ran at 6: what comes first? 2 &gt; 1 &amp; {x} = ~y #1 \\ see <a href=\"/lessons/basics-first#sleep\">the basics</a>.</p>\n<p>Second line</p>",
            1,
            List.of(
                new Option(
                    "sleep",
                    "Sleep " + SPECIAL,
                    true,
                    "Right: " + SPECIAL,
                    "basics-first#sleep",
                    null),
                new Option(
                    "gun",
                    "A massage gun = dinner?",
                    false,
                    "No #1: a gun {cannot} feed you.",
                    "basics-first",
                    "tools-replace-basics"),
                new Option("both", "Both, fixed last", false, "", null, "more-is-better", true)));
    Question multiple =
        new Question.Choice(
            "pick-three",
            ChoiceKind.MULTIPLE,
            "<p>Which help? Pick 3 ~ all that fit.</p>",
            2,
            List.of(
                new Option("a", "Sleep", true, "Yes.", "basics-first#sleep", null),
                new Option("b", "Food", true, "Yes: food.", null, null),
                new Option("c", "Easy {days}", true, "Yes = rest.", null, null),
                new Option(
                    "d",
                    "Three tools at once",
                    false,
                    "More ~ is not better.",
                    null,
                    "more-is-better")));
    Question trueFalse =
        new Question.Choice(
            "myth",
            ChoiceKind.TRUE_FALSE,
            "<p>A roller speeds up adaptation: true?</p>",
            1,
            List.of(
                new Option(
                    "true",
                    "True",
                    false,
                    "No: rolling changes feel #only.",
                    "basics-first#sleep",
                    "tools-speed-adaptation"),
                new Option(
                    "false",
                    "False",
                    true,
                    "Right {adaptation} comes from training.",
                    null,
                    null)));
    Question matching =
        new Question.Matching(
            "effects",
            "<p>Match each tool: effect.</p>",
            1,
            List.of(
                new Question.Pair(
                    "boots",
                    "Boots -> legs",
                    "Less heavy = lighter {legs}",
                    "Boots ease heaviness #1.",
                    "basics-first#sleep"),
                new Question.Pair(
                    "ball", "Ball: small", "Pressure ~ on one spot", "A ball is precise.", null)),
            List.of(
                new Option(
                    "faster",
                    "Faster adaptation: 100%",
                    false,
                    "No tool {speeds} it up.",
                    null,
                    "tools-speed-adaptation")));
    Question ranking =
        new Question.Ranking(
            "order",
            "<p>Order these.</p>",
            1,
            List.of(new Question.RankItem("sleep", "Sleep"), new Question.RankItem("roll", "Roll")),
            "Basics first.",
            null,
            "tools-replace-basics");
    Question branching =
        new Question.Branching(
            "story",
            "<p>A story.</p>",
            1,
            Question.BranchScoring.ENDING,
            false,
            "start",
            List.of(
                new Question.Step(
                    "start",
                    "Now?",
                    List.of(
                        new Question.BranchChoice(
                            "rest", "Rest", 1, "good", "Fine.", null, null)))),
            List.of(new Question.Ending("good", "Rested.", 1)));
    Quiz quiz =
        new Quiz(
            "special-week",
            "Week 3/4: a {special} quiz",
            "Every kind.",
            5,
            new QuizSettings(10, 0, GradingMethod.HIGHEST, FeedbackTiming.AT_END, false, 0),
            List.of("basics-first"),
            List.of(single, multiple, trueFalse, matching, ranking, branching),
            "quizzes/special-week.yaml");
    Quiz second =
        new Quiz(
            "plain",
            "Plain",
            "One question.",
            1,
            new QuizSettings(5, 0, GradingMethod.HIGHEST, FeedbackTiming.AT_END, false, 0),
            List.of(),
            List.of(
                new Question.Choice(
                    "only",
                    ChoiceKind.SINGLE,
                    "<p>Only?</p>",
                    1,
                    List.of(
                        new Option("yes", "Yes", true, "Yes.", null, null),
                        new Option("no", "No", false, "No.", null, "more-is-better")))),
            "quizzes/plain.yaml");
    return new ContentLibrary(
        List.of(basics),
        List.of(quiz, second),
        Map.of(
            "tools-replace-basics",
                new Misconception("tools-replace-basics", "Tools replace basics.", "basics-first"),
            "more-is-better",
                new Misconception("more-is-better", "More is better.", "basics-first"),
            "tools-speed-adaptation",
                new Misconception(
                    "tools-speed-adaptation", "Tools speed adaptation.", "basics-first")));
  }
}
