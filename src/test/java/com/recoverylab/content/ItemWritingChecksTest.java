package com.recoverylab.content;

import static com.recoverylab.content.ContentFixtures.withFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each item-writing check on a small bad quiz added to the valid fixture folder: the author sees
 * {@code file:line:column}, the check's name and what to change; a downgrade with a reason turns
 * the error into a warning and the content loads.
 */
class ItemWritingChecksTest {
  private static final String FILE = "quizzes/cues.yaml";

  /** A quiz whose questions start on line 8. */
  private static String quiz(String questions) {
    return """
        id: cues
        title: Cues
        summary: A quiz with test-wise cues.
        minutes: 2
        settings:
          points: 1
        questions:
        """
        + questions.stripIndent();
  }

  /** A single-choice question of 12 lines: key option at line +4, the wrong one at +8. */
  private static String single(String id, String key, String wrong, String extra) {
    return """
          - id: %s
            kind: single
            prompt: What comes first?
            options:
              - id: key
                text: %s
                correct: true
                feedback: The basics drive recovery.
              - id: wrong
                text: %s
                feedback: A tool cannot replace them.
                misconception: tools-replace-basics
        """
            .formatted(id, key, wrong)
        + extra;
  }

  private static List<String> problems(Path folder) {
    return ContentLoader.check(folder).problems().stream().map(ContentProblem::toString).toList();
  }

  private static List<String> warnings(Path folder) {
    return ContentLoader.check(folder).warnings().stream().map(ContentProblem::toString).toList();
  }

  @Test
  void the_key_as_the_longest_option_is_refused_at_the_key() {
    Path folder =
        withFile(
            FILE,
            quiz(
                single("first", "A full night of sleep and a proper dinner", "A massage gun", "")));
    assertEquals(
        List.of(
            "quizzes/cues.yaml:12:9: longest-option: the key key of question first is the longest option"
                + " (41 characters; the longest wrong option, wrong, has 13): test-wise students pick the longest; give the"
                + " wrong options the same length and detail"),
        problems(folder));
  }

  @Test
  void a_wrong_option_as_long_as_the_key_passes() {
    Path folder = withFile(FILE, quiz(single("first", "Sleep and dinner", "A roller session", "")));
    assertEquals(List.of(), problems(folder));
  }

  @Test
  void multiple_choice_is_refused_when_every_key_is_longer_than_every_wrong_option() {
    Path folder =
        withFile(
            FILE,
            quiz(
                """
          - id: heavy
            kind: multiple
            prompt: What eases heavy legs?
            options:
              - id: boots
                text: Recovery boots after the run
                correct: true
                feedback: Boots ease heaviness.
              - id: socks
                text: Compression socks on the way home
                correct: true
                feedback: Compression eases heaviness.
              - id: pills
                text: Sleeping less
                feedback: Less sleep is less recovery.
                misconception: tools-replace-basics
        """));
    assertEquals(
        List.of(
            "quizzes/cues.yaml:8:5: longest-option: every key of question heavy is longer than every wrong"
                + " option (shortest key 28 characters; longest wrong option, pills, 13): test-wise students pick the"
                + " longest; give the wrong options the same length and detail"),
        problems(folder));
  }

  @Test
  void absolute_words_only_in_wrong_options_are_refused() {
    Path folder =
        withFile(
            FILE,
            quiz(single("first", "Sleep and a proper dinner", "Always a massage gun first", "")));
    assertEquals(
        List.of(
            "quizzes/cues.yaml:16:9: absolute-words: absolute words only in wrong options of question"
                + " first: wrong (always): they mark the options to drop; word the wrong options as carefully as the right"
                + " one"),
        problems(folder));
  }

  @Test
  void absolute_words_in_the_key_as_well_are_no_cue() {
    Path folder =
        withFile(
            FILE,
            quiz(single("first", "Sleep, always before tools", "Always a massage gun first", "")));
    assertEquals(List.of(), problems(folder));
  }

  @Test
  void all_or_none_of_the_above_is_refused_wherever_an_option_is_written() {
    Path folder =
        withFile(
            FILE,
            quiz(single("first", "Sleep and a proper dinner", "None of the above, really", "")));
    assertEquals(
        List.of(
            "quizzes/cues.yaml:17:15: \"None of the above\" is not allowed: options are shuffled, and the"
                + " phrase rewards test-wiseness; write each option as an answer in its own right"),
        problems(folder));
  }

  @Test
  void a_pinned_key_is_refused() {
    Path folder =
        withFile(
            FILE,
            quiz(
                single("first", "Sleep and dinner", "A roller session", "")
                    .replace("correct: true\n", "correct: true\n        fixed: true\n")));
    assertEquals(
        List.of(
            "quizzes/cues.yaml:12:9: key-position: the key key of question first is fixed in place 1:"
                + " every attempt shows the answer in the same slot; let it be shuffled"),
        problems(folder));
  }

  @Test
  void keys_written_in_the_same_place_through_a_file_are_refused() {
    String questions =
        single("q1", "Sleep and dinner", "A roller session", "")
            + single("q2", "Sleep and dinner", "A roller session", "")
            + single("q3", "Sleep and dinner", "A roller session", "")
            + single("q4", "Sleep and dinner", "A roller session", "");
    assertEquals(
        List.of(
            "quizzes/cues.yaml:12:9: key-position: the key is written in place 1 in 4 of 4 questions and"
                + " steps of this file (more than 60 %): question q1, question q2, question q3, question q4; vary where the"
                + " key is written (or downgrade key-position with a reason on the questions that must keep it)"),
        problems(withFile(FILE, quiz(questions))));
  }

  /** The single-choice question with its wrong option written first. */
  private static String wrongFirst(String id) {
    String question = single(id, "Sleep and dinner", "A roller session", "");
    int key = question.indexOf("      - id: key");
    int wrong = question.indexOf("      - id: wrong");
    return question.substring(0, key) + question.substring(wrong) + question.substring(key, wrong);
  }

  @Test
  void keys_in_varied_places_pass() {
    String questions =
        single("q1", "Sleep and dinner", "A roller session", "")
            + wrongFirst("q2")
            + single("q3", "Sleep and dinner", "A roller session", "")
            + wrongFirst("q4");
    assertEquals(List.of(), problems(withFile(FILE, quiz(questions))));
  }

  @Test
  void
      a_wrong_option_without_a_misconception_or_with_agreeing_feedback_or_the_same_words_is_defensible() {
    Path folder =
        withFile(
            FILE,
            quiz(
                single("first", "Sleep and a proper dinner", "A proper dinner and sleep", "")
                    .replace(
                        "        feedback: A tool cannot replace them.\n        misconception: tools-replace-basics\n",
                        "        feedback: Right, that works as well.\n")));
    assertEquals(
        List.of(
            "quizzes/cues.yaml:16:9: defensible-distractor: the feedback of wrong option wrong of single-choice question"
                + " first agrees with it (\"Right, that works as well.\"): if it is right too, the question has two"
                + " answers",
            "quizzes/cues.yaml:16:9: defensible-distractor: wrong option wrong of single-choice question first names no"
                + " misconception: say which mistaken belief it catches, or it may be as defensible as the key",
            "quizzes/cues.yaml:16:9: defensible-distractor: wrong option wrong of single-choice question first says"
                + " nearly the same as the key key (100 % of their words shared): both are defensible; make the"
                + " difference a matter of substance"),
        problems(folder));
  }

  @Test
  void true_false_keys_leaning_one_way_across_the_course_are_refused() {
    // the fixture's back-to-back has one myth keyed false; three more make 4 of 4
    StringBuilder questions = new StringBuilder();
    for (int i = 1; i <= 3; i++) {
      questions.append(
          """
            - id: myth%d
              kind: true-false
              prompt: A roller makes you adapt faster.
              options:
                - id: "true"
                  text: "True"
                  feedback: No tool speeds up adaptation.
                  misconception: tools-speed-adaptation
                - id: "false"
                  text: "False"
                  correct: true
                  feedback: Adaptation comes from training and rest.
          """
              .formatted(i));
    }
    List<String> found = problems(withFile(FILE, quiz(questions.toString())));
    assertEquals(
        List.of(
            "quizzes/back-to-back.yaml:53:9: true-false-balance: 4 of the course's 4 true/false questions"
                + " are keyed false (more than 60 %): students learn to answer false; write some statements that are true"
                + " (keyed false: quizzes/back-to-back.yaml:53, quizzes/cues.yaml:16, quizzes/cues.yaml:28,"
                + " quizzes/cues.yaml:40)"),
        found);
  }

  @Test
  void a_downgrade_with_a_reason_turns_the_error_into_a_warning_and_the_content_loads() {
    String question =
        single(
            "first",
            "A full night of sleep and a proper dinner",
            "A massage gun",
            "    checks:\n      longest-option: \"the key names two habits; a shorter key would be vague\"\n");
    Path folder = withFile(FILE, quiz(question));
    assertEquals(List.of(), problems(folder));
    assertEquals(
        List.of(
            "quizzes/cues.yaml:12:9: warning, longest-option downgraded (the key names two habits; a"
                + " shorter key would be vague): the key key of question first is the longest option (41 characters; the"
                + " longest wrong option, wrong, has 13): test-wise students pick the longest; give the wrong options the"
                + " same length and detail"),
        warnings(folder));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        ContentCheck.run(
            new String[] {folder.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertEquals(0, code);
    assertTrue(
        out.toString(StandardCharsets.UTF_8)
            .contains("quizzes/cues.yaml:12:9: warning, longest-option downgraded"));
  }

  @Test
  void a_downgrade_needs_a_reason_a_known_check_and_not_the_course_wide_one() {
    String question =
        single(
            "first",
            "Sleep and dinner",
            "A roller session",
            "    checks:\n      longest-option: \"\"\n      shortest-option: \"why\"\n      true-false-balance: \"why\"\n");
    assertEquals(
        List.of(
            "quizzes/cues.yaml:21:23: downgrading check longest-option needs a reason: say why the question is sound as"
                + " written, got \"\"",
            "quizzes/cues.yaml:22:7: unknown check shortest-option (checks that can be downgraded: longest-option,"
                + " key-position, absolute-words, defensible-distractor)",
            "quizzes/cues.yaml:23:7: check true-false-balance looks across the whole course and cannot be downgraded"
                + " for one question; balance the true/false keys instead"),
        problems(withFile(FILE, quiz(question))));
  }

  @Test
  void a_downgrade_the_question_does_not_need_or_that_does_not_apply_to_its_kind_is_refused() {
    String passing =
        single(
            "first",
            "Sleep and dinner",
            "A roller session",
            "    checks:\n      absolute-words: \"the wording is the point\"\n");
    assertEquals(
        List.of(
            "quizzes/cues.yaml:21:7: check absolute-words is downgraded, but question first passes it:"
                + " remove the downgrade"),
        problems(withFile(FILE, quiz(passing))));
    String scenario =
        SCENARIO
            .replace("points: 2", "points: 0")
            .replace(
                "  start: noon\n", "  start: noon\n    checks:\n      longest-option: \"why\"\n");
    assertEquals(
        List.of(
            "quizzes/cues.yaml:13:7: check longest-option does not look at branching questions, so"
                + " question story has nothing to downgrade (checks for it: key-position, absolute-words)"),
        problems(withFile(FILE, quiz(scenario))));
  }

  @Test
  void a_key_position_downgrade_takes_its_question_out_of_the_files_pattern() {
    String reason = "    checks:\n      key-position: \"the options follow the order of a week\"\n";
    String questions =
        single("q1", "Sleep and dinner", "A roller session", reason)
            + single("q2", "Sleep and dinner", "A roller session", "")
            + single("q3", "Sleep and dinner", "A roller session", "")
            + single("q4", "Sleep and dinner", "A roller session", "")
            + single("q5", "Sleep and dinner", "A roller session", "");
    assertEquals(
        List.of(
            "quizzes/cues.yaml:26:9: key-position: the key is written in place 1 in 4 of 4 questions and"
                + " steps of this file (more than 60 %): question q2, question q3, question q4, question q5; vary where the"
                + " key is written (or downgrade key-position with a reason on the questions that must keep it)"),
        problems(withFile(FILE, quiz(questions))));
  }

  /** A path-sum scenario: "rush" earns more points but ends worse than "rest". */
  private static final String SCENARIO =
      """
        - id: story
          kind: branching
          prompt: Two runs in one day.
          start: noon
          steps:
            - id: noon
              text: The first run is done.
              choices:
                - id: rest
                  text: Lunch and a nap
                  points: 1
                  next: fresh
                  feedback: The basics come first.
                - id: rush
                  text: A massage gun in place of lunch
                  points: 2
                  next: flat
                  feedback: A tool cannot replace food.
                  misconception: tools-replace-basics
          endings:
            - id: fresh
              text: The second run feels easy.
              score: 1
              debrief: Lunch and a nap refilled her; the nap was the choice that mattered.
              link: why-tools#foundations-first
            - id: flat
              text: The second run feels flat.
              score: 0.2
              debrief: The gun took the place of lunch, and nothing replaces food.
      """;

  @Test
  void a_path_to_a_worse_ending_that_scores_more_is_refused_naming_both_paths() {
    assertEquals(
        List.of(
            "quizzes/cues.yaml:8:5: branching story: path noon/rush -> flat (2 points, ending score 0.2)"
                + " ends worse than path noon/rest -> fresh (1 point, ending score 1) but scores more; with path-sum scoring"
                + " the points must agree with the endings' scores (1 such pair of paths)"),
        problems(withFile(FILE, quiz(SCENARIO))));
  }

  @Test
  void points_that_agree_with_the_endings_pass() {
    Path folder = withFile(FILE, quiz(SCENARIO.replace("points: 2", "points: 0")));
    assertEquals(List.of(), problems(folder));
  }

  @Test
  void every_ending_needs_a_score_and_a_debrief_in_both_scoring_modes() {
    String scenario =
        SCENARIO
            .replace("points: 2", "points: 0")
            .replaceAll("(?m)^ +(score: 0\\.2|debrief: The gun.*)\n", "");
    assertEquals(
        List.of(
            "quizzes/cues.yaml:33:9: ending is missing debrief",
            "quizzes/cues.yaml:33:9: ending is missing score"),
        problems(withFile(FILE, quiz(scenario))));
  }

  /** A ranking whose items carry the given tiers (one per item, or null for none). */
  private static String ranking(Integer... tiers) {
    StringBuilder text =
        new StringBuilder(
            """
          - id: order
            kind: ranking
            prompt: Most important first.
            feedback: Foundations first.
            misconception: tools-replace-basics
            items:
        """);
    String[] ids = {"sleep", "food", "roller"};
    for (int i = 0; i < tiers.length; i++) {
      text.append("      - id: ")
          .append(ids[i])
          .append("\n        text: ")
          .append(ids[i])
          .append('\n');
      if (tiers[i] != null) {
        text.append("        tier: ").append(tiers[i]).append('\n');
      }
    }
    return text.toString();
  }

  @Test
  void ranking_tiers_load_when_every_item_has_one_in_order() throws Exception {
    Path folder = withFile(FILE, quiz(ranking(1, 1, 2)));
    assertEquals(List.of(), problems(folder));
    Question.Ranking ranking =
        (Question.Ranking) ContentLoader.load(folder).quiz("cues").orElseThrow().questions().get(0);
    assertEquals(List.of(1, 1, 2), ranking.items().stream().map(Question.RankItem::tier).toList());
  }

  @Test
  void ranking_tiers_must_be_given_for_all_items_in_order_and_differ() {
    assertEquals(
        List.of(
            "quizzes/cues.yaml:14:7: tier is given for 2 of 3 items: give every item a tier, or none"
                + " (then the list order is the ranking)"),
        problems(withFile(FILE, quiz(ranking(1, 1, null)))));
    assertEquals(
        List.of(
            "quizzes/cues.yaml:22:15: tier 1 comes after tier 2: list the items in the right order, first"
                + " tier first"),
        problems(withFile(FILE, quiz(ranking(1, 2, 1)))));
    assertEquals(
        List.of(
            "quizzes/cues.yaml:14:7: every item has tier 1: nothing is left to rank; give the items at"
                + " least two different tiers"),
        problems(withFile(FILE, quiz(ranking(1, 1, 1)))));
  }
}
