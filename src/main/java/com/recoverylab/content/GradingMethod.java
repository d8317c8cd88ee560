package com.recoverylab.content;

import java.util.List;
import java.util.Locale;

/** How several graded attempts become one grade. */
public enum GradingMethod {
  HIGHEST,
  LAST,
  AVERAGE,
  FIRST;

  /**
   * The grade from attempt scores in the order they were submitted (oldest first); empty input has
   * no grade.
   */
  public java.util.OptionalDouble apply(List<Double> scoresOldestFirst) {
    if (scoresOldestFirst.isEmpty()) {
      return java.util.OptionalDouble.empty();
    }
    return switch (this) {
      case HIGHEST -> scoresOldestFirst.stream().mapToDouble(Double::doubleValue).max();
      case LAST -> java.util.OptionalDouble.of(scoresOldestFirst.get(scoresOldestFirst.size() - 1));
      case AVERAGE -> scoresOldestFirst.stream().mapToDouble(Double::doubleValue).average();
      case FIRST -> java.util.OptionalDouble.of(scoresOldestFirst.get(0));
    };
  }

  /** The lower-case word used in quiz files and forms ({@code highest}, ...). */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static GradingMethod fromWord(String word) {
    return valueOf(word.trim().toUpperCase(Locale.ROOT));
  }
}
