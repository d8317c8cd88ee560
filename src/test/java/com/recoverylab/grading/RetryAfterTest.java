package com.recoverylab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

  @Test
  void seconds_are_the_wait() {
    assertEquals(Duration.ofSeconds(120), RetryAfter.parse("120", NOW));
    assertEquals(Duration.ofSeconds(7), RetryAfter.parse(" 7 ", NOW));
    assertEquals(Duration.ZERO, RetryAfter.parse("0", NOW));
  }

  @Test
  void an_http_date_is_the_time_left_until_it() {
    assertEquals(Duration.ofSeconds(90), RetryAfter.parse("Mon, 02 Mar 2026 10:01:30 GMT", NOW));
  }

  @Test
  void a_date_already_past_means_now() {
    assertEquals(Duration.ZERO, RetryAfter.parse("Mon, 02 Mar 2026 09:00:00 GMT", NOW));
  }

  @Test
  void garbage_leaves_the_wait_to_the_backoff() {
    assertNull(RetryAfter.parse(null, NOW));
    assertNull(RetryAfter.parse("", NOW));
    assertNull(RetryAfter.parse("soon", NOW));
    assertNull(RetryAfter.parse("-5", NOW));
    assertNull(RetryAfter.parse("1.5", NOW));
    assertNull(RetryAfter.parse("2026-03-02T10:01:30Z", NOW));
    assertNull(RetryAfter.parse("99999999999999999999", NOW));
  }
}
