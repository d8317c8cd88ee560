package com.recoverylab.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authors' command writes both files for the content folder and says what it left out. */
class QuestionBankExportTest {
  @TempDir Path out;

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

  private int run(String... args) {
    return QuestionBankExport.run(
        args,
        new PrintStream(printed, true, StandardCharsets.UTF_8),
        new PrintStream(errors, true, StandardCharsets.UTF_8));
  }

  @Test
  void exports_every_quiz_of_the_content_folder_as_gift_and_qti() throws Exception {
    assertEquals(0, run("--out=" + out, ""), errors.toString(StandardCharsets.UTF_8));
    String gift = Files.readString(out.resolve(QuestionBankExport.GIFT_FILE));
    List<GiftTestParser.Parsed> questions = GiftTestParser.parse(gift);
    Map<String, String> qti =
        QtiPackageWriterTest.unzip(Files.readAllBytes(out.resolve(QuestionBankExport.QTI_FILE)));
    assertEquals(
        questions.size(), qti.keySet().stream().filter(name -> name.startsWith("items/")).count());
    String text = printed.toString(StandardCharsets.UTF_8);
    assertTrue(
        text.startsWith("Exported " + questions.size() + " questions from 11 quizzes:"), text);
    assertTrue(text.contains("(ranking): a ranking gives partial credit"), text);
    assertTrue(text.contains("(branching): a branching scenario"), text);
  }

  @Test
  void exports_only_the_quizzes_named() throws Exception {
    assertEquals(
        0,
        run("--quiz=myth-check,tool-effects", "--out=" + out),
        errors.toString(StandardCharsets.UTF_8));
    List<String> categories =
        GiftTestParser.parse(Files.readString(out.resolve(QuestionBankExport.GIFT_FILE))).stream()
            .map(GiftTestParser.Parsed::category)
            .distinct()
            .toList();
    assertEquals(2, categories.size(), categories.toString());
    assertTrue(printed.toString(StandardCharsets.UTF_8).contains("from 2 quizzes"));
  }

  @Test
  void an_unknown_quiz_or_argument_is_refused_without_writing_anything() {
    assertEquals(2, run("--quiz=no-such-quiz", "--out=" + out));
    assertTrue(
        errors.toString(StandardCharsets.UTF_8).contains("there is no quiz \"no-such-quiz\""));
    assertEquals(2, run("--format=pdf", "--out=" + out));
    assertTrue(errors.toString(StandardCharsets.UTF_8).contains("usage: QuestionBankExport"));
    assertFalse(Files.exists(out.resolve(QuestionBankExport.GIFT_FILE)));
  }
}
