package com.recoverylab.content;

/** A 1-based line and column in one content file. */
record Location(String file, int line, int column) {

  ContentProblem problem(String message) {
    return new ContentProblem(file, line, column, message);
  }

  static Location start(String file) {
    return new Location(file, 1, 1);
  }
}
