package com.recoverylab.instructor;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A reset of a learner's attempts, as the results page lists it (public: templates read it). */
public record ResetRow(String learner, String by, int attemptsRemoved, Instant at) {
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  public String atText() {
    return UTC.format(at);
  }
}
