package com.recoverylab.content;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * When a student's review shows the right answers (Moodle's "right answer" review option). Practice
 * shows them at once unless the quiz says {@link #NEVER}; these rules are for graded attempts.
 */
public enum RightAnswers {
  /** Not set in the quiz file: after the last allowed attempt, or after the close date. */
  DEFAULT,
  /** With each question's feedback. */
  AFTER_EACH,
  /** Once the learner has used every allowed attempt (never while attempts are unlimited). */
  AFTER_LAST_ATTEMPT,
  /** Once the link's close date has passed (never when it has none). */
  AFTER_CLOSE,
  /** Never, not even in practice. */
  NEVER;

  /** The word used in quiz files and forms, such as {@code after-last-attempt}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The words a quiz file or the settings form may use ({@link #DEFAULT} is written by leaving it
   * out).
   */
  public static List<String> words() {
    return Stream.of(values()).filter(v -> v != DEFAULT).map(RightAnswers::word).toList();
  }

  public static RightAnswers fromWord(String word) {
    return valueOf(word.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
