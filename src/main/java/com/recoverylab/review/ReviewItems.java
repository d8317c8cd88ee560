package com.recoverylab.review;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.Question;
import com.recoverylab.content.Quiz;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the practice item for a card: a choice question (single, multiple, true/false: short enough
 * for a minute's review) with an option that carries the card's tag. Other quizzes' questions come
 * first, then the same quiz's other questions, then the question that revealed it; successive
 * reviews of a card walk through the candidates.
 */
final class ReviewItems {
  private ReviewItems() {}

  /** A question to practise and the quiz it belongs to. */
  record Item(String quizId, Question.Choice question) {}

  static Optional<Item> pick(ContentLibrary library, ReviewCard card) {
    List<Item> candidates = candidates(library, card);
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(candidates.get(card.reviews() % candidates.size()));
  }

  /** The question a form names, when it is one of the card's candidates. */
  static Optional<Item> named(ContentLibrary library, ReviewCard card, String questionId) {
    return candidates(library, card).stream()
        .filter(i -> i.question().id().equals(questionId))
        .findFirst();
  }

  static List<Item> candidates(ContentLibrary library, ReviewCard card) {
    List<Item> otherQuizzes = new ArrayList<>();
    List<Item> sameQuiz = new ArrayList<>();
    List<Item> sameQuestion = new ArrayList<>();
    for (Quiz quiz : library.quizzes()) {
      for (Question question : quiz.questions()) {
        if (!(question instanceof Question.Choice choice) || !tests(choice, card.tag())) {
          continue;
        }
        Item item = new Item(quiz.id(), choice);
        if (!quiz.id().equals(card.sourceQuizId())) {
          otherQuizzes.add(item);
        } else if (!choice.id().equals(card.sourceQuestionId())) {
          sameQuiz.add(item);
        } else {
          sameQuestion.add(item);
        }
      }
    }
    return !otherQuizzes.isEmpty() ? otherQuizzes : !sameQuiz.isEmpty() ? sameQuiz : sameQuestion;
  }

  /** The tags some choice question practises (a wrong option carries it). */
  static Set<String> practised(ContentLibrary library) {
    return library.quizzes().stream()
        .flatMap(q -> q.questions().stream())
        .filter(Question.Choice.class::isInstance)
        .flatMap(q -> ((Question.Choice) q).options().stream())
        .filter(o -> !o.correct() && o.misconception() != null)
        .map(Question.Option::misconception)
        .collect(Collectors.toUnmodifiableSet());
  }

  private static boolean tests(Question.Choice choice, String tag) {
    return choice.options().stream().anyMatch(o -> !o.correct() && tag.equals(o.misconception()));
  }

  /** Right first time: exactly the right options picked. */
  static boolean right(Question.Choice question, List<String> picked) {
    List<String> rightIds =
        question.options().stream()
            .filter(Question.Option::correct)
            .map(Question.Option::id)
            .sorted()
            .toList();
    return picked.stream().distinct().sorted().toList().equals(rightIds);
  }
}
