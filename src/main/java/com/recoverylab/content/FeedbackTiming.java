package com.recoverylab.content;

import java.util.Locale;

/** When a student in graded mode sees whether an answer was right and why. */
public enum FeedbackTiming {
  /** Right after answering each question. */
  AFTER_EACH,
  /** Only once the attempt is submitted. */
  AT_END;

  /** The word used in quiz files and forms: {@code after-each} or {@code at-end}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static FeedbackTiming fromWord(String word) {
    return valueOf(word.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
