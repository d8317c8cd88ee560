package com.recoverylab.export;

import com.recoverylab.content.Question;
import com.recoverylab.content.Quiz;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a question-bank export holds: for each chosen quiz its choice questions (single, multiple,
 * true/false, matching), and every question left out with the reason.
 */
public record BankSelection(List<QuizPart> quizzes, List<Skipped> skipped) {

  /**
   * Moodle's grade list goes down to 10%, so a multiple-answer key can be split at most ten ways.
   */
  static final int MOST_RIGHT_OPTIONS = 10;

  public BankSelection {
    quizzes = List.copyOf(quizzes);
    skipped = List.copyOf(skipped);
  }

  /** A quiz and the questions of it that the formats can express. */
  public record QuizPart(Quiz quiz, List<Question> questions) {
    public QuizPart {
      Objects.requireNonNull(quiz, "quiz");
      questions = List.copyOf(questions);
    }
  }

  /** A question left out of the export, and why. */
  public record Skipped(
      String quizId, String quizTitle, String questionId, String kind, SkipReason reason) {
    public Skipped {
      Objects.requireNonNull(reason, "reason");
    }

    /** One line for the download's report. */
    public String line() {
      return quizId + "/" + questionId + " (" + kind + "): " + reason.text();
    }
  }

  /** Why a question cannot go into GIFT or QTI faithfully. */
  public enum SkipReason {
    RANKING(
        "a ranking gives partial credit for each pair of items in the right order, which neither GIFT "
            + "nor QTI choice items can score the same way"),
    BRANCHING(
        "a branching scenario leads through steps to endings; neither format has steps, so the story "
            + "and its scoring would be lost"),
    TOO_MANY_RIGHT_OPTIONS(
        "it has more than "
            + MOST_RIGHT_OPTIONS
            + " right options; Moodle's grade list cannot split the credit that finely");

    private final String text;

    SkipReason(String text) {
      this.text = text;
    }

    /** The reason in plain words. */
    public String text() {
      return text;
    }
  }

  /** Sorts each quiz's questions into exported and skipped, quizzes in the order given. */
  public static BankSelection of(List<Quiz> quizzes) {
    List<QuizPart> parts = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (Quiz quiz : quizzes) {
      List<Question> kept = new ArrayList<>();
      for (Question question : quiz.questions()) {
        SkipReason reason = reasonToSkip(question);
        if (reason == null) {
          kept.add(question);
        } else {
          skipped.add(new Skipped(quiz.id(), quiz.title(), question.id(), question.kind(), reason));
        }
      }
      parts.add(new QuizPart(quiz, kept));
    }
    return new BankSelection(parts, skipped);
  }

  private static SkipReason reasonToSkip(Question question) {
    if (question instanceof Question.Ranking) {
      return SkipReason.RANKING;
    }
    if (question instanceof Question.Branching) {
      return SkipReason.BRANCHING;
    }
    if (question instanceof Question.Choice choice
        && choice.options().stream().filter(Question.Option::correct).count()
            > MOST_RIGHT_OPTIONS) {
      return SkipReason.TOO_MANY_RIGHT_OPTIONS;
    }
    return null;
  }

  /** How many questions the export holds. */
  public int exportedCount() {
    return quizzes.stream().mapToInt(part -> part.questions().size()).sum();
  }

  /** The skipped questions of one quiz. */
  public List<Skipped> skippedOf(String quizId) {
    return skipped.stream().filter(s -> s.quizId().equals(quizId)).toList();
  }
}
