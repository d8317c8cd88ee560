package com.recoverylab.instructor;

import java.time.Instant;
import java.time.ZoneId;

/**
 * A link's {@code assignment_settings} row: the instructor's rules, overriding the quiz file's
 * defaults. Null fields mean "the quiz's default".
 *
 * @param timeZone how the availability dates were entered and are shown
 * @param rightAnswers when reviews show right answers ({@code RightAnswers} word); null keeps the quiz's
 */
record AssignmentSettings(
    Double points,
    Integer maxAttempts,
    String gradingMethod,
    String feedbackTiming,
    Instant availableFrom,
    Instant availableUntil,
    boolean lessonsCount,
    ZoneId timeZone,
    String rightAnswers) {

  static AssignmentSettings none() {
    return new AssignmentSettings(null, null, null, null, null, null, false, ZoneId.of("UTC"), null);
  }
}
