package com.recoverylab.instructor;

import java.util.ArrayList;
import java.util.List;

/** Every problem found in a submitted form, gathered so the page can name them all at once. */
final class FormProblems {
  /** One problem: the field it concerns and a message key with its arguments. */
  record Problem(String field, String key, List<Object> args) {
    Problem {
      args = List.copyOf(args);
    }
  }

  private final List<Problem> problems = new ArrayList<>();

  void add(String field, String key, Object... args) {
    problems.add(new Problem(field, key, List.of(args)));
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  boolean has(String field) {
    return problems.stream().anyMatch(p -> p.field().equals(field));
  }

  List<Problem> all() {
    return List.copyOf(problems);
  }
}
