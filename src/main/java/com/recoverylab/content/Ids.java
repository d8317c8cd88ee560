package com.recoverylab.content;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** The shapes ids may take, and a check that ids within one scope are unique. */
final class Ids {
  /** Lesson and quiz ids: they are file names and appear in URLs. */
  static final Pattern FILE_ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  /** Ids inside a quiz (questions, options, steps) and misconception tags; they appear in forms. */
  static final Pattern INNER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

  private final String what;
  private final Problems problems;
  private final Map<String, Location> seen = new HashMap<>();

  /**
   * @param what the kind of id, for messages ("option id")
   */
  Ids(String what, Problems problems) {
    this.what = what;
    this.problems = problems;
  }

  /** Records an id; a second use in the same scope is a problem pointing at the first. */
  void add(String id, Location at) {
    Location first = seen.putIfAbsent(id, at);
    if (first != null) {
      problems.add(at, "duplicate " + what + " " + id + " (first at " + where(first, at) + ")");
    }
  }

  boolean contains(String id) {
    return seen.containsKey(id);
  }

  static void checkInner(String id, Location at, String what, Problems problems) {
    if (!INNER_ID.matcher(id).matches()) {
      problems.add(at, what + " " + id + " must use letters, digits, hyphens and underscores");
    }
  }

  private static String where(Location first, Location at) {
    return first.file().equals(at.file())
        ? "line " + first.line()
        : first.file() + ":" + first.line();
  }
}
