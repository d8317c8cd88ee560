package com.recoverylab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogTimestampTest {
  private static final DateTimeFormatter LOGBACK_PATTERN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

  @Test
  void writes_the_same_text_as_the_pattern_it_replaces_across_a_daylight_saving_change() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    LogTimestamp timestamp = new LogTimestamp(berlin);
    // 2026-03-29 01:59:59.998 UTC+1 to 03:00:00.xxx UTC+2, millisecond by millisecond
    long change = Instant.parse("2026-03-29T01:00:00Z").toEpochMilli();
    for (long t = change - 2_003; t < change + 2_003; t++) {
      assertEquals(expected(berlin, t), timestamp.format(t), "at " + t);
    }
  }

  @Test
  void pads_milliseconds_and_writes_z_for_utc_and_seconds_before_1970() {
    ZoneId utc = ZoneId.of("UTC");
    LogTimestamp timestamp = new LogTimestamp(utc);
    assertEquals("2026-12-07T11:13:58.007Z", timestamp.format(1_796_642_038_007L));
    assertEquals("2026-12-07T11:13:58.070Z", timestamp.format(1_796_642_038_070L));
    assertEquals("1969-12-31T23:59:59.999Z", timestamp.format(-1));
    SplittableRandom random = new SplittableRandom(18);
    for (int i = 0; i < 10_000; i++) {
      long t = random.nextLong(-100_000_000_000L, 4_000_000_000_000L);
      assertEquals(expected(utc, t), timestamp.format(t));
    }
  }

  @Test
  void writes_an_offset_of_hours_and_minutes() {
    ZoneId kolkata = ZoneId.of("Asia/Kolkata");
    long t = Instant.parse("2026-12-07T11:13:58.5Z").toEpochMilli();
    assertEquals("2026-12-07T16:43:58.500+05:30", new LogTimestamp(kolkata).format(t));
  }

  private static String expected(ZoneId zone, long epochMilli) {
    return LOGBACK_PATTERN.withZone(zone).format(Instant.ofEpochMilli(epochMilli));
  }
}
