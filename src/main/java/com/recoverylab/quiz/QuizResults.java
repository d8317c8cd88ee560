package com.recoverylab.quiz;

import com.recoverylab.store.Jdbc;
import java.time.Instant;
import java.util.List;

/**
 * Read-only results of a quiz on a resource link for instructor pages: submitted graded
 * attempts, how often each option was picked, which misconceptions the class showed, and the
 * answers an item analysis counts. Practice attempts are left out.
 */
public final class QuizResults {
  private final QuizRepository repository;

  public QuizResults(Jdbc jdbc) {
    this.repository = new QuizRepository(jdbc);
  }

  /** A submitted graded attempt. */
  public record AttemptRow(
      long attemptId, long userId, String quizId, Instant submittedAt, double scoreFraction, double points,
      double pointsPossible) {}

  /**
   * How often an option was picked. For ranking the option is an item (each placement counts),
   * for matching a right-hand choice, for branching a choice taken.
   *
   * @param attempts distinct attempts that picked it
   */
  public record OptionCount(String questionId, String optionId, boolean correct, int picks, int attempts) {}

  /** A misconception tag and how many learners, attempts and picks showed it. */
  public record MisconceptionCount(String tag, int learners, int attempts, int picks) {}

  public List<AttemptRow> submittedAttempts(long resourceLinkId) {
    return repository.submittedGradedAttempts(resourceLinkId);
  }

  public List<OptionCount> optionCounts(long resourceLinkId) {
    return repository.optionCounts(resourceLinkId);
  }

  /** The attempts an item analysis of the link counts, with every answer and pick; oldest attempt first. */
  public List<AttemptResponses> responses(long resourceLinkId, AttemptResponses.Counting counting) {
    return repository.responses(resourceLinkId, counting);
  }

  public List<MisconceptionCount> misconceptionCounts(long resourceLinkId) {
    return repository.misconceptionCounts(resourceLinkId);
  }
}
