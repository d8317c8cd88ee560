package com.recoverylab.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.content.FeedbackTiming;
import com.recoverylab.content.GradingMethod;
import com.recoverylab.content.RightAnswers;
import com.recoverylab.course.LinkRules;
import com.recoverylab.web.HttpError;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The one place that decides whether a graded attempt may start, and how stored rules apply. */
class LinkSettingsTest {
  private static final Instant OPEN = Instant.parse("2026-03-01T08:00:00Z");
  private static final Instant CLOSE = Instant.parse("2026-03-08T20:00:00Z");

  private static LinkSettings settings(int maxAttempts, Instant from, Instant until) {
    return new LinkSettings(
        10,
        maxAttempts,
        GradingMethod.HIGHEST,
        FeedbackTiming.AT_END,
        false,
        0,
        from,
        until,
        RightAnswers.DEFAULT);
  }

  @Test
  void a_start_before_the_open_date_is_refused_with_the_date() {
    HttpError refused =
        settings(0, OPEN, CLOSE).refusesGradedStart(0, OPEN.minusSeconds(1)).orElseThrow();
    assertEquals(403, refused.status());
    assertEquals("error.quiz.notYetOpen", refused.messageKey());
  }

  @Test
  void a_start_after_the_close_date_is_refused_but_the_close_minute_itself_is_open() {
    HttpError refused =
        settings(0, OPEN, CLOSE).refusesGradedStart(0, CLOSE.plusSeconds(1)).orElseThrow();
    assertEquals("error.quiz.closed", refused.messageKey());
    assertTrue(settings(0, OPEN, CLOSE).refusesGradedStart(0, CLOSE).isEmpty());
    assertTrue(settings(0, OPEN, CLOSE).refusesGradedStart(0, OPEN).isEmpty());
  }

  @Test
  void the_last_attempt_used_refuses_a_new_start_and_zero_means_unlimited() {
    HttpError refused = settings(2, null, null).refusesGradedStart(2, OPEN).orElseThrow();
    assertEquals(409, refused.status());
    assertEquals("error.quiz.noAttemptsLeft", refused.messageKey());
    assertEquals(2, refused.args()[0]);
    assertTrue(settings(2, null, null).refusesGradedStart(1, OPEN).isEmpty());
    assertTrue(settings(0, null, null).refusesGradedStart(500, OPEN).isEmpty());
  }

  @Test
  void stored_rules_override_field_by_field_and_unknown_words_keep_the_default() {
    LinkRules stored =
        new LinkRules(
            null, 3, "no-such-method", "after-each", OPEN, null, false, ZoneId.of("UTC"), null);
    LinkSettings applied = settings(0, null, null).with(stored);
    assertEquals(10, applied.points());
    assertEquals(3, applied.maxAttempts());
    assertEquals(GradingMethod.HIGHEST, applied.gradingMethod());
    assertEquals(FeedbackTiming.AFTER_EACH, applied.feedbackTiming());
    assertEquals(OPEN, applied.availableFrom());
  }
}
