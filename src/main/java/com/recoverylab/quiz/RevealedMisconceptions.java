package com.recoverylab.quiz;

import java.util.List;
import java.util.Objects;

/**
 * Told which misconceptions a learner's submitted attempt revealed, inside the transaction that
 * submits it: what it writes commits or rolls back with the attempt and its grade. Features that
 * act on misconceptions implement it; the quiz feature knows none of them.
 */
@FunctionalInterface
public interface RevealedMisconceptions {
  /** Nobody listens. */
  RevealedMisconceptions NONE = attempt -> {};

  /** Called once per submitted attempt that revealed at least one tag. */
  void revealed(SubmittedAttempt attempt);

  /** One tag a wrong pick revealed, and the question it was picked in. */
  record Revealed(String tag, String questionId) {
    public Revealed {
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(questionId, "questionId");
    }
  }

  /**
   * Whose attempt, where, on which quiz, and each tag it revealed once (first question that did).
   */
  record SubmittedAttempt(long userId, long courseId, String quizId, List<Revealed> revealed) {
    public SubmittedAttempt {
      Objects.requireNonNull(quizId, "quizId");
      revealed = List.copyOf(revealed);
    }
  }
}
