package com.recoverylab.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.ContentLoader;
import com.recoverylab.content.Question;
import com.recoverylab.content.Quiz;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * GIFT output read back the way Moodle's importer reads it: every question, option, feedback and
 * character.
 */
class GiftWriterTest {
  // Moodle's grade list (question_bank::fraction_options_full): an imported weight must be one of
  // these
  private static final List<Double> MOODLE_GRADES =
      List.of(
          1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
          0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0);

  private final ContentLibrary library = ExportFixtures.library();
  private final String gift = new GiftWriter(library).write(BankSelection.of(library.quizzes()));
  private final Map<String, GiftTestParser.Parsed> parsed =
      GiftTestParser.parse(gift).stream()
          .collect(Collectors.toMap(GiftTestParser.Parsed::idnumber, Function.identity()));

  private GiftTestParser.Parsed question(String id) {
    GiftTestParser.Parsed question = parsed.get(id);
    assertTrue(question != null, "no question " + id + " in\n" + gift);
    return question;
  }

  private static String text(String html) {
    return GiftTestParser.unhtml(html);
  }

  @Test
  void
      every_choice_question_is_kept_in_its_quiz_category_and_ranking_and_branching_are_reported_skipped() {
    assertEquals(
        List.of(
            "special-week/first",
            "special-week/pick-three",
            "special-week/myth",
            "special-week/effects",
            "plain/only"),
        GiftTestParser.parse(gift).stream().map(GiftTestParser.Parsed::idnumber).toList());
    assertEquals(
        "$course$/top/Recovery Lab/Week 3//4: a {special} quiz",
        question("special-week/first").category());
    assertEquals("$course$/top/Recovery Lab/Plain", question("plain/only").category());
    assertTrue(
        gift.contains("//   special-week/order (ranking): a ranking gives partial credit"), gift);
    assertTrue(gift.contains("//   special-week/story (branching): a branching scenario"), gift);
    assertFalse(gift.contains("Order these"), "the skipped ranking's text is not exported");
  }

  @Test
  void single_choice_round_trips_text_options_feedback_lesson_and_special_characters() {
    GiftTestParser.Parsed q = question("special-week/first");
    assertEquals("multichoice", q.type());
    assertTrue(q.single(), "one right answer: radio buttons");
    assertEquals("special-week/first", q.name());
    assertEquals("html", q.format());
    // lesson links into the tool need a launch, so their text stays and the link goes
    assertEquals(
        "<p>Sam ran at 6: what comes first? 2 &gt; 1 &amp; {x} = ~y #1 \\ see the basics.</p> <p>Second line</p>",
        q.text());
    assertEquals(List.of("tools-replace-basics", "more-is-better"), q.tags());
    assertEquals(3, q.answers().size());
    GiftTestParser.Answer sleep = q.answers().get(0);
    assertEquals("Sleep " + ExportFixtures.SPECIAL, text(sleep.text()));
    assertEquals(1.0, sleep.fraction());
    assertEquals(
        "Right: "
            + ExportFixtures.SPECIAL
            + " Read more: lesson \u201cBasics: sleep & food\u201d, section "
            + "\u201cSleep {first}\u201d.",
        text(sleep.feedback()));
    assertEquals("A massage gun = dinner?", text(q.answers().get(1).text()));
    assertEquals(0.0, q.answers().get(1).fraction());
    assertEquals(
        "No #1: a gun {cannot} feed you. Read more: lesson \u201cBasics: sleep & food\u201d.",
        text(q.answers().get(1).feedback()));
    assertEquals("Both, fixed last", text(q.answers().get(2).text()));
    assertEquals("", q.answers().get(2).feedback());
  }

  @Test
  void multiple_answer_weights_sum_to_100_for_right_options_and_take_away_for_wrong_ones() {
    GiftTestParser.Parsed q = question("special-week/pick-three");
    assertEquals("multichoice", q.type());
    assertFalse(q.single(), "several right answers: check boxes");
    assertEquals(
        List.of("Sleep", "Food", "Easy {days}", "Three tools at once"),
        q.answers().stream().map(a -> text(a.text())).toList());
    double right =
        q.answers().stream().mapToDouble(GiftTestParser.Answer::fraction).filter(f -> f > 0).sum();
    assertEquals(1.0, right, 0.0001);
    assertEquals(-0.3333333, q.answers().get(3).fraction(), 1e-9);
    for (GiftTestParser.Answer answer : q.answers()) {
      assertTrue(
          MOODLE_GRADES.stream()
              .anyMatch(g -> Math.abs(Math.abs(answer.fraction()) - g) < 0.0000001),
          "Moodle refuses a weight outside its grade list: " + answer.fraction());
    }
    assertEquals("More ~ is not better.", text(q.answers().get(3).feedback()));
    assertEquals("Yes = rest.", text(q.answers().get(2).feedback()));
  }

  @Test
  void weights_for_two_to_ten_right_options_are_all_in_moodles_grade_list() {
    for (int right = 2; right <= BankSelection.MOST_RIGHT_OPTIONS; right++) {
      double weight = Double.parseDouble(GiftWriter.share(right)) / 100;
      assertTrue(
          MOODLE_GRADES.stream().anyMatch(g -> Math.abs(weight - g) < 0.0000001),
          right + " -> " + weight);
    }
  }

  @Test
  void true_false_keeps_the_key_and_the_feedback_for_each_answer() {
    GiftTestParser.Parsed q = question("special-week/myth");
    assertEquals("truefalse", q.type());
    assertEquals(Boolean.FALSE, q.trueFalseKey());
    assertEquals(
        "No: rolling changes feel #only. Read more: lesson \u201cBasics: sleep & food\u201d, section "
            + "\u201cSleep {first}\u201d.",
        text(q.feedbackTrue()));
    assertEquals("Right {adaptation} comes from training.", text(q.feedbackFalse()));
    assertEquals(List.of("tools-speed-adaptation"), q.tags());
  }

  @Test
  void matching_keeps_pairs_and_distractors_and_explains_them_in_the_general_feedback() {
    GiftTestParser.Parsed q = question("special-week/effects");
    assertEquals("match", q.type());
    assertEquals(3, q.matches().size());
    assertEquals("Boots -> legs", text(q.matches().get(0).question()));
    assertEquals(
        "Less heavy = lighter {legs}",
        q.matches().get(0).answer(),
        "the right side is plain text in Moodle");
    assertEquals("Ball: small", text(q.matches().get(1).question()));
    assertEquals("Pressure ~ on one spot", q.matches().get(1).answer());
    assertEquals("", q.matches().get(2).question(), "a distractor has no item");
    assertEquals("Faster adaptation: 100%", q.matches().get(2).answer());
    String general = text(q.generalFeedback());
    assertTrue(
        general.contains(
            "Boots -> legs \u2192 Less heavy = lighter {legs}: Boots ease heaviness #1. Read more"),
        general);
    assertTrue(
        general.contains("Faster adaptation: 100% (matches no item): No tool {speeds} it up."),
        general);
    assertEquals(List.of("tools-speed-adaptation"), q.tags());
  }

  @Test
  void escaping_covers_every_control_character_and_the_backslash() {
    assertEquals("\\~ \\= \\# \\{ \\} \\: \\\\ \\n", GiftWriter.escape("~ = # { } : \\ \n"));
  }

  @Test
  void the_shipped_question_bank_parses_completely() {
    ContentLibrary shipped = ContentLoader.load(Path.of(""));
    BankSelection selection = BankSelection.of(shipped.quizzes());
    List<GiftTestParser.Parsed> questions =
        GiftTestParser.parse(new GiftWriter(shipped).write(selection));
    assertEquals(selection.exportedCount(), questions.size());
    for (BankSelection.QuizPart part : selection.quizzes()) {
      for (Question question : part.questions()) {
        GiftTestParser.Parsed read =
            questions.stream()
                .filter(p -> p.idnumber().equals(part.quiz().id() + "/" + question.id()))
                .findFirst()
                .orElseThrow();
        int expected =
            question instanceof Question.Choice choice
                ? (choice.choiceKind() == Question.ChoiceKind.TRUE_FALSE
                    ? 0
                    : choice.options().size())
                : 0;
        assertEquals(expected, read.answers().size(), read.idnumber());
        if (question instanceof Question.Matching matching) {
          assertEquals(
              matching.pairs().size() + matching.distractors().size(), read.matches().size());
          // Moodle's matching question wants at least two items and three answers
          assertTrue(
              read.matches().stream().filter(m -> !m.question().isEmpty()).count() >= 2,
              read.idnumber());
          assertTrue(read.matches().size() >= 3, read.idnumber());
        }
        if (question instanceof Question.Choice choice
            && choice.choiceKind() == Question.ChoiceKind.MULTIPLE) {
          assertEquals(
              1.0,
              read.answers().stream()
                  .mapToDouble(GiftTestParser.Answer::fraction)
                  .filter(f -> f > 0)
                  .sum(),
              0.01,
              read.idnumber());
        }
      }
    }
    List<String> skippedKinds =
        selection.skipped().stream().map(BankSelection.Skipped::kind).distinct().sorted().toList();
    assertEquals(List.of("branching", "ranking"), skippedKinds);
    assertNull(
        selection.quizzes().stream()
            .map(BankSelection.QuizPart::quiz)
            .filter(q -> q.questions().isEmpty())
            .map(Quiz::id)
            .findFirst()
            .orElse(null));
  }
}
