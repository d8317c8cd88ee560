package com.recoverylab.content;

import java.util.Comparator;
import java.util.Objects;

/**
 * One thing wrong in the content, at a place an author can jump to.
 *
 * @param file path relative to the content folder, with {@code /} separators
 * @param line 1-based line
 * @param column 1-based column
 */
public record ContentProblem(String file, int line, int column, String message) {
  static final Comparator<ContentProblem> ORDER =
      Comparator.comparing(ContentProblem::file)
          .thenComparingInt(ContentProblem::line)
          .thenComparingInt(ContentProblem::column)
          .thenComparing(ContentProblem::message);

  public ContentProblem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
  }

  /** {@code quizzes/x.yaml:12:5: what is wrong}, the form editors and CI logs link to. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }
}
