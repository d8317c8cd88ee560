package com.recoverylab.instructor;

import com.recoverylab.content.Quiz;
import com.recoverylab.quiz.AttemptResponses;
import com.recoverylab.quiz.QuizResults;
import com.recoverylab.web.HttpError;
import java.util.List;
import java.util.Locale;

/**
 * The item analysis of a quiz link: the quiz feature's counted responses, through {@link
 * ItemStatistics}.
 */
final class ItemAnalysis {
  private final QuizResults quizResults;

  ItemAnalysis(QuizResults quizResults) {
    this.quizResults = quizResults;
  }

  List<ItemStat> of(LinkInfo link, Quiz quiz, AttemptResponses.Counting counting) {
    return ItemStatistics.of(quiz, quizResults.responses(link.id(), counting));
  }

  /** The {@code attempts} parameter: {@code first} (also when absent) or {@code all}. */
  static AttemptResponses.Counting counting(String parameter) {
    if (parameter == null || parameter.isBlank()) {
      return AttemptResponses.Counting.FIRST;
    }
    return switch (parameter.trim().toLowerCase(Locale.ROOT)) {
      case "first" -> AttemptResponses.Counting.FIRST;
      case "all" -> AttemptResponses.Counting.ALL;
      default -> throw HttpError.badRequest("instructor.items.badAttempts", parameter);
    };
  }

  static String word(AttemptResponses.Counting counting) {
    return counting.name().toLowerCase(Locale.ROOT);
  }
}
