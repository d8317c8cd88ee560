package com.recoverylab.instructor;

import com.recoverylab.content.RightAnswers;
import com.recoverylab.course.LinkRules;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * The settings form as submitted (strings, so a refused form shows back what was typed) and its
 * parsing into {@link LinkRules}. Public: templates read it.
 */
public record SettingsForm(
    String points,
    String attempts,
    String grading,
    String feedback,
    String availableFrom,
    String availableUntil,
    String timeZone,
    boolean lessonsCount,
    String rightAnswers) {
  static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

  static SettingsForm read(Function<String, String> param) {
    return new SettingsForm(
        param.apply("points"),
        param.apply("attempts"),
        param.apply("grading"),
        param.apply("feedback"),
        trim(param.apply("available_from")),
        trim(param.apply("available_until")),
        trim(param.apply("time_zone")),
        param.apply("lessons_count") != null,
        trim(param.apply("right_answers")));
  }

  /** The form filled with what applies now: the stored row over the quiz's defaults. */
  static SettingsForm of(QuizRules effective, LinkRules stored) {
    return new SettingsForm(
        effective == null ? "" : effective.pointsText(),
        effective == null ? "" : Integer.toString(effective.maxAttempts()),
        effective == null ? "" : effective.gradingMethod().word(),
        effective == null ? "" : effective.feedbackTiming().word(),
        local(stored.availableFrom(), stored.timeZone()),
        local(stored.availableUntil(), stored.timeZone()),
        stored.timeZone().getId(),
        stored.lessonsCount(),
        stored.rightAnswers() == null ? "" : stored.rightAnswers());
  }

  /**
   * The settings to store; problems go to {@code problems}.
   *
   * @param defaults the quiz's rules, or null for a link that shows no quiz (only dates and the
   *     lessons flag apply)
   */
  LinkRules parse(QuizRules defaults, String quizTitle, FormProblems problems) {
    QuizRules rules = null;
    if (defaults != null) {
      rules =
          QuizRules.parse(
              name ->
                  switch (name) {
                    case "points" -> blankToBad(points);
                    case "attempts" -> blankToBad(attempts);
                    case "grading" -> grading;
                    case "feedback" -> feedback;
                    default -> null;
                  },
              "",
              defaults,
              quizTitle,
              problems);
    }
    ZoneId zone = ZoneId.of("UTC");
    if (timeZone != null && !timeZone.isEmpty()) {
      try {
        zone = ZoneId.of(timeZone);
      } catch (DateTimeException e) {
        problems.add("time_zone", "instructor.problem.timeZone", timeZone);
      }
    }
    Instant from = instant(availableFrom, zone, "available_from", problems);
    Instant until = instant(availableUntil, zone, "available_until", problems);
    if (from != null && until != null && !until.isAfter(from)) {
      problems.add(
          "available_until", "instructor.problem.untilBeforeFrom", availableUntil, availableFrom);
    }
    String right = null;
    if (defaults != null && rightAnswers != null && !rightAnswers.isEmpty()) {
      if (RightAnswers.words().contains(rightAnswers)) {
        right = rightAnswers;
      } else {
        problems.add("right_answers", "instructor.problem.rightAnswers", rightAnswers);
      }
    }
    return new LinkRules(
        rules == null ? null : rules.points(),
        rules == null ? null : rules.maxAttempts(),
        rules == null ? null : rules.gradingMethod().word(),
        rules == null ? null : rules.feedbackTiming().word(),
        from,
        until,
        lessonsCount,
        zone,
        right);
  }

  private static Instant instant(String text, ZoneId zone, String field, FormProblems problems) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      // datetime-local sends minutes; a browser without it may add seconds
      String minutes = text.length() > 16 ? text.substring(0, 16) : text;
      return LocalDateTime.parse(minutes, LOCAL).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      problems.add(field, "instructor.problem.date", text);
      return null;
    }
  }

  static String local(Instant instant, ZoneId zone) {
    return instant == null ? "" : LOCAL.format(instant.atZone(zone));
  }

  private static String blankToBad(String value) {
    // an emptied field is a mistake to point out, not a silent return to the default
    return value == null ? null : value.isBlank() ? "(empty)" : value;
  }

  private static String trim(String value) {
    return value == null ? null : value.trim();
  }
}
