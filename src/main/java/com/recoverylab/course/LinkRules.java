package com.recoverylab.course;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The rules an instructor (or a deep-linked item) set on one link: its {@code assignment_settings}
 * row. Null fields keep the quiz file's default; stored words are checked where they are used, so a
 * word a newer version wrote never breaks an older page.
 *
 * @param maxAttempts graded attempts allowed; 0 means unlimited
 * @param availableFrom graded starts are refused before this (null = no limit)
 * @param availableUntil graded starts are refused after this (null = no limit)
 * @param lessonsCount whether opening the link's lesson sends a completion grade
 * @param timeZone how the availability dates were entered and are shown
 * @param rightAnswers when reviews show the right answers ({@code RightAnswers} word)
 */
public record LinkRules(
    Double points,
    Integer maxAttempts,
    String gradingMethod,
    String feedbackTiming,
    Instant availableFrom,
    Instant availableUntil,
    boolean lessonsCount,
    ZoneId timeZone,
    String rightAnswers) {

  public LinkRules {
    Objects.requireNonNull(timeZone, "timeZone");
  }

  /** No row: every rule is the quiz file's. */
  public static LinkRules none() {
    return new LinkRules(null, null, null, null, null, null, false, ZoneId.of("UTC"), null);
  }

  /** The four rules a deep-linked item may carry in its custom parameters; the rest unset. */
  public static LinkRules carried(
      Double points, Integer maxAttempts, String gradingMethod, String feedbackTiming) {
    return new LinkRules(
        points,
        maxAttempts,
        gradingMethod,
        feedbackTiming,
        null,
        null,
        false,
        ZoneId.of("UTC"),
        null);
  }
}
