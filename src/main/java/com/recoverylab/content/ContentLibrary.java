package com.recoverylab.content;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** All lessons and quizzes, validated and immutable; a content change is a new library. */
public record ContentLibrary(
    List<Lesson> lessons, List<Quiz> quizzes, Map<String, Misconception> misconceptions) {

  public ContentLibrary {
    lessons =
        lessons.stream()
            .sorted(Comparator.comparingInt(Lesson::order).thenComparing(Lesson::id))
            .toList();
    quizzes = List.copyOf(quizzes);
    misconceptions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(misconceptions));
  }

  public Optional<Lesson> lesson(String id) {
    return lessons.stream().filter(l -> l.id().equals(id)).findFirst();
  }

  public Optional<Quiz> quiz(String id) {
    return quizzes.stream().filter(q -> q.id().equals(id)).findFirst();
  }

  public Optional<Misconception> misconception(String tag) {
    return Optional.ofNullable(misconceptions.get(tag));
  }
}
