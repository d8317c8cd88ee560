package com.recoverylab.quiz;

import com.recoverylab.store.Jdbc;
import java.time.Instant;
import java.util.List;

/**
 * Results of a quiz on a resource link for instructor pages: each learner's graded attempts
 * aggregated, how often each option was picked, which misconceptions the class showed, the answers
 * an item analysis counts, and one learner's attempts with their answers for review. Practice
 * attempts are left out. This is the one place results are counted; the instructor pages only
 * arrange them.
 */
public final class QuizResults {
  private final QuizRepository repository;
  private final QuizResultsRepository results;

  public QuizResults(Jdbc jdbc) {
    this.repository = new QuizRepository(jdbc);
    this.results = new QuizResultsRepository(jdbc);
  }

  /** A submitted graded attempt. */
  public record AttemptRow(
      long attemptId,
      long userId,
      String quizId,
      Instant submittedAt,
      double scoreFraction,
      double points,
      double pointsPossible) {}

  /**
   * One learner's graded attempts on a link. Scores are fractions 0..1 of submitted attempts (null
   * before the first submit).
   *
   * @param attempts submitted attempts
   * @param inProgress attempts started and not submitted
   * @param seconds time spent in submitted attempts
   */
  public record LearnerResult(
      long userId,
      int attempts,
      int inProgress,
      Double best,
      Double last,
      Double first,
      Double average,
      long seconds,
      Instant lastSubmitted) {}

  /**
   * How often an option was picked. For ranking the option is an item (each placement counts), for
   * matching a right-hand choice, for branching a choice taken.
   *
   * @param misconception the tag the option carries, or null
   * @param attempts distinct attempts that picked it
   */
  public record OptionCount(
      String questionId,
      String optionId,
      boolean correct,
      String misconception,
      int picks,
      int attempts) {}

  /** How often an option was placed in a slot: a ranking position or a matching pair. */
  public record SlotCount(String questionId, String slot, String optionId, int picks) {}

  /** Average score (0..1) and number of answers per question. */
  public record QuestionScore(String questionId, double average, int answers) {}

  /** A misconception tag and how many learners, attempts and wrong picks showed it. */
  public record MisconceptionCount(String tag, int learners, int attempts, int picks) {}

  /** One graded attempt of a learner, submitted ({@code status} SUBMITTED) or not (IN_PROGRESS). */
  public record LearnerAttempt(
      long id,
      String status,
      Instant startedAt,
      Instant submittedAt,
      Double scoreFraction,
      Double points,
      double pointsPossible) {}

  /** A stored answer's score (0..1) and whether it is complete. */
  public record AnswerRow(long attemptId, String questionId, double score, boolean complete) {}

  /** An option an answer picked, in the order it was picked. */
  public record PickRow(
      long attemptId, String questionId, String slot, String optionId, boolean correct) {}

  public List<AttemptRow> submittedAttempts(long resourceLinkId) {
    return repository.submittedGradedAttempts(resourceLinkId);
  }

  /** Everyone with a graded attempt on the link, submitted or not, by user id. */
  public List<LearnerResult> learners(long resourceLinkId) {
    return results.learners(resourceLinkId);
  }

  /**
   * The attempts an item analysis of the link counts, with every answer and pick; oldest attempt
   * first.
   */
  public List<AttemptResponses> responses(long resourceLinkId, AttemptResponses.Counting counting) {
    return repository.responses(resourceLinkId, counting);
  }

  public List<OptionCount> optionCounts(long resourceLinkId) {
    return results.optionCounts(resourceLinkId);
  }

  public List<SlotCount> slotCounts(long resourceLinkId) {
    return results.slotCounts(resourceLinkId);
  }

  public List<QuestionScore> questionScores(long resourceLinkId) {
    return results.questionScores(resourceLinkId);
  }

  /**
   * Misconceptions shown by wrong picks in submitted graded attempts, most widespread (by learners)
   * first.
   */
  public List<MisconceptionCount> misconceptionCounts(long resourceLinkId) {
    return results.misconceptionCounts(resourceLinkId);
  }

  /** The learner's graded attempts on the link (any status), oldest first. */
  public List<LearnerAttempt> learnerAttempts(long resourceLinkId, long userId) {
    return results.learnerAttempts(resourceLinkId, userId);
  }

  public List<AnswerRow> answers(List<Long> attemptIds) {
    return results.answers(attemptIds);
  }

  public List<PickRow> picks(List<Long> attemptIds) {
    return results.picks(attemptIds);
  }

  /** True when the user took a quiz (graded or practice) anywhere in the course. */
  public boolean tookPartIn(long userId, long courseId) {
    return results.hasAttemptInCourse(userId, courseId);
  }

  /**
   * Removes the learner's graded attempts on the link, with their answers, so they may start
   * afresh; returns how many. Call inside the transaction that records who reset them.
   */
  public int removeGradedAttempts(long resourceLinkId, long userId) {
    return results.deleteGradedAttempts(resourceLinkId, userId);
  }
}
