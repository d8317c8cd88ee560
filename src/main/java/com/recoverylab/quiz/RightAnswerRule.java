package com.recoverylab.quiz;

import com.recoverylab.content.RightAnswers;
import java.time.Instant;

/**
 * Whether a student's review shows the right answers, as Moodle's "right answer" review option:
 * practice at once (unless the quiz says never); graded attempts by the link's setting, by default
 * once the last allowed attempt is used or the close date has passed. Only ever where feedback
 * already shows: {@link QuestionViews} combines the two.
 */
final class RightAnswerRule {
  private RightAnswerRule() {}

  /**
   * @param attemptsUsed the learner's submitted graded attempts on the link
   * @param now the time of the request
   */
  static boolean due(Attempt attempt, LinkSettings settings, int attemptsUsed, Instant now) {
    RightAnswers rule = settings.rightAnswers();
    if (rule == RightAnswers.NEVER) {
      return false;
    }
    if (attempt.practice() || rule == RightAnswers.AFTER_EACH) {
      return true;
    }
    if (!attempt.submitted()) {
      return false; // an open graded attempt may still be answered
    }
    boolean lastAttemptUsed = settings.attemptsUsedUp(attemptsUsed);
    boolean closed = settings.closedAt(now);
    return switch (rule) {
      case AFTER_LAST_ATTEMPT -> lastAttemptUsed;
      case AFTER_CLOSE -> closed;
      default -> lastAttemptUsed || closed;
    };
  }
}
