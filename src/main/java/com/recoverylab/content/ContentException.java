package com.recoverylab.content;

import java.util.List;

/** The content folder has problems; the message is a header line and one line per problem. */
public final class ContentException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<ContentProblem> problems;

  public ContentException(String folder, List<ContentProblem> problems) {
    super(report(folder, problems));
    this.problems = List.copyOf(problems);
  }

  public List<ContentProblem> problems() {
    return problems;
  }

  static String report(String folder, List<ContentProblem> problems) {
    StringBuilder text =
        new StringBuilder(
            "Content in "
                + folder
                + " has "
                + problems.size()
                + (problems.size() == 1 ? " problem:" : " problems:"));
    problems.forEach(p -> text.append('\n').append(p));
    return text.toString();
  }
}
