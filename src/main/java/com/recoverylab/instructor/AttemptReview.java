package com.recoverylab.instructor;

import java.util.List;

/**
 * One attempt as the review page shows it (public: templates read it).
 *
 * @param score whole percentage, empty while in progress
 */
public record AttemptReview(
    int number,
    String status,
    String started,
    String submitted,
    String score,
    String points,
    List<AnswerReview> answers) {
  public AttemptReview {
    answers = List.copyOf(answers);
  }

  /** A question of the attempt, what the learner picked, and the question's score. */
  public record AnswerReview(
      String promptHtml, List<String> picked, boolean answered, String score, boolean right) {
    public AnswerReview {
      picked = List.copyOf(picked);
    }
  }
}
