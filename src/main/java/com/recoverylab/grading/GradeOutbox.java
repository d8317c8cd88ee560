package com.recoverylab.grading;

import com.recoverylab.course.CourseRecordRepository;
import com.recoverylab.store.Jdbc;
import java.time.Clock;
import java.time.Instant;

/**
 * Queues grades for delivery. Callers enqueue inside the same {@link Jdbc#inTransaction} that
 * stores the attempt, so a grade is queued exactly when its attempt is stored.
 */
public final class GradeOutbox {
  /** Between the plain reason and the platform's own words in a stored problem. */
  static final String DETAILS_SEPARATOR = "\n\nThe platform's answer:\n";

  private final Jdbc jdbc;
  private final GradeOutboxRepository repository;
  private final LineItemUpdateRepository columnUpdates;
  private final CourseRecordRepository people;
  private final Clock clock;

  public GradeOutbox(Jdbc jdbc, GradeOutboxRepository repository, Clock clock) {
    this.jdbc = jdbc;
    this.repository = repository;
    this.columnUpdates = new LineItemUpdateRepository(jdbc);
    this.people = new CourseRecordRepository(jdbc);
    this.clock = clock;
  }

  /**
   * Queues a change of the link's gradebook column on the platform (a new maximum, a new label;
   * null keeps what the platform holds), replacing an older change still waiting. Call it in the
   * transaction that changes the link, before queuing the rescaled grades: the worker holds the
   * link's grades until the change is done or has failed. Returns the row id.
   */
  public long queueColumnUpdate(long resourceLinkId, Double scoreMaximum, String label) {
    if (scoreMaximum != null && !(scoreMaximum > 0)) {
      throw new IllegalArgumentException("scoreMaximum must be positive: " + scoreMaximum);
    }
    return jdbc.inTransaction(
        () -> columnUpdates.queue(resourceLinkId, scoreMaximum, label, clock.instant()));
  }

  /** The newest change of the link's column and where it stands; empty when none was queued. */
  public java.util.Optional<ColumnUpdate> columnUpdate(long resourceLinkId) {
    return columnUpdates.latest(resourceLinkId);
  }

  /**
   * A change of a link's gradebook column and where it stands.
   *
   * @param scoreMaximum the maximum asked for, or null when it was left as it was
   * @param lastError why the change waits or failed, in the platform's words where it gave any
   * @param note what happened when it was done without a call (e.g. no column existed yet)
   */
  public record ColumnUpdate(
      Double scoreMaximum,
      String label,
      Status status,
      int tries,
      String lastError,
      String note,
      Instant doneAt) {
    /** States of a column change. */
    public enum Status {
      PENDING,
      DONE,
      FAILED,
      SUPERSEDED
    }
  }

  /**
   * Queues the grade, superseding older rows for the same learner and link that have not been sent,
   * and returns the row id. Only learners' grades belong here.
   */
  public long enqueue(PendingGrade grade) {
    return jdbc.inTransaction(
        () -> {
          repository.supersedePending(grade.resourceLinkId(), grade.userId());
          // the new row's score time stays after every earlier one of the pair (see there)
          return repository.insertAfterNewest(grade, clock.instant());
        });
  }

  /** Where the newest grade for a learner on a link stands; empty when none was queued. */
  /**
   * The grade last queued for a learner on a link (in any state but superseded): score given and
   * maximum, so a recompute queues only grades that changed.
   */
  public java.util.Optional<double[]> lastQueuedGrade(long resourceLinkId, long userId) {
    return repository.lastQueuedGrade(resourceLinkId, userId);
  }

  public java.util.Optional<SyncState> syncState(long resourceLinkId, long userId) {
    return repository.latestState(resourceLinkId, userId);
  }

  /**
   * Each learner's newest grade on the link and where it stands, for the instructor's sync page.
   * The caller checks that the link belongs to the instructor's course.
   */
  public java.util.List<LearnerSync> learners(long resourceLinkId) {
    java.util.List<LearnerSync> states = repository.learnerStates(resourceLinkId);
    var named = people.people(states.stream().map(LearnerSync::userId).toList());
    return states.stream()
        .map(
            s -> {
              var person = named.get(s.userId());
              return new LearnerSync(
                  s.userId(),
                  person == null ? null : person.subject(),
                  person == null ? null : person.name(),
                  s.scoreGiven(),
                  s.scoreMaximum(),
                  s.gradedAt(),
                  s.status(),
                  s.tries(),
                  s.lastError(),
                  s.note(),
                  s.deliveredAt());
            })
        .sorted(
            java.util.Comparator.comparing(
                    LearnerSync::name, java.util.Comparator.nullsLast(String::compareTo))
                .thenComparing(
                    LearnerSync::subject, java.util.Comparator.nullsLast(String::compareTo)))
        .toList();
  }

  /**
   * Queues the learner's newest grade again, as a new row with a newer timestamp (so the platform
   * takes it even if it holds the earlier copy). Returns the new row id, or empty when the learner
   * has no grade on the link.
   */
  public java.util.Optional<Long> resendOne(long resourceLinkId, long userId) {
    return jdbc.inTransaction(
        () -> repository.newestGrade(resourceLinkId, userId, clock.instant()).map(this::enqueue));
  }

  /**
   * {@link #resendOne} for every learner with a grade on the link; returns how many were queued.
   */
  public int resendLink(long resourceLinkId) {
    return jdbc.inTransaction(
        () -> {
          int queued = 0;
          for (long userId : repository.learnersWithGrades(resourceLinkId)) {
            if (resendOne(resourceLinkId, userId).isPresent()) {
              queued++;
            }
          }
          return queued;
        });
  }

  /**
   * One learner's newest grade on a link.
   *
   * @param status where the grade stands; SUPERSEDED here means the platform held a newer one
   * @param tries delivery attempts so far
   * @param lastError why the grade is waiting or failed, in the platform's words where it gave any
   * @param note what the platform said about a delivered or superseded grade, or null
   */
  public record LearnerSync(
      long userId,
      String subject,
      String name,
      double scoreGiven,
      double scoreMaximum,
      Instant gradedAt,
      Status status,
      int tries,
      String lastError,
      String note,
      Instant deliveredAt) {}

  /**
   * A stored problem as the instructor reads it: the plain reason, and what the platform said
   * (empty when it said nothing more), shown folded.
   */
  public record Problem(String plain, String platformText) {}

  /**
   * Splits a stored problem ({@link DeliveryResult.Failed#withDetails}); null reads as no problem.
   */
  public static Problem problem(String lastError) {
    if (lastError == null) {
      return new Problem("", "");
    }
    int at = lastError.indexOf(DETAILS_SEPARATOR);
    return at < 0
        ? new Problem(lastError, "")
        : new Problem(
            lastError.substring(0, at), lastError.substring(at + DETAILS_SEPARATOR.length()));
  }

  /** States of an outbox row. */
  public enum Status {
    PENDING,
    DELIVERED,
    FAILED,
    SUPERSEDED
  }

  /** The delivery state of a learner's newest grade on a link. */
  public record SyncState(Status status, String lastError, int tries, Instant deliveredAt) {}
}
