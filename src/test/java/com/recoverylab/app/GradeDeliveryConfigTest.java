package com.recoverylab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GradeDeliveryConfigTest {

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void grade_delivery_defaults_retry_for_a_week_with_eight_deliveries_at_once() {
    Config.GradeDelivery grades = Config.from(env()).gradeDelivery();
    assertEquals(Duration.ofHours(168), grades.retryFor());
    assertEquals(8, grades.concurrency());
    assertEquals(Duration.ofSeconds(2), grades.interval());
    assertEquals(Duration.ofSeconds(5), grades.backoffBase());
    assertEquals(Duration.ofSeconds(20), grades.httpTimeout());
    assertEquals(Duration.ofMinutes(5), grades.claimFor());
  }

  @Test
  void grade_settings_must_be_whole_numbers_in_range_and_the_message_names_them() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> Config.from(env("GRADE_RETRY_HOURS", "a week")));
    assertEquals(
        "GRADE_RETRY_HOURS must be a whole number from 1 to 8760, got: a week", e.getMessage());
    e =
        assertThrows(
            ConfigException.class, () -> Config.from(env("GRADE_DELIVERY_CONCURRENCY", "0")));
    assertTrue(
        e.getMessage().startsWith("GRADE_DELIVERY_CONCURRENCY must be a whole number from 1 to 64"),
        e.getMessage());
    assertEquals(
        Duration.ofMillis(250),
        Config.from(env("GRADE_WORKER_INTERVAL_MS", "250")).gradeDelivery().interval());
  }

  @Test
  void claim_must_outlast_the_calls_of_one_delivery() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> Config.from(env("GRADE_HTTP_TIMEOUT_MS", "60000", "GRADE_CLAIM_SECONDS", "300")));
    assertTrue(
        e.getMessage()
            .startsWith(
                "GRADE_CLAIM_SECONDS must be longer than 6 x GRADE_HTTP_TIMEOUT_MS (360 s)"),
        e.getMessage());
  }
}
