package com.recoverylab.export;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.Question;
import com.recoverylab.content.Quiz;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a {@link BankSelection} as Moodle GIFT: a {@code $CATEGORY:} per quiz, each question named
 * {@code ::quiz/question::} with its id and misconception tags in the comment before it ({@code //
 * [id:..] [tag:..]}, read by Moodle's GIFT import since 3.6), texts as {@code [html]} with {@code ~
 * = # { } :} and backslash escaped, feedback per option and the lesson to read.
 */
public final class GiftWriter {
  /** The category all quizzes go under, in the course's question bank. */
  static final String TOP_CATEGORY = "$course$/top/Recovery Lab";

  private final ContentLibrary library;

  public GiftWriter(ContentLibrary library) {
    this.library = library;
  }

  /** The whole GIFT file. */
  public String write(BankSelection selection) {
    StringBuilder out = new StringBuilder();
    out.append("// Recovery Lab question bank for Moodle (GIFT): ")
        .append(selection.exportedCount())
        .append(" questions from ")
        .append(selection.quizzes().size())
        .append(" quizzes.\n");
    if (selection.skipped().isEmpty()) {
      out.append("// No question was skipped.\n");
    } else {
      out.append("// Skipped, because GIFT cannot express them faithfully:\n");
      for (BankSelection.Skipped skipped : selection.skipped()) {
        out.append("//   ").append(Markup.oneLine(skipped.line())).append('\n');
      }
    }
    out.append('\n');
    for (BankSelection.QuizPart part : selection.quizzes()) {
      out.append("$CATEGORY: ").append(category(part.quiz())).append("\n\n");
      for (Question question : part.questions()) {
        out.append(question(part.quiz(), question)).append('\n');
      }
    }
    return out.toString();
  }

  /** The category path of a quiz: {@code /} inside a name is doubled, as Moodle's paths want. */
  static String category(Quiz quiz) {
    return TOP_CATEGORY + "/" + Markup.oneLine(quiz.title()).replace("/", "//");
  }

  private String question(Quiz quiz, Question question) {
    StringBuilder out = new StringBuilder();
    out.append("// ")
        .append(quiz.id())
        .append('/')
        .append(question.id())
        .append(" (")
        .append(question.kind())
        .append(")\n");
    out.append("// [id:").append(quiz.id()).append('/').append(question.id()).append(']');
    for (String tag : tags(question)) {
      out.append(" [tag:").append(tag).append(']');
    }
    out.append('\n');
    out.append("::")
        .append(escape(quiz.id() + "/" + question.id()))
        .append("::[html]")
        .append(escape(Markup.prompt(question.prompt())));
    if (question instanceof Question.Choice choice) {
      out.append(
          choice.choiceKind() == Question.ChoiceKind.TRUE_FALSE
              ? trueFalse(choice)
              : options(choice));
    } else if (question instanceof Question.Matching matching) {
      out.append(matching(matching));
    } else {
      throw new IllegalArgumentException("not a choice question: " + question.kind());
    }
    return out.toString();
  }

  /** Misconception tags of the wrong options, each once, in option order. */
  static Set<String> tags(Question question) {
    Set<String> tags = new LinkedHashSet<>();
    List<Question.Option> options =
        question instanceof Question.Choice choice
            ? choice.options()
            : question instanceof Question.Matching matching ? matching.distractors() : List.of();
    for (Question.Option option : options) {
      if (option.misconception() != null && !option.misconception().isBlank()) {
        tags.add(option.misconception());
      }
    }
    return tags;
  }

  private String options(Question.Choice choice) {
    long right = choice.options().stream().filter(Question.Option::correct).count();
    StringBuilder out = new StringBuilder("{\n");
    for (Question.Option option : choice.options()) {
      out.append('\t');
      if (choice.choiceKind() == Question.ChoiceKind.SINGLE || right == 1) {
        out.append(option.correct() ? "=" : "~");
      } else {
        // each right option earns its share; each wrong one takes a share away (never below 0),
        // which is how the tool scores a multiple-answer question
        out.append("~%").append(option.correct() ? "" : "-").append(share(right)).append('%');
      }
      out.append(escape(Markup.html(Markup.oneLine(option.text()))));
      String feedback = feedback(option.feedback(), option.link());
      if (!feedback.isEmpty()) {
        out.append('#').append(escape(feedback));
      }
      out.append('\n');
    }
    return out.append("}\n").toString();
  }

  /** 100 / parts, as Moodle's grade list writes it (at most five decimals). */
  static String share(long parts) {
    return BigDecimal.valueOf(100)
        .divide(BigDecimal.valueOf(parts), 5, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  private String trueFalse(Question.Choice choice) {
    Question.Option key =
        choice.options().stream()
            .filter(Question.Option::correct)
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException("true/false without a key: " + choice.id()));
    Question.Option other =
        choice.options().stream()
            .filter(o -> !o.correct())
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "true/false without a wrong option: " + choice.id()));
    // Moodle reads {T#feedback for a wrong answer#feedback for a right one}
    return "{"
        + ("true".equals(key.id()) ? "T" : "F")
        + "#"
        + escape(feedback(other.feedback(), other.link()))
        + "#"
        + escape(feedback(key.feedback(), key.link()))
        + "}\n";
  }

  private String matching(Question.Matching matching) {
    StringBuilder out = new StringBuilder("{\n");
    StringBuilder general = new StringBuilder();
    for (Question.Pair pair : matching.pairs()) {
      // the left side is HTML (so a "->" in it becomes "-&gt;" and cannot end it); the right
      // side is plain text in Moodle
      out.append("\t=")
          .append(escape(Markup.html(Markup.oneLine(pair.left()))))
          .append(" -> ")
          .append(escape(Markup.oneLine(pair.right())))
          .append('\n');
      general
          .append("<p>")
          .append(Markup.html(Markup.oneLine(pair.left())))
          .append(" \u2192 ")
          .append(Markup.html(Markup.oneLine(pair.right())));
      String feedback = feedback(pair.feedback(), pair.link());
      general.append(feedback.isEmpty() ? "" : ": " + feedback).append("</p>");
    }
    for (Question.Option distractor : matching.distractors()) {
      // a right-hand choice with no left item is a distractor in Moodle's matching question
      out.append("\t= -> ").append(escape(Markup.oneLine(distractor.text()))).append('\n');
      general
          .append("<p>")
          .append(Markup.html(Markup.oneLine(distractor.text())))
          .append(" (matches no item)");
      String feedback = feedback(distractor.feedback(), distractor.link());
      general.append(feedback.isEmpty() ? "" : ": " + feedback).append("</p>");
    }
    out.append("\t####").append(escape(general.toString())).append('\n');
    return out.append("}\n").toString();
  }

  /** An option's feedback and the lesson section to read, as HTML on one line. */
  private String feedback(String feedback, String link) {
    String text = feedback == null ? "" : Markup.html(Markup.oneLine(feedback));
    String lesson =
        LessonReference.of(library, link).map(ref -> Markup.html(ref.sentence())).orElse("");
    return (text + " " + lesson).trim();
  }

  /** GIFT's escapes: backslash first, then each control character. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\', '~', '=', '#', '{', '}', ':' -> out.append('\\').append(c);
        case '\n' -> out.append("\\n");
        case '\r' -> {}
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
