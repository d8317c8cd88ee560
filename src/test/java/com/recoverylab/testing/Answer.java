package com.recoverylab.testing;

import java.time.Duration;
import java.util.Map;

/**
 * A scripted answer of the test platform, queued ahead like MockWebServer's {@code enqueue}: a
 * status with body and headers, or a pause before answering normally ({@code delay}), or a hang
 * ({@code hangs}) until the platform is closed or the hangs are released.
 */
public record Answer(
    int status, String body, Map<String, String> headers, Duration delay, boolean hangs) {
  public Answer {
    headers = Map.copyOf(headers);
  }

  public static Answer status(int status, String body) {
    return new Answer(status, body, Map.of(), null, false);
  }

  public static Answer status(int status, String body, Map<String, String> headers) {
    return new Answer(status, body, headers, null, false);
  }

  /** Answers normally, after the pause (longer than the tool's timeout: a timeout). */
  public static Answer delay(Duration pause) {
    return new Answer(0, null, Map.of(), pause, false);
  }

  /** A scripted status that is also answered only after the pause. */
  public Answer after(Duration pause) {
    return new Answer(status, body, headers, pause, hangs);
  }

  public static Answer hangForever() {
    return new Answer(0, null, Map.of(), null, true);
  }

  /** True when the answer replaces the platform's own (a status was scripted). */
  boolean scripted() {
    return status > 0;
  }
}
