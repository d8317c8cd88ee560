package com.recoverylab.content;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A scenario quiz, loaded from {@code quizzes/<id>.yaml}.
 *
 * @param questions the whole pool; {@link QuizSettings#draw} says how many an attempt uses
 * @param lessonIds lessons that teach what the quiz asks
 * @param source the file it came from, relative to the content folder
 */
public record Quiz(
    String id,
    String title,
    String summary,
    int minutes,
    QuizSettings settings,
    List<String> lessonIds,
    List<Question> questions,
    String source) {

  public Quiz {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(settings, "settings");
    lessonIds = List.copyOf(lessonIds);
    questions = List.copyOf(questions);
  }

  public Optional<Question> question(String questionId) {
    return questions.stream().filter(q -> q.id().equals(questionId)).findFirst();
  }

  /** Questions an attempt shows: the draw size, or the whole pool. */
  public int questionsPerAttempt() {
    return settings.draw() == 0 ? questions.size() : Math.min(settings.draw(), questions.size());
  }
}
