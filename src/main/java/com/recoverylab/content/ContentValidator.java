package com.recoverylab.content;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checks that look across files: unique ids and orders, lessons and quizzes that name each
 * other, links to lesson sections, declared misconception tags, and each branching scenario's
 * graph, and the item-writing checks. Adds to the same problem list the readers filled, so authors
 * get one full report.
 */
final class ContentValidator {
  private final Problems problems;
  private final Set<String> unreadable = new HashSet<>();

  /**
   * @param unreadable files that exist but could not be read, as {@code lessons/<name>} or {@code
   *     quizzes/<name>}: their own problems are reported, not every reference to them
   */
  ContentValidator(Problems problems, Set<String> unreadable) {
    this.problems = problems;
    this.unreadable.addAll(unreadable);
  }

  /** Checks everything read; returns the best/worst report of every sound branching scenario. */
  List<BranchingReport> validate(
      List<LessonReader.Read> lessons,
      List<QuizReader.Read> quizzes,
      MisconceptionReader.Read misconceptions) {
    Map<String, Lesson> lessonsById = new HashMap<>();
    Ids lessonIds = new Ids("lesson id", problems);
    Ids orders = new Ids("lesson order", problems);
    // a lesson whose id matches its file name owns that id; the other file is the one to fix
    List<LessonReader.Read> ownersFirst =
        lessons.stream()
            .sorted(
                Comparator.comparing(
                    (LessonReader.Read r) ->
                        !r.lesson().source().equals("lessons/" + r.lesson().id() + ".md")))
            .toList();
    for (LessonReader.Read read : ownersFirst) {
      lessonIds.add(read.lesson().id(), read.idAt());
      orders.add(String.valueOf(read.lesson().order()), read.orderAt());
      lessonsById.putIfAbsent(read.lesson().id(), read.lesson());
    }
    Ids quizIds = new Ids("quiz id", problems);
    for (QuizReader.Read read :
        quizzes.stream()
            .sorted(
                Comparator.comparing(
                    (QuizReader.Read r) ->
                        !r.quiz().source().equals("quizzes/" + r.quiz().id() + ".yaml")))
            .toList()) {
      quizIds.add(read.quiz().id(), read.idAt());
    }

    // a file whose id does not match its name has that reported; references by file name are not
    // reported again as missing
    lessons.forEach(r -> unreadable.add(r.lesson().source().replaceFirst("\\.md$", "")));
    quizzes.forEach(r -> unreadable.add(r.quiz().source().replaceFirst("\\.yaml$", "")));
    for (LessonReader.Read read : lessons) {
      for (Fields.Located quiz : read.quizRefs()) {
        if (!quizIds.contains(quiz.value()) && !unreadable.contains("quizzes/" + quiz.value())) {
          problems.add(
              quiz.location(),
              "quiz " + quiz.value() + " does not exist (no quizzes/" + quiz.value() + ".yaml)");
        }
      }
      for (Fields.Located link : read.links()) {
        checkLink(link, lessonsById, Optional.of(read.lesson()));
      }
    }
    List<BranchingReport> reports = new ArrayList<>();
    for (QuizReader.Read read : quizzes) {
      for (Fields.Located lesson : read.lessonRefs()) {
        if (!lessonsById.containsKey(lesson.value())
            && !unreadable.contains("lessons/" + lesson.value())) {
          problems.add(
              lesson.location(),
              "lesson "
                  + lesson.value()
                  + " does not exist (no lessons/"
                  + lesson.value()
                  + ".md)");
        }
      }
      for (Fields.Located link : read.links()) {
        checkLink(link, lessonsById, Optional.empty());
      }
      for (Fields.Located tag : read.misconceptions()) {
        if (misconceptions.readable()
            && !misconceptions.misconceptions().containsKey(tag.value())) {
          problems.add(
              tag.location(),
              "misconception " + tag.value() + " is not declared in " + MisconceptionReader.FILE);
        }
      }
      for (QuizReader.BranchingPlaces places : read.branching()) {
        BranchingAnalysis.analyse(read.quiz().id(), places, problems).ifPresent(reports::add);
      }
    }
    ItemWritingChecks.check(quizzes, problems);
    for (Fields.Located link : misconceptions.links()) {
      checkLink(link, lessonsById, Optional.empty());
    }
    return reports;
  }

  /**
   * A link is {@code lesson-id} or {@code lesson-id#anchor}; in a lesson, {@code #anchor} means
   * that lesson.
   */
  private void checkLink(
      Fields.Located link, Map<String, Lesson> lessons, Optional<Lesson> within) {
    String value = link.value();
    int hash = value.indexOf('#');
    String lessonId = hash < 0 ? value : value.substring(0, hash);
    String anchor = hash < 0 ? null : value.substring(hash + 1);
    if (lessonId.isEmpty() && within.isPresent()) {
      lessonId = within.get().id();
    }
    if (!Ids.FILE_ID.matcher(lessonId).matches() || (anchor != null && anchor.isEmpty())) {
      problems.add(
          link.location(),
          "link "
              + value
              + " must name a lesson section as lesson-id#anchor"
              + (within.isPresent() ? " (or a web address with https://)" : ""));
      return;
    }
    Lesson lesson = lessons.get(lessonId);
    if (lesson == null && unreadable.contains("lessons/" + lessonId)) {
      return;
    }
    if (lesson == null) {
      problems.add(
          link.location(),
          "link " + value + " names lesson " + lessonId + ", which does not exist");
    } else if (anchor != null && !lesson.hasAnchor(anchor)) {
      problems.add(
          link.location(),
          "link "
              + value
              + " names section #"
              + anchor
              + ", which lesson "
              + lessonId
              + " does not have"
              + nearest(lesson));
    }
  }

  private static String nearest(Lesson lesson) {
    if (lesson.headings().isEmpty()) {
      return " (it has no headings)";
    }
    return " (its sections: "
        + String.join(", ", lesson.headings().stream().map(Lesson.Heading::anchor).toList())
        + ")";
  }
}
