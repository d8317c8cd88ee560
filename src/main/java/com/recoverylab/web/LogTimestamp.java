package com.recoverylab.web;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * A log line's time as {@code 2026-12-07T11:13:58.042+01:00} in the JVM's zone, the same text as
 * logback's {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX}}. Logback formats the whole date again for
 * every millisecond, which was a third of writing each request's log line under load; here the
 * date, time and offset are formatted once per second and only the milliseconds are added. The
 * offset is looked up per second too, so a change of daylight saving time shows from its first
 * second on. logback.xml uses it as {@code %logTime}.
 */
public final class LogTimestamp extends ClassicConverter {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

  private final DateTimeFormatter format;
  private volatile Second second = new Second(Long.MIN_VALUE, "", "");

  public LogTimestamp() {
    this(ZoneId.systemDefault());
  }

  LogTimestamp(ZoneId zone) {
    this.format = FORMAT.withZone(zone);
  }

  /** The text before the milliseconds and after them, for one second. */
  private record Second(long epochSecond, String beforeMillis, String afterMillis) {}

  @Override
  public String convert(ILoggingEvent event) {
    return format(event.getTimeStamp());
  }

  String format(long epochMilli) {
    long epochSecond = Math.floorDiv(epochMilli, 1000);
    Second current = second;
    if (current.epochSecond() != epochSecond) {
      String whole = format.format(Instant.ofEpochSecond(epochSecond));
      int dot = whole.indexOf('.');
      current = new Second(epochSecond, whole.substring(0, dot + 1), whole.substring(dot + 4));
      second = current;
    }
    int millis = (int) Math.floorMod(epochMilli, 1000);
    StringBuilder text =
        new StringBuilder(current.beforeMillis().length() + 3 + current.afterMillis().length())
            .append(current.beforeMillis());
    if (millis < 100) {
      text.append('0');
    }
    if (millis < 10) {
      text.append('0');
    }
    return text.append(millis).append(current.afterMillis()).toString();
  }
}
