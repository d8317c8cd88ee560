package com.recoverylab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScoreResultTest {
  private static ScoreResult score(String given, String maximum) {
    return new ScoreResult(
        1,
        "3",
        given == null ? null : new BigDecimal(given),
        maximum == null ? null : new BigDecimal(maximum),
        null,
        "Completed",
        "FullyGraded",
        Instant.EPOCH,
        Instant.EPOCH);
  }

  @Test
  void a_score_is_rescaled_to_the_line_item_maximum() {
    assertEquals(new BigDecimal("8"), score("4", "5").gradeOutOf(new BigDecimal("10")));
    assertEquals(new BigDecimal("3.3333"), score("1", "3").gradeOutOf(new BigDecimal("10")));
    assertEquals(
        new BigDecimal("0"), score("0", "5").gradeOutOf(new BigDecimal("10")).stripTrailingZeros());
  }

  @Test
  void a_cleared_score_has_no_grade() {
    assertNull(score(null, null).gradeOutOf(new BigDecimal("10")));
  }

  @Test
  void whole_numbers_are_written_as_integers_in_service_json() {
    assertEquals(10L, AgsServlet.number(new BigDecimal("10.0000")));
    assertEquals(2.5, AgsServlet.number(new BigDecimal("2.5000")));
  }
}
