package com.recoverylab.content;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The authors' check: validates a content folder (the working folder, or the one given) and prints
 * every problem as {@code file:line:column: message}, plus the best and worst path of each
 * branching scenario, and every item-writing check a question downgraded to a warning (with its
 * reason). Exits 1 when there are problems, 0 when the content is fine.
 */
public final class ContentCheck {
  private ContentCheck() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length > 1) {
      err.println(
          "usage: ContentCheck [content-folder]   (the folder holding lessons/ and quizzes/)");
      return 2;
    }
    Path folder = Path.of(args.length == 0 ? "" : args[0]);
    ContentReport report = ContentLoader.check(folder);
    String where = ContentLoader.display(folder);
    report.branching().forEach(out::println);
    report.warnings().forEach(out::println);
    if (!report.ok()) {
      out.println(ContentException.report(where, report.problems()));
      return 1;
    }
    ContentLibrary library = report.library().orElseThrow();
    out.println(
        "Content in "
            + where
            + " is fine: "
            + library.lessons().size()
            + " lessons, "
            + library.quizzes().size()
            + " quizzes, "
            + library.misconceptions().size()
            + " misconceptions.");
    return 0;
  }
}
