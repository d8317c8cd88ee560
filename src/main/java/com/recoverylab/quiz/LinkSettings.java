package com.recoverylab.quiz;

import com.recoverylab.content.FeedbackTiming;
import com.recoverylab.content.GradingMethod;
import com.recoverylab.content.Quiz;
import com.recoverylab.content.RightAnswers;
import com.recoverylab.course.LinkRules;
import java.time.Instant;

/**
 * The rules that apply to a quiz on one resource link: the quiz file's defaults, overridden
 * field by field by the link's {@code assignment_settings} row when an instructor saved one.
 *
 * @param availableFrom graded starts are refused before this (null = no limit)
 * @param availableUntil graded starts are refused after this (null = no limit)
 * @param rightAnswers when reviews show the right answers (see {@link RightAnswerRule})
 */
record LinkSettings(
    double points,
    int maxAttempts,
    GradingMethod gradingMethod,
    FeedbackTiming feedbackTiming,
    boolean shuffle,
    int draw,
    Instant availableFrom,
    Instant availableUntil,
    RightAnswers rightAnswers) {

  static LinkSettings defaults(Quiz quiz) {
    var s = quiz.settings();
    return new LinkSettings(s.points(), s.maxAttempts(), s.gradingMethod(), s.feedbackTiming(), s.shuffle(), s.draw(),
        null, null, s.rightAnswers());
  }

  /** These defaults with the link's stored rules applied; null fields and unknown words keep the default. */
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
  private static <T> T parse(String word, java.util.function.Function<String, T> parser, T fallback) {
    if (word == null || word.isBlank()) {
      return fallback;
    }
    try {
      return parser.apply(word);
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }

  boolean openAt(Instant now) {
    return (availableFrom == null || !now.isBefore(availableFrom))
        && (availableUntil == null || !now.isAfter(availableUntil));
  }
}
