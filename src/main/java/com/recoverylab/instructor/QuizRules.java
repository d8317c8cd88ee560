package com.recoverylab.instructor;

import com.recoverylab.content.FeedbackTiming;
import com.recoverylab.content.GradingMethod;
import com.recoverylab.content.Quiz;
import com.recoverylab.quiz.LinkSettings;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.function.Function;

/**
 * The rules an instructor sets for a quiz on one link (public: templates read it): what it is
 * worth, how many graded attempts, how attempts become a grade, and when feedback shows.
 *
 * @param maxAttempts 0 means unlimited
 */
public record QuizRules(
    double points, int maxAttempts, GradingMethod gradingMethod, FeedbackTiming feedbackTiming) {
  static final double MAX_POINTS = 1000;
  static final int MAX_ATTEMPTS = 100;

  public QuizRules {
    Objects.requireNonNull(gradingMethod, "gradingMethod");
    Objects.requireNonNull(feedbackTiming, "feedbackTiming");
  }

  static QuizRules defaults(Quiz quiz) {
    var s = quiz.settings();
    return new QuizRules(s.points(), s.maxAttempts(), s.gradingMethod(), s.feedbackTiming());
  }

  /**
   * Reads the four fields ({@code points}, {@code attempts}, {@code grading}, {@code feedback},
   * each followed by {@code suffix}); a field that is absent keeps its default, a bad one is a
   * problem named after {@code label}.
   */
  static QuizRules parse(
      Function<String, String> param,
      String suffix,
      QuizRules defaults,
      String label,
      FormProblems problems) {
    double points = defaults.points();
    String pointsText = param.apply("points" + suffix);
    if (pointsText != null) {
      try {
        BigDecimal value = new BigDecimal(pointsText.trim());
        if (value.signum() <= 0
            || value.doubleValue() > MAX_POINTS
            || value.stripTrailingZeros().scale() > 2) {
          throw new NumberFormatException();
        }
        points = value.doubleValue();
      } catch (NumberFormatException e) {
        problems.add("points" + suffix, "instructor.problem.points", label, pointsText, MAX_POINTS);
      }
    }
    int attempts = defaults.maxAttempts();
    String attemptsText = param.apply("attempts" + suffix);
    if (attemptsText != null) {
      try {
        attempts = Integer.parseInt(attemptsText.trim());
        if (attempts < 0 || attempts > MAX_ATTEMPTS) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        attempts = defaults.maxAttempts();
        problems.add(
            "attempts" + suffix, "instructor.problem.attempts", label, attemptsText, MAX_ATTEMPTS);
      }
    }
    GradingMethod grading = defaults.gradingMethod();
    String gradingText = param.apply("grading" + suffix);
    if (gradingText != null) {
      try {
        grading = GradingMethod.fromWord(gradingText);
      } catch (IllegalArgumentException e) {
        problems.add("grading" + suffix, "instructor.problem.grading", label, gradingText);
      }
    }
    FeedbackTiming feedback = defaults.feedbackTiming();
    String feedbackText = param.apply("feedback" + suffix);
    if (feedbackText != null) {
      try {
        feedback = FeedbackTiming.fromWord(feedbackText);
      } catch (IllegalArgumentException e) {
        problems.add("feedback" + suffix, "instructor.problem.feedback", label, feedbackText);
      }
    }
    return new QuizRules(points, attempts, grading, feedback);
  }

  /** The four rules of the quiz's rules in force on a link. */
  static QuizRules of(LinkSettings settings) {
    return new QuizRules(
        settings.points(),
        settings.maxAttempts(),
        settings.gradingMethod(),
        settings.feedbackTiming());
  }

  /** Points as a form or custom-parameter value: {@code 10}, {@code 7.5}. */
  public String pointsText() {
    return plain(points);
  }

  static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
