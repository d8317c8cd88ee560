package com.recoverylab.grading;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * A platform's {@code Retry-After} header (RFC 9110 10.2.3) read as how long to wait: every grade
 * channel reads it the same way before handing the wait to {@link DeliveryResult.RetryLater}.
 */
public final class RetryAfter {
  private static final Pattern SECONDS = Pattern.compile("\\d{1,12}");

  private RetryAfter() {}

  /**
   * The wait the header asks for: {@code delay-seconds} as given, an HTTP date as the time left
   * until it (zero once past); null when absent or neither, so the worker's own backoff applies.
   */
  public static Duration parse(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String trimmed = value.strip();
    if (SECONDS.matcher(trimmed).matches()) {
      return Duration.ofSeconds(Long.parseLong(trimmed));
    }
    try {
      Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
    } catch (DateTimeParseException notDate) {
      return null;
    }
  }
}
