package com.recoverylab.quiz;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How quiz pages write dates and scores. */
final class QuizFormat {
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private QuizFormat() {}

  static String dateTime(Instant instant) {
    return instant == null ? "" : DATE_TIME.format(instant);
  }

  /** A fraction as a whole percentage. */
  static String percent(double fraction) {
    return Math.round(fraction * 100) + "%";
  }

  static String points(double value) {
    return QuizGrades.number(value);
  }
}
