package com.recoverylab.content;

import com.recoverylab.course.CourseRecordRepository;
import com.recoverylab.course.LinkRules;
import com.recoverylab.course.LinkRulesRepository;
import com.recoverylab.grading.GradeOutbox;
import com.recoverylab.grading.PendingGrade;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.LaunchSession;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Records that a student read a lesson. When the instructor set "lessons count as completion" on a
 * link that shows this lesson, a learner's first read earns the link's full points, queued for the
 * gradebook like a quiz grade.
 */
public final class LessonCompletion {
  private final Jdbc jdbc;
  private final LessonReadRepository reads;
  private final CourseRecordRepository links;
  private final LinkRulesRepository rules;
  private final GradeOutbox outbox;
  private final Clock clock;

  public LessonCompletion(Jdbc jdbc, LessonReadRepository reads, GradeOutbox outbox, Clock clock) {
    this.jdbc = jdbc;
    this.reads = reads;
    this.links = new CourseRecordRepository(jdbc);
    this.rules = new LinkRulesRepository(jdbc);
    this.outbox = outbox;
    this.clock = clock;
  }

  /** Marks the lesson read and, where the link grades completion, queues the grade once. */
  public void read(LaunchSession session, Lesson lesson) {
    Instant now = clock.instant();
    jdbc.inTransaction(
        () -> {
          reads.markRead(session.userId(), session.courseId(), lesson.id(), now);
          Long linkId = session.resourceLinkId();
          if (linkId == null || session.isInstructor()) {
            return null;
          }
          completionPoints(linkId, lesson.id())
              .ifPresent(
                  points -> {
                    if (outbox.syncState(linkId, session.userId()).isEmpty()) {
                      outbox.enqueue(
                          new PendingGrade(
                              linkId, session.userId(), points, points, "Lesson read", now));
                    }
                  });
          return null;
        });
  }

  /**
   * The points a completion grade is worth when the link shows this lesson and its rules count
   * lessons as completion (1 when no points are set); empty otherwise.
   */
  private Optional<Double> completionPoints(long linkId, String lessonId) {
    boolean showsLesson =
        links
            .content(linkId)
            .filter(content -> "lesson".equals(content.kind()) && lessonId.equals(content.id()))
            .isPresent();
    if (!showsLesson) {
      return Optional.empty();
    }
    return rules
        .find(linkId)
        .filter(LinkRules::lessonsCount)
        .map(r -> r.points() == null || r.points() <= 0 ? 1.0 : r.points());
  }
}
