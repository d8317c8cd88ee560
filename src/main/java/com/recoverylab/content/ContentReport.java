package com.recoverylab.content;

import java.util.List;
import java.util.Optional;

/**
 * What checking a content folder found: every problem, every downgraded item-writing check (a
 * warning), each sound branching scenario's best and worst path, and the library when there were no
 * problems.
 */
public record ContentReport(
    List<ContentProblem> problems,
    List<ContentProblem> warnings,
    List<BranchingReport> branching,
    Optional<ContentLibrary> library) {

  public ContentReport {
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
    branching = List.copyOf(branching);
  }

  public boolean ok() {
    return problems.isEmpty();
  }
}
