package com.recoverylab.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A folder with many problems reports all of them at once, and ContentCheck says so with its exit
 * code.
 */
class ContentReportTest {
  static final List<String> BROKEN_PROBLEMS =
      List.of(
          "lessons/intro.md:6:10: minutes must be from 1 to 15, got 30",
          "lessons/intro.md:7:1: unknown field author in lesson front matter"
              + " (allowed: id, title, order, summary, minutes, quizzes)",
          "lessons/intro.md:8:21: quiz cold-plunge does not exist (no quizzes/cold-plunge.yaml)",
          "lessons/intro.md:13:39: link basics names lesson basics, which does not exist",
          "lessons/second.md:1:1: front matter is not closed: add a line --- after its last field",
          "quizzes/_misconceptions.yaml:3:9: link intro#nope names section #nope, which lesson intro does not have"
              + " (its sections: where-tools-fit)",
          "quizzes/scenario.yaml:1:1: quiz is missing summary",
          "quizzes/scenario.yaml:1:5: id scenario-1 does not match the file name (expected scenario)",
          "quizzes/scenario.yaml:4:18: lesson outro does not exist (no lessons/outro.md)",
          "quizzes/scenario.yaml:7:12: grading must be one of highest, last, average, first, got best",
          "quizzes/scenario.yaml:13:7: single question needs exactly 1 correct option, got 0",
          "quizzes/scenario.yaml:16:9: option is missing feedback",
          "quizzes/scenario.yaml:18:24: misconception magic is not declared in quizzes/_misconceptions.yaml",
          "quizzes/scenario.yaml:24:13: step one never reaches an ending: every path from it loops or stops",
          "quizzes/scenario.yaml:35:19: next nowhere is not a step or ending of question story",
          "quizzes/scenario.yaml:37:13: step two is a dead end: it has no choices (lead on with choices, or make it an ending)",
          "quizzes/scenario.yaml:39:13: step island cannot be reached from start one",
          "quizzes/scenario.yaml:48:9: ending is missing debrief",
          "quizzes/scenario.yaml:48:9: ending is missing score",
          "quizzes/scenario.yaml:48:13: ending end cannot be reached from start one",
          "quizzes/syntax.yaml:2:8: YAML syntax error: expected ',' or ']', but got : (while parsing a flow sequence)");

  @Test
  void every_problem_in_the_folder_is_reported_at_once_in_file_order() {
    ContentException e =
        assertThrows(ContentException.class, () -> ContentLoader.load(ContentFixtures.BROKEN));
    assertEquals(BROKEN_PROBLEMS, e.problems().stream().map(ContentProblem::toString).toList());
    List<String> lines = e.getMessage().lines().toList();
    assertEquals(
        "Content in " + ContentFixtures.BROKEN.toAbsolutePath() + " has 21 problems:",
        lines.get(0));
    assertEquals(BROKEN_PROBLEMS, lines.subList(1, lines.size()));
  }

  @Test
  void content_check_exits_1_and_prints_every_problem_for_a_broken_folder() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        ContentCheck.run(
            new String[] {ContentFixtures.BROKEN.toString()},
            print(out),
            print(new ByteArrayOutputStream()));
    assertEquals(1, code);
    String text = out.toString(StandardCharsets.UTF_8);
    BROKEN_PROBLEMS.forEach(line -> assertTrue(text.contains(line + "\n"), line));
  }

  @Test
  void content_check_exits_0_and_prints_branching_best_and_worst_for_a_valid_folder() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        ContentCheck.run(
            new String[] {ContentFixtures.VALID.toString()},
            print(out),
            print(new ByteArrayOutputStream()));
    assertEquals(0, code);
    assertEquals(
        List.of(
            "quizzes/race-week.yaml:11:5: quiz race-week, branching trip (path-sum): best path 1.00 (5 points),"
                + " worst path 0.20 (1 point)",
            "quizzes/race-week.yaml:74:5: quiz race-week, branching arrival (ending): best path 1.00, worst path 0.25",
            "Content in "
                + ContentFixtures.VALID.toAbsolutePath()
                + " is fine: 3 lessons, 2 quizzes, 2 misconceptions."),
        out.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void content_check_reports_a_folder_without_lessons_and_quizzes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        ContentCheck.run(
            new String[] {"src/test/resources/content"},
            print(out),
            print(new ByteArrayOutputStream()));
    assertEquals(1, code);
    assertTrue(
        out.toString(StandardCharsets.UTF_8)
            .contains(
                "lessons/:1:1: folder lessons/ is missing; a content folder holds lessons/ and quizzes/"),
        out.toString());
  }

  @Test
  void content_check_refuses_more_than_one_folder() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(
        2,
        ContentCheck.run(new String[] {"a", "b"}, print(new ByteArrayOutputStream()), print(err)));
    assertTrue(
        err.toString(StandardCharsets.UTF_8).startsWith("usage: ContentCheck [content-folder]"));
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
