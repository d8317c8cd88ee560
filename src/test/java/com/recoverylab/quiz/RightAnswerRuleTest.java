package com.recoverylab.quiz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.content.FeedbackTiming;
import com.recoverylab.content.GradingMethod;
import com.recoverylab.content.RightAnswers;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a review shows the right answers, per mode and setting. */
class RightAnswerRuleTest {
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final Instant YESTERDAY = NOW.minusSeconds(86_400);
  private static final Instant TOMORROW = NOW.plusSeconds(86_400);

  private static Attempt attempt(AttemptMode mode, boolean submitted) {
    return new Attempt(
        1,
        2,
        3,
        mode == AttemptMode.GRADED ? 4L : null,
        "q",
        mode,
        submitted,
        new AttemptLayout(java.util.List.of()),
        mode == AttemptMode.GRADED ? "at-end" : "practice",
        10,
        NOW,
        null,
        null,
        null);
  }

  private static LinkSettings settings(RightAnswers rule, int maxAttempts, Instant until) {
    return new LinkSettings(
        10, maxAttempts, GradingMethod.HIGHEST, FeedbackTiming.AT_END, false, 0, null, until, rule);
  }

  private static boolean graded(RightAnswers rule, int maxAttempts, int used, Instant until) {
    return RightAnswerRule.due(
        attempt(AttemptMode.GRADED, true), settings(rule, maxAttempts, until), used, NOW);
  }

  @Test
  void practice_shows_right_answers_at_once_unless_the_quiz_says_never() {
    assertTrue(
        RightAnswerRule.due(
            attempt(AttemptMode.PRACTICE, false), settings(RightAnswers.DEFAULT, 2, null), 0, NOW));
    assertTrue(
        RightAnswerRule.due(
            attempt(AttemptMode.PRACTICE, false),
            settings(RightAnswers.AFTER_CLOSE, 2, null),
            0,
            NOW));
    assertFalse(
        RightAnswerRule.due(
            attempt(AttemptMode.PRACTICE, false), settings(RightAnswers.NEVER, 2, null), 0, NOW));
  }

  @Test
  void graded_by_default_after_the_last_allowed_attempt_or_after_the_close_date() {
    assertFalse(graded(RightAnswers.DEFAULT, 3, 2, TOMORROW), "an attempt left and still open");
    assertTrue(graded(RightAnswers.DEFAULT, 3, 3, TOMORROW), "every attempt used");
    assertTrue(graded(RightAnswers.DEFAULT, 3, 1, YESTERDAY), "closed");
    assertFalse(
        graded(RightAnswers.DEFAULT, 0, 9, null), "unlimited attempts and no close date: never");
  }

  @Test
  void graded_attempts_follow_an_explicit_setting() {
    assertTrue(
        RightAnswerRule.due(
            attempt(AttemptMode.GRADED, false), settings(RightAnswers.AFTER_EACH, 3, null), 0, NOW),
        "after-each shows them with each question's feedback, before submitting");
    assertTrue(graded(RightAnswers.AFTER_LAST_ATTEMPT, 2, 2, null));
    assertFalse(
        graded(RightAnswers.AFTER_LAST_ATTEMPT, 2, 1, YESTERDAY), "closed, but attempts are left");
    assertTrue(graded(RightAnswers.AFTER_CLOSE, 2, 1, YESTERDAY));
    assertFalse(
        graded(RightAnswers.AFTER_CLOSE, 2, 2, TOMORROW), "every attempt used, but not closed yet");
    assertFalse(graded(RightAnswers.AFTER_CLOSE, 2, 2, null), "no close date");
    assertFalse(graded(RightAnswers.NEVER, 1, 1, YESTERDAY));
  }

  @Test
  void an_open_graded_attempt_shows_no_right_answers_until_submitted() {
    assertFalse(
        RightAnswerRule.due(
            attempt(AttemptMode.GRADED, false),
            settings(RightAnswers.DEFAULT, 1, YESTERDAY),
            1,
            NOW));
  }
}
