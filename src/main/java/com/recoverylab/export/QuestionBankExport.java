package com.recoverylab.export;

import com.recoverylab.content.ContentException;
import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.ContentLoader;
import com.recoverylab.content.Quiz;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The authors' export: reads a content folder (the working folder, or the one given), and writes
 * the choice questions of every quiz (or of {@code --quiz=a,b}) as {@code question-bank.gift.txt}
 * (Moodle GIFT) and {@code question-bank.qti.zip} (QTI 2.1 content package) into {@code --out=}
 * (default: the working folder). Prints what it wrote and every skipped question with the reason.
 * Exits 0 when written, 1 when the content has problems, 2 on a wrong command line.
 */
public final class QuestionBankExport {
  static final String GIFT_FILE = "question-bank.gift.txt";
  static final String QTI_FILE = "question-bank.qti.zip";
  private static final String USAGE =
      "usage: QuestionBankExport [--quiz=id,id] [--out=folder] [content-folder]   (the folder holding lessons/ and quizzes/)";

  private QuestionBankExport() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> quizIds = new ArrayList<>();
    Path target = Path.of("");
    String folderArg = null;
    for (String arg : args) {
      if (arg.startsWith("--quiz=")) {
        for (String id : arg.substring("--quiz=".length()).split(",")) {
          if (!id.isBlank()) {
            quizIds.add(id.trim());
          }
        }
      } else if (arg.startsWith("--out=")) {
        target = Path.of(arg.substring("--out=".length()));
      } else if (arg.startsWith("--") || folderArg != null) {
        err.println("unknown argument: " + arg);
        err.println(USAGE);
        return 2;
      } else {
        folderArg = arg;
      }
    }
    Path folder = Path.of(folderArg == null ? "" : folderArg);
    ContentLibrary library;
    try {
      library = ContentLoader.load(folder);
    } catch (ContentException e) {
      out.println(e.getMessage());
      return 1;
    }
    List<Quiz> quizzes = new ArrayList<>();
    for (String id : quizIds) {
      Quiz quiz = library.quiz(id).orElse(null);
      if (quiz == null) {
        err.println(
            "there is no quiz \""
                + id
                + "\"; quizzes: "
                + String.join(", ", library.quizzes().stream().map(Quiz::id).toList()));
        return 2;
      }
      quizzes.add(quiz);
    }
    BankSelection selection = BankSelection.of(quizIds.isEmpty() ? library.quizzes() : quizzes);
    Path gift = target.resolve(GIFT_FILE);
    Path qti = target.resolve(QTI_FILE);
    try {
      Files.createDirectories(target.toAbsolutePath());
      Files.writeString(gift, new GiftWriter(library).write(selection), StandardCharsets.UTF_8);
      Files.write(qti, new QtiPackageWriter(library).write(selection));
    } catch (IOException e) {
      err.println("cannot write to " + target.toAbsolutePath() + ": " + e.getMessage());
      return 1;
    }
    out.println(
        "Exported "
            + selection.exportedCount()
            + " questions from "
            + selection.quizzes().size()
            + " quizzes:");
    out.println("  " + gift.toAbsolutePath() + " (Moodle GIFT)");
    out.println("  " + qti.toAbsolutePath() + " (QTI 2.1 content package)");
    if (selection.skipped().isEmpty()) {
      out.println("No question was skipped.");
    } else {
      out.println("Skipped " + selection.skipped().size() + ":");
      selection.skipped().forEach(s -> out.println("  " + s.line()));
    }
    return 0;
  }
}
