package com.recoverylab.quiz;

import java.util.List;
import java.util.Objects;

/**
 * One submitted graded attempt counted in an item analysis, and how it answered each question it
 * showed. A question the attempt showed but the learner left blank is there with score 0 and no
 * picks, so it counts as the 0 the grade gave it.
 *
 * @param responses one per question the attempt showed, in the attempt's order
 */
public record AttemptResponses(long attemptId, long userId, List<Response> responses) {
  public AttemptResponses {
    responses = List.copyOf(responses);
  }

  /** Which submitted graded attempts an analysis counts. */
  public enum Counting {
    /** Each learner's first submitted graded attempt: what they knew before seeing any feedback. */
    FIRST,
    /** Every submitted graded attempt. */
    ALL
  }

  /**
   * The answer to one question.
   *
   * @param score the question's own score, 0 to 1, before weighting
   * @param picks the options picked, in the order they were stored (a branching path in the order
   *     it was taken)
   */
  public record Response(String questionId, double score, List<Pick> picks) {
    public Response {
      Objects.requireNonNull(questionId, "questionId");
      if (score < 0 || score > 1) {
        throw new IllegalArgumentException("score must be 0 to 1: " + score + " for " + questionId);
      }
      picks = List.copyOf(picks);
    }

    /** Whether some pick of this answer chose the option (a branching choice, a choice option). */
    public boolean picked(String optionId) {
      return picks.stream().anyMatch(p -> p.optionId().equals(optionId));
    }
  }

  /**
   * One picked option.
   *
   * @param slot where it was picked: ranking position, matching pair id, branching step id; null
   *     for choice questions
   */
  public record Pick(String slot, String optionId) {
    public Pick {
      Objects.requireNonNull(optionId, "optionId");
    }
  }
}
