package com.recoverylab.quiz;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.FeedbackTiming;
import com.recoverylab.content.GradingMethod;
import com.recoverylab.content.Lesson;
import com.recoverylab.content.Misconception;
import com.recoverylab.content.Question;
import com.recoverylab.content.Question.BranchChoice;
import com.recoverylab.content.Question.BranchScoring;
import com.recoverylab.content.Question.Branching;
import com.recoverylab.content.Question.Choice;
import com.recoverylab.content.Question.ChoiceKind;
import com.recoverylab.content.Question.Ending;
import com.recoverylab.content.Question.Matching;
import com.recoverylab.content.Question.Option;
import com.recoverylab.content.Question.Pair;
import com.recoverylab.content.Question.RankItem;
import com.recoverylab.content.Question.Ranking;
import com.recoverylab.content.Question.Step;
import com.recoverylab.content.Quiz;
import com.recoverylab.content.QuizSettings;
import java.util.List;
import java.util.Map;

/** Content built in Java for quiz tests: one question of each kind, and quizzes around them. */
final class QuizFixtures {
  private QuizFixtures() {}

  static final String LESSON = "the-tools";

  static Choice single() {
    return new Choice(
        "first-step",
        ChoiceKind.SINGLE,
        "<p>Sam ran intervals this morning. What comes first?</p>",
        1,
        List.of(
            new Option(
                "sleep",
                "A full night of sleep and a proper dinner",
                true,
                "FB-SLEEP basics drive recovery",
                LESSON + "#sleep-first",
                null),
            new Option(
                "gun",
                "Twenty minutes with a massage gun instead of dinner",
                false,
                "FB-GUN a gun cannot replace food",
                LESSON + "#sleep-first",
                "tools-replace-basics")));
  }

  static Choice multiple() {
    return new Choice(
        "heavy-legs",
        ChoiceKind.MULTIPLE,
        "<p>Which can ease heavy legs when recovery time is short?</p>",
        2,
        List.of(
            new Option(
                "boots",
                "Recovery boots",
                true,
                "FB-BOOTS boots ease heaviness",
                LESSON + "#boots",
                null),
            new Option(
                "compression",
                "Compression",
                true,
                "FB-COMPRESSION eases heaviness",
                LESSON + "#boots",
                null),
            new Option(
                "more-tools",
                "Buying every tool at once",
                false,
                "FB-MORE more is not better",
                LESSON,
                "more-is-better")));
  }

  static Choice trueFalse() {
    return new Choice(
        "myth",
        ChoiceKind.TRUE_FALSE,
        "<p>A foam roller speeds up adaptation.</p>",
        1,
        List.of(
            new Option(
                "true",
                "True",
                false,
                "FB-TRUE no tool speeds adaptation",
                LESSON,
                "tools-speed-adaptation"),
            new Option(
                "false", "False", true, "FB-FALSE tools change how you feel", LESSON, null)));
  }

  static Ranking ranking() {
    return new Ranking(
        "priorities",
        "<p>Put these in order, most important first.</p>",
        1,
        List.of(
            new RankItem("sleep", "Sleep"),
            new RankItem("fuel", "Eating enough"),
            new RankItem("roller", "Ten minutes on a foam roller")),
        "FB-RANKING foundations first",
        LESSON + "#sleep-first",
        "tools-replace-basics");
  }

  static Matching matching() {
    return new Matching(
        "tool-effects",
        "<p>Match each tool with what it is good for.</p>",
        1,
        List.of(
            new Pair(
                "boots",
                "Recovery boots",
                "Less heavy legs",
                "FB-PAIR-BOOTS boots ease heaviness",
                LESSON + "#boots"),
            new Pair(
                "ball",
                "Massage ball",
                "Pressure on a small tight spot",
                "FB-PAIR-BALL precise pressure",
                LESSON)),
        List.of(
            new Option(
                "faster",
                "Makes you adapt faster",
                false,
                "FB-DISTRACTOR no tool speeds adaptation",
                LESSON,
                "tools-speed-adaptation")));
  }

  static Branching branching(BranchScoring scoring) {
    return new Branching(
        "race-week",
        "<p>Lena flies six hours to a half marathon.</p>",
        1,
        scoring,
        true,
        "on-the-plane",
        List.of(
            new Step(
                "on-the-plane",
                "STEP-PLANE a window seat for six hours.",
                List.of(
                    new BranchChoice(
                        "move",
                        "Compression socks and a walk every hour",
                        2,
                        "hotel",
                        "FB-MOVE movement eases stiffness",
                        LESSON,
                        null),
                    new BranchChoice(
                        "sit",
                        "Sit still the whole way",
                        0,
                        "stiff-ending",
                        "FB-SIT sitting still brings stiffness",
                        LESSON,
                        "no-context"))),
            new Step(
                "hotel",
                "STEP-HOTEL the evening before the race.",
                List.of(
                    new BranchChoice(
                        "sleep",
                        "Early night",
                        3,
                        "good-ending",
                        "FB-EARLY sleep first",
                        LESSON,
                        null),
                    new BranchChoice(
                        "gadgets",
                        "Try every gadget in the expo",
                        1,
                        "ok-ending",
                        "FB-GADGETS more is not better",
                        LESSON,
                        "more-is-better")))),
        List.of(
            new Ending(
                "good-ending",
                "ENDING-GOOD Lena starts fresh.",
                1,
                "DEBRIEF-GOOD the early night did it",
                null),
            new Ending(
                "ok-ending",
                "ENDING-OK Lena starts a bit flat.",
                0.6,
                "DEBRIEF-OK the gadgets took the time the early night needed",
                LESSON + "#sleep-first"),
            new Ending(
                "stiff-ending",
                "ENDING-STIFF Lena arrives stiff.",
                0.2,
                "DEBRIEF-STIFF sitting still",
                null)));
  }

  static QuizSettings settings(int attempts, FeedbackTiming feedback, boolean shuffle) {
    return new QuizSettings(10, attempts, GradingMethod.HIGHEST, feedback, shuffle, 0);
  }

  /** Five questions, one of each non-branching kind; 10 points, 2 attempts, feedback at the end. */
  static Quiz backToBack() {
    return new Quiz(
        "back-to-back",
        "Two runs, one short night",
        "A runner with back-to-back sessions.",
        6,
        settings(2, FeedbackTiming.AT_END, true),
        List.of(LESSON),
        List.of(single(), multiple(), trueFalse(), ranking(), matching()),
        "quizzes/back-to-back.yaml");
  }

  static Quiz afterEach() {
    return new Quiz(
        "after-each",
        "Feedback as you go",
        "The same questions with feedback after each.",
        6,
        settings(0, FeedbackTiming.AFTER_EACH, false),
        List.of(LESSON),
        List.of(single(), multiple(), trueFalse(), ranking(), matching()),
        "quizzes/after-each.yaml");
  }

  static Quiz raceWeek() {
    return new Quiz(
        "race-week",
        "Race week travel",
        "A scenario with choices.",
        4,
        settings(0, FeedbackTiming.AT_END, false),
        List.of(LESSON),
        List.of(branching(BranchScoring.PATH_SUM)),
        "quizzes/race-week.yaml");
  }

  static Lesson lesson() {
    return new Lesson(
        LESSON,
        "The tools",
        1,
        "What each tool does.",
        5,
        List.of("back-to-back"),
        "<p>Tools</p>",
        List.of(
            new Lesson.Heading("sleep-first", "Sleep comes first", 2),
            new Lesson.Heading("boots", "Boots", 2)),
        "lessons/the-tools.md");
  }

  static ContentLibrary library() {
    return new ContentLibrary(
        List.of(lesson()),
        List.of(backToBack(), afterEach(), raceWeek()),
        Map.of(
            "tools-replace-basics",
                new Misconception("tools-replace-basics", "Tools stand in for basics", LESSON),
            "more-is-better",
                new Misconception("more-is-better", "More tools, more recovery", LESSON),
            "tools-speed-adaptation",
                new Misconception("tools-speed-adaptation", "Tools speed adaptation", LESSON),
            "no-context", new Misconception("no-context", "Ignores context", LESSON)));
  }

  /**
   * Every feedback text in the fixtures: none may appear on a page before its question is answered.
   */
  static List<String> feedbackMarkers(Question question) {
    if (question instanceof Choice c) {
      return c.options().stream().map(Option::feedback).toList();
    }
    if (question instanceof Ranking r) {
      return List.of(r.feedback());
    }
    if (question instanceof Matching m) {
      List<String> all = new java.util.ArrayList<>(m.pairs().stream().map(Pair::feedback).toList());
      m.distractors().forEach(d -> all.add(d.feedback()));
      return all;
    }
    Branching b = (Branching) question;
    return b.steps().stream()
        .flatMap(s -> s.choices().stream())
        .map(BranchChoice::feedback)
        .toList();
  }
}
