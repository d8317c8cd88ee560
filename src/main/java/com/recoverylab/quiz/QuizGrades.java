package com.recoverylab.quiz;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.GradingMethod;
import com.recoverylab.content.Quiz;
import com.recoverylab.course.LinkRulesRepository;
import com.recoverylab.course.LinkRulesRepository.RuledLink;
import com.recoverylab.grading.GradeOutbox;
import com.recoverylab.grading.PendingGrade;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.Messages;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * A learner's grade on a quiz link: the link's grading method over their submitted graded attempts
 * (oldest first), times the points the link is worth. Queues grades in the outbox.
 */
public final class QuizGrades {
  private final Jdbc jdbc;
  private final Messages messages;
  private final QuizRepository repository;
  private final LinkRulesRepository links;
  private final GradeOutbox outbox;
  private final Supplier<ContentLibrary> content;
  private final Clock clock;

  /**
   * @param messages the tool's texts; the gradebook comment is in English, what platforms show
   *     everyone
   */
  public QuizGrades(
      Jdbc jdbc,
      GradeOutbox outbox,
      Supplier<ContentLibrary> content,
      Messages messages,
      Clock clock) {
    this.jdbc = jdbc;
    this.messages = messages;
    this.repository = new QuizRepository(jdbc);
    this.links = new LinkRulesRepository(jdbc);
    this.outbox = outbox;
    this.content = content;
    this.clock = clock;
  }

  /** A grade in points out of the link's points, with the comment the gradebook shows. */
  public record LinkGrade(
      double points, double pointsPossible, int attempts, GradingMethod method, String comment) {}

  /** The grade a learner has on a link now; empty before their first submitted graded attempt. */
  public Optional<LinkGrade> grade(long resourceLinkId, long userId) {
    return grade(settings(resourceLinkId), submittedFractions(resourceLinkId, userId));
  }

  /**
   * The learner's submitted graded scores on the link, oldest first; their number is the attempts
   * used. Pages that show both the grade and the attempts read them once.
   */
  List<Double> submittedFractions(long resourceLinkId, long userId) {
    return repository.submittedGradedFractions(resourceLinkId, userId);
  }

  /**
   * Like {@link #grade(long, long)}, from the link's settings and scores the caller already read.
   */
  Optional<LinkGrade> grade(LinkSettings settings, List<Double> fractions) {
    OptionalDouble fraction = settings.gradingMethod().apply(fractions);
    if (fraction.isEmpty()) {
      return Optional.empty();
    }
    double possible = settings.points();
    double points = Math.min(possible, round(Math.max(0, fraction.getAsDouble()) * possible));
    String comment =
        messages.text(
            Locale.ENGLISH,
            "quiz.grade.comment." + settings.gradingMethod().word(),
            fractions.size(),
            number(points),
            number(possible));
    return Optional.of(
        new LinkGrade(points, possible, fractions.size(), settings.gradingMethod(), comment));
  }

  /**
   * Recomputes every learner's grade on a link (after the instructor changed the grading method,
   * points or attempts) and queues those that differ from the grade last queued. Returns how many
   * grades were queued.
   */
  public int recomputeAndQueue(long resourceLinkId) {
    return jdbc.inTransaction(
        () -> {
          int queued = 0;
          Instant now = clock.instant();
          for (long userId : repository.gradedUsers(resourceLinkId)) {
            Optional<LinkGrade> grade = grade(resourceLinkId, userId);
            if (grade.isEmpty()) {
              continue;
            }
            Optional<double[]> last = outbox.lastQueuedGrade(resourceLinkId, userId);
            boolean same =
                last.isPresent()
                    && round(last.get()[0]) == grade.get().points()
                    && round(last.get()[1]) == round(grade.get().pointsPossible());
            if (!same) {
              enqueue(resourceLinkId, userId, grade.get(), now);
              queued++;
            }
          }
          return queued;
        });
  }

  /** Queues the learner's current grade; called inside the transaction that submits an attempt. */
  void queue(long resourceLinkId, long userId, Instant now) {
    grade(resourceLinkId, userId).ifPresent(grade -> enqueue(resourceLinkId, userId, grade, now));
  }

  private void enqueue(long resourceLinkId, long userId, LinkGrade grade, Instant now) {
    outbox.enqueue(
        new PendingGrade(
            resourceLinkId, userId, grade.points(), grade.pointsPossible(), grade.comment(), now));
  }

  /** The link's rules for the quiz it shows; the file's defaults apply unless overridden. */
  LinkSettings settings(long resourceLinkId) {
    return settings(resourceLinkId, link(resourceLinkId));
  }

  /** Like {@link #settings(long)}, from a link row the caller already read. */
  LinkSettings settings(long resourceLinkId, Optional<RuledLink> link) {
    Optional<Quiz> quiz =
        link.map(RuledLink::content)
            .filter(c -> "quiz".equals(c.kind()) && c.id() != null)
            .flatMap(c -> content.get().quiz(c.id()));
    LinkSettings base = quiz.map(LinkSettings::defaults).orElseGet(() -> fallback(resourceLinkId));
    return link.map(RuledLink::rules).map(base::with).orElse(base);
  }

  /** What the link shows and the rules set on it. */
  Optional<RuledLink> link(long resourceLinkId) {
    return links.link(resourceLinkId);
  }

  /** A link whose quiz left the content keeps grading by the points its attempts were worth. */
  private LinkSettings fallback(long resourceLinkId) {
    double points =
        repository.submittedGradedAttempts(resourceLinkId).stream()
            .mapToDouble(QuizResults.AttemptRow::pointsPossible)
            .reduce((a, b) -> b)
            .orElse(1);
    return new LinkSettings(
        points,
        0,
        GradingMethod.HIGHEST,
        com.recoverylab.content.FeedbackTiming.AT_END,
        false,
        0,
        null,
        null,
        com.recoverylab.content.RightAnswers.DEFAULT);
  }

  static double round(double value) {
    return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).doubleValue();
  }

  /** 8 for 8.0, 7.5 for 7.5, at most two decimals. */
  static String number(double value) {
    return BigDecimal.valueOf(value)
        .setScale(2, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }
}
