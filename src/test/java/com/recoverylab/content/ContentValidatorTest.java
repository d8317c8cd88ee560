package com.recoverylab.content;

import static com.recoverylab.content.ContentFixtures.edit;
import static com.recoverylab.content.ContentFixtures.edited;
import static com.recoverylab.content.ContentFixtures.withFile;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One test per kind of problem: a copy of the valid fixture folder with one thing changed (line
 * numbers stay those of the fixture files), and the exact lines an author sees.
 */
class ContentValidatorTest {
  private static final String B2B = "quizzes/back-to-back.yaml";
  private static final String RACE = "quizzes/race-week.yaml";
  private static final String LIMITS = "lessons/limits.md";

  private static List<String> problems(Path folder) {
    return ContentLoader.check(folder).problems().stream().map(ContentProblem::toString).toList();
  }

  @Test
  void yaml_syntax_error_names_line_and_column() {
    assertEquals(
        List.of(
            "quizzes/back-to-back.yaml:2:11: YAML syntax error: mapping values are not allowed here"),
        problems(edited(B2B, "title: Two runs,", "title: Two: runs,")));
  }

  @Test
  void unclosed_quote_points_at_where_it_starts() {
    assertEquals(
        List.of(
            "quizzes/race-week.yaml:3:10: YAML syntax error: found unexpected end of stream"
                + " (while scanning a quoted scalar)"),
        problems(edited(RACE, "summary: Lena flies", "summary: \"Lena flies")));
  }

  @Test
  void lesson_without_front_matter_is_refused() {
    assertEquals(
        List.of(
            "lessons/extra.md:1:1: a lesson starts with front matter: a line ---, the fields"
                + " (id, title, order, summary, minutes), and a line ---"),
        problems(withFile("lessons/extra.md", "# Just text\n")));
  }

  @Test
  void unclosed_front_matter_is_refused() {
    assertEquals(
        List.of(
            "lessons/extra.md:1:1: front matter is not closed: add a line --- after its last field"),
        problems(withFile("lessons/extra.md", "---\nid: extra\ntitle: Extra\n\nText.\n")));
  }

  @Test
  void front_matter_syntax_error_counts_lines_from_the_top_of_the_file() {
    assertEquals(
        List.of(
            "lessons/limits.md:4:1: YAML syntax error: could not find expected ':'"
                + " (while scanning a simple key)"),
        problems(edited(LIMITS, "order: 3", "order 3")));
  }

  @Test
  void lesson_without_text_is_refused() {
    assertEquals(
        List.of("lessons/extra.md:8:1: lesson has no text below the front matter"),
        problems(
            withFile(
                "lessons/extra.md",
                "---\nid: extra\ntitle: Extra\norder: 4\nsummary: More.\nminutes: 2\n---\n")));
  }

  @Test
  void unknown_fields_are_errors() {
    Path folder = edited(LIMITS, "id: limits\n", "id: limits\ncolour: red\n");
    edit(
        folder,
        B2B,
        "        text: Twenty minutes with a massage gun instead of dinner\n",
        "        hint: none\n");
    assertEquals(
        List.of(
            "lessons/limits.md:3:1: unknown field colour in lesson front matter"
                + " (allowed: id, title, order, summary, minutes, quizzes)",
            "quizzes/back-to-back.yaml:23:9: option is missing text",
            "quizzes/back-to-back.yaml:24:9: unknown field hint in option"
                + " (allowed: id, text, correct, feedback, link, misconception, fixed)"),
        problems(folder));
  }

  @Test
  void missing_required_fields_are_named() {
    Path folder = edited(LIMITS, "minutes: 3\n", "# minutes: 3\n");
    edit(folder, B2B, "title: Two runs, one short night\n", "# no title\n");
    edit(folder, B2B, "    prompt: Sam ran intervals", "    # prompt: Sam ran intervals");
    assertEquals(
        List.of(
            "lessons/limits.md:2:1: lesson front matter is missing minutes",
            "quizzes/back-to-back.yaml:1:1: quiz is missing title",
            "quizzes/back-to-back.yaml:14:5: question is missing prompt"),
        problems(folder));
  }

  @Test
  void values_of_the_wrong_type_are_named_with_what_was_written() {
    Path folder = edited(LIMITS, "order: 3", "order: soon");
    edit(folder, B2B, "points: 10", "points: ten");
    edit(folder, B2B, "grading: highest", "grading: best");
    edit(folder, B2B, "shuffle: true", "shuffle: maybe");
    edit(folder, B2B, "kind: single", "kind: essay");
    assertEquals(
        List.of(
            "lessons/limits.md:4:8: order must be a whole number, got \"soon\"",
            "quizzes/back-to-back.yaml:7:11: points must be a number, got \"ten\"",
            "quizzes/back-to-back.yaml:9:12: grading must be one of highest, last, average, first, got best",
            "quizzes/back-to-back.yaml:11:12: shuffle must be true or false, got \"maybe\"",
            "quizzes/back-to-back.yaml:15:11: kind must be one of single, multiple, true-false, ranking, matching,"
                + " branching, got essay"),
        problems(folder));
  }

  @Test
  void duplicate_lesson_ids_orders_and_quiz_ids_are_refused() throws Exception {
    Path folder =
        withFile(
            "lessons/extra.md",
            "---\nid: limits\ntitle: Extra\norder: 3\nsummary: More.\nminutes: 2\n---\n\nText.\n");
    ContentFixtures.write(
        folder, "quizzes/copy.yaml", java.nio.file.Files.readString(folder.resolve(RACE)));
    assertEquals(
        List.of(
            "lessons/extra.md:2:5: duplicate lesson id limits (first at lessons/limits.md:2)",
            "lessons/extra.md:2:5: id limits does not match the file name (expected extra)",
            "lessons/extra.md:4:8: duplicate lesson order 3 (first at lessons/limits.md:4)",
            "quizzes/copy.yaml:1:5: duplicate quiz id race-week (first at quizzes/race-week.yaml:1)",
            "quizzes/copy.yaml:1:5: id race-week does not match the file name (expected copy)"),
        problems(folder));
  }

  @Test
  void duplicate_ids_inside_a_quiz_are_refused() {
    Path folder = edited(B2B, "  - id: what-helps", "  - id: first-step");
    edit(folder, B2B, "      - id: gun", "      - id: sleep");
    edit(folder, B2B, "      - id: fuel", "      - id: sleep");
    edit(folder, B2B, "      - id: faster", "      - id: boots");
    edit(folder, RACE, "          - id: rethink", "          - id: boots");
    assertEquals(
        List.of(
            "quizzes/back-to-back.yaml:23:13: duplicate option id sleep (first at line 18)",
            "quizzes/back-to-back.yaml:28:9: duplicate question id first-step (first at line 14)",
            "quizzes/back-to-back.yaml:63:13: duplicate item id sleep (first at line 61)",
            "quizzes/back-to-back.yaml:85:13: duplicate pair or distractor id boots (first at line 74)",
            "quizzes/race-week.yaml:40:17: duplicate choice id boots (first at line 35)"),
        problems(folder));
  }

  @Test
  void steps_and_endings_share_one_id_space() {
    assertEquals(
        List.of(
            "quizzes/race-week.yaml:30:19: next stiff is not a step or ending of question trip",
            "quizzes/race-week.yaml:48:19: next stiff is not a step or ending of question trip",
            "quizzes/race-week.yaml:65:13: duplicate step or ending id hotel (first at line 32)"),
        problems(edited(RACE, "      - id: stiff", "      - id: hotel")));
  }

  @Test
  void id_must_match_the_file_name_and_use_lower_case_words() {
    Path folder =
        withFile(
            "lessons/extra.md",
            "---\nid: other\ntitle: Extra\norder: 4\nsummary: More.\nminutes: 2\n---\n\nText.\n");
    ContentFixtures.write(
        folder,
        "lessons/more.md",
        "---\nid: More_1\ntitle: More\norder: 5\nsummary: More.\nminutes: 2\n---\n\nText.\n");
    assertEquals(
        List.of(
            "lessons/extra.md:2:5: id other does not match the file name (expected extra)",
            "lessons/more.md:2:5: id More_1 must use lower-case letters, digits and hyphens"),
        problems(folder));
  }

  @Test
  void choice_questions_need_the_right_number_of_correct_options() {
    Path folder =
        edited(
            B2B,
            "        correct: true\n        feedback: The basics",
            "        # correct\n        feedback: The basics");
    edit(
        folder,
        B2B,
        "        correct: true\n        feedback: Boots ease",
        "        # correct\n        feedback: Boots ease");
    edit(
        folder,
        B2B,
        "        correct: true\n        feedback: Right,",
        "        correct: false\n        feedback: Right,");
    assertEquals(
        List.of(
            "quizzes/back-to-back.yaml:18:7: single question needs exactly 1 correct option, got 0",
            "quizzes/back-to-back.yaml:33:7: multiple question needs at least 2 correct options (use single for one), got 1",
            "quizzes/back-to-back.yaml:49:7: true-false question needs exactly 1 correct option, got 0"),
        problems(folder));
  }

  @Test
  void true_false_options_must_be_true_and_false() {
    assertEquals(
        List.of(
            "quizzes/back-to-back.yaml:49:7: true-false options must have the ids true and false,"
                + " got yes, false"),
        problems(edited(B2B, "- id: \"true\"", "- id: \"yes\"")));
  }

  @Test
  void scores_and_settings_out_of_range_are_refused() {
    Path folder = edited(RACE, "score: 0.25", "score: 1.5");
    edit(folder, RACE, "points: 5", "points: 0");
    edit(
        folder,
        RACE,
        "            points: 1\n            next: stiff\n            feedback: Sitting",
        "            points: -1\n            next: stiff\n            feedback: Sitting");
    edit(folder, B2B, "attempts: 3", "attempts: -1");
    edit(folder, B2B, "draw: 0", "draw: 9");
    edit(folder, B2B, "weight: 2", "weight: 0");
    edit(folder, LIMITS, "minutes: 3", "minutes: 20");
    assertEquals(
        List.of(
            "lessons/limits.md:6:10: minutes must be from 1 to 15, got 20",
            "quizzes/back-to-back.yaml:8:13: attempts must be 0 (unlimited) or more, got -1",
            "quizzes/back-to-back.yaml:12:9: draw 9 is more than the 5 questions in the quiz",
            "quizzes/back-to-back.yaml:31:13: weight must be more than 0, got 0",
            "quizzes/race-week.yaml:7:11: points must be more than 0, got 0",
            "quizzes/race-week.yaml:29:21: points must be 0 or more, got -1",
            "quizzes/race-week.yaml:99:16: score must be from 0 to 1, got 1.5"),
        problems(folder));
  }

  @Test
  void branch_targets_and_start_must_exist() {
    Path folder =
        edited(
            RACE,
            "next: good\n            feedback: Boots",
            "next: great\n            feedback: Boots");
    edit(folder, RACE, "start: wake", "start: fine");
    assertEquals(
        List.of(
            "quizzes/race-week.yaml:38:19: next great is not a step or ending of question trip",
            "quizzes/race-week.yaml:78:12: start fine is an ending; start must name a step"),
        problems(folder));
  }

  @Test
  void unreachable_steps_and_endings_are_reported() {
    Path folder = edited(RACE, "next: lobby", "next: stiff");
    edit(folder, RACE, "next: hungry", "next: fine");
    assertEquals(
        List.of(
            "quizzes/race-week.yaml:51:13: step lobby cannot be reached from start plane",
            "quizzes/race-week.yaml:97:13: ending hungry cannot be reached from start wake"),
        problems(folder));
  }

  @Test
  void a_step_without_choices_is_a_dead_end() {
    Path folder =
        edited(
            RACE,
            """
                choices:
                  - id: back
        """,
            """
                choices: []
                other:
                  - id: back
        """);
    assertEquals(
        List.of(
            "quizzes/race-week.yaml:51:13: step lobby is a dead end: it has no choices (lead on with choices, or make it an ending)",
            "quizzes/race-week.yaml:54:9: unknown field other in step (allowed: id, text, choices)"),
        problems(folder));
  }

  @Test
  void a_loop_without_a_way_to_an_ending_is_reported() {
    Path folder =
        edited(
            RACE,
            "next: hotel\n            feedback: Back",
            "next: lobby\n            feedback: Back");
    edit(folder, RACE, "points: 2\n            next: good", "points: 0\n            next: lobby");
    assertEquals(
        List.of(
            "quizzes/race-week.yaml:51:13: step lobby never reaches an ending: every path from it loops or stops"),
        problems(folder));
  }

  @Test
  void a_loop_that_earns_points_is_refused_under_path_sum_scoring() {
    assertEquals(
        List.of(
            "quizzes/race-week.yaml:54:13: choice back of step lobby is on a loop and earns points every"
                + " time round; with path-sum scoring, choices on loops must have 0 points"),
        problems(
            edited(
                RACE, "points: 0\n            next: hotel", "points: 1\n            next: hotel")));
  }

  @Test
  void options_choices_pairs_and_distractors_need_feedback() {
    Path folder =
        edited(
            B2B,
            "        feedback: A massage gun cannot",
            "        # feedback: A massage gun cannot");
    edit(folder, B2B, "    feedback: Foundations first;", "    # feedback: Foundations first;");
    edit(folder, B2B, "        feedback: Rolling eases stiffness.", "        # none");
    edit(
        folder,
        B2B,
        "        feedback: No tool speeds up adaptation.\n        link: limits",
        "        # none\n        link: limits");
    edit(folder, RACE, "        feedback: Sitting still", "        # feedback: Sitting still");
    assertEquals(
        List.of(
            "quizzes/back-to-back.yaml:23:9: option is missing feedback",
            "quizzes/back-to-back.yaml:57:5: question is missing feedback",
            "quizzes/back-to-back.yaml:79:9: pair is missing feedback",
            "quizzes/back-to-back.yaml:85:9: distractor is missing feedback",
            "quizzes/race-week.yaml:27:13: choice is missing feedback"),
        problems(folder));
  }

  @Test
  void links_to_missing_lessons_or_sections_are_reported() {
    Path folder =
        edited(
            B2B,
            "link: why-tools#foundations-first\n      - id: gun",
            "link: why-tools#nowhere\n      - id: gun");
    edit(
        folder,
        "quizzes/_misconceptions.yaml",
        "link: why-tools#foundations-first",
        "link: gone#x");
    edit(folder, "lessons/the-tools.md", "(why-tools#foundations-first)", "(why-tools#basics)");
    edit(
        folder, "lessons/limits.md", "not from gadgets.", "not from [gadgets](images/gadget.png).");
    assertEquals(
        List.of(
            "lessons/limits.md:11:51: link images/gadget.png must name a lesson section as lesson-id#anchor"
                + " (or a web address with https://)",
            "lessons/the-tools.md:9:23: link why-tools#basics names section #basics, which lesson why-tools does"
                + " not have (its sections: foundations-first, what-a-foam-roller-cant-do)",
            "quizzes/_misconceptions.yaml:3:9: link gone#x names lesson gone, which does not exist",
            "quizzes/back-to-back.yaml:22:15: link why-tools#nowhere names section #nowhere, which lesson why-tools"
                + " does not have (its sections: foundations-first, what-a-foam-roller-cant-do)"),
        problems(folder));
  }

  @Test
  void misconception_tags_must_be_declared() {
    assertEquals(
        List.of(
            "quizzes/back-to-back.yaml:27:24: misconception tools-are-magic is not declared in"
                + " quizzes/_misconceptions.yaml"),
        problems(
            edited(
                B2B,
                "link: why-tools#foundations-first\n        misconception: tools-replace-basics",
                "link: why-tools#foundations-first\n        misconception: tools-are-magic")));
  }

  @Test
  void lessons_and_quizzes_must_name_each_other_correctly() {
    Path folder =
        edited(
            "lessons/why-tools.md",
            "quizzes: [back-to-back]",
            "quizzes: [back-to-back, cold-plunge]");
    edit(folder, RACE, "lessons: [the-tools]", "lessons: [the-tools, sleep]");
    assertEquals(
        List.of(
            "lessons/why-tools.md:7:25: quiz cold-plunge does not exist (no quizzes/cold-plunge.yaml)",
            "quizzes/race-week.yaml:5:22: lesson sleep does not exist (no lessons/sleep.md)"),
        problems(folder));
  }
}
