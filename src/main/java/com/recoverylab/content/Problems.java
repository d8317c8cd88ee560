package com.recoverylab.content;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem found while reading the content, so authors see all of them at once. */
final class Problems {
  private final List<ContentProblem> found = new ArrayList<>();

  void add(Location where, String message) {
    found.add(where.problem(message));
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  /** The problems sorted by file, line and column. */
  List<ContentProblem> sorted() {
    return found.stream().sorted(ContentProblem.ORDER).toList();
  }
}
