package com.recoverylab.quiz;

import com.recoverylab.content.FeedbackTiming;
import com.recoverylab.content.GradingMethod;
import com.recoverylab.content.Quiz;
import com.recoverylab.content.RightAnswers;
import com.recoverylab.course.LinkRules;
import com.recoverylab.web.HttpError;
import java.time.Instant;
import java.util.Optional;

/**
 * The rules that apply to a quiz on one resource link: the quiz file's defaults, overridden field
 * by field by the link's stored {@link LinkRules} when an instructor saved some. The one place that
 * applies stored rules and decides whether a graded attempt may start; public so the instructor
 * pages show the same rules the quiz applies.
 *
 * @param availableFrom graded starts are refused before this (null = no limit)
 * @param availableUntil graded starts are refused after this (null = no limit)
 * @param rightAnswers when reviews show the right answers (see {@link RightAnswerRule})
 */
public record LinkSettings(
    double points,
    int maxAttempts,
    GradingMethod gradingMethod,
    FeedbackTiming feedbackTiming,
    boolean shuffle,
    int draw,
    Instant availableFrom,
    Instant availableUntil,
    RightAnswers rightAnswers) {

  /**
   * The rules in force for the quiz on a link: the file's defaults with the link's stored rules
   * applied.
   */
  public static LinkSettings of(Quiz quiz, LinkRules stored) {
    return defaults(quiz).with(stored);
  }

  static LinkSettings defaults(Quiz quiz) {
    var s = quiz.settings();
    return new LinkSettings(
        s.points(),
        s.maxAttempts(),
        s.gradingMethod(),
        s.feedbackTiming(),
        s.shuffle(),
        s.draw(),
        null,
        null,
        s.rightAnswers());
  }

  /**
   * These defaults with the link's stored rules applied; null fields and unknown words keep the
   * default.
   */
  LinkSettings with(LinkRules o) {
    return new LinkSettings(
        o.points() != null && o.points() > 0 ? o.points() : points,
        o.maxAttempts() != null && o.maxAttempts() >= 0 ? o.maxAttempts() : maxAttempts,
        parse(o.gradingMethod(), GradingMethod::fromWord, gradingMethod),
        parse(o.feedbackTiming(), FeedbackTiming::fromWord, feedbackTiming),
        shuffle,
        draw,
        o.availableFrom(),
        o.availableUntil(),
        parse(o.rightAnswers(), RightAnswers::fromWord, rightAnswers));
  }

  /** A stored word the tool does not know keeps the default rather than breaking the quiz. */
  private static <T> T parse(
      String word, java.util.function.Function<String, T> parser, T fallback) {
    if (word == null || word.isBlank()) {
      return fallback;
    }
    try {
      return parser.apply(word);
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }

  /** True once the link's close date has passed. */
  boolean closedAt(Instant now) {
    return availableUntil != null && now.isAfter(availableUntil);
  }

  /** True when a learner who submitted {@code attemptsUsed} graded attempts has none left. */
  boolean attemptsUsedUp(int attemptsUsed) {
    return maxAttempts > 0 && attemptsUsed >= maxAttempts;
  }

  /**
   * Why a new graded attempt may not start now, or empty when it may: before the open date, after
   * the close date, or with every attempt used. The start page shows the reason; a start request is
   * refused with it. The one place these rules are decided.
   */
  Optional<HttpError> refusesGradedStart(int attemptsUsed, Instant now) {
    if (availableFrom != null && now.isBefore(availableFrom)) {
      return Optional.of(
          HttpError.forbidden("error.quiz.notYetOpen", QuizFormat.dateTime(availableFrom)));
    }
    if (closedAt(now)) {
      return Optional.of(
          HttpError.forbidden("error.quiz.closed", QuizFormat.dateTime(availableUntil)));
    }
    if (attemptsUsedUp(attemptsUsed)) {
      return Optional.of(HttpError.conflict("error.quiz.noAttemptsLeft", maxAttempts));
    }
    return Optional.empty();
  }
}
