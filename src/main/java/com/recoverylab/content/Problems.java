package com.recoverylab.content;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem found while reading the content, so authors see all of them at once.
 * Warnings are item-writing checks an author downgraded with a reason: reported, never fatal.
 */
final class Problems {
  private final List<ContentProblem> found = new ArrayList<>();
  private final List<ContentProblem> warnings = new ArrayList<>();

  void add(Location where, String message) {
    found.add(where.problem(message));
  }

  void warn(Location where, String message) {
    warnings.add(where.problem(message));
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  /** The problems sorted by file, line and column. */
  List<ContentProblem> sorted() {
    return found.stream().sorted(ContentProblem.ORDER).toList();
  }

  /** The warnings sorted by file, line and column. */
  List<ContentProblem> warnings() {
    return warnings.stream().sorted(ContentProblem.ORDER).toList();
  }
}
