package com.recoverylab.instructor;

import com.recoverylab.grading.GradeOutbox;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link GradeSync} over the grade outbox: one query for the whole link's states. */
public final class OutboxGradeSync implements GradeSync {
  private final GradeOutbox outbox;

  public OutboxGradeSync(GradeOutbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public Map<Long, State> states(long resourceLinkId, Collection<Long> userIds) {
    Set<Long> wanted = new HashSet<>(userIds);
    Map<Long, State> states = new HashMap<>();
    for (GradeOutbox.LearnerSync learner : outbox.learners(resourceLinkId)) {
      if (wanted.contains(learner.userId())) {
        GradeOutbox.Problem problem = GradeOutbox.problem(learner.lastError());
        states.put(
            learner.userId(),
            new State(
                learner.status().name(),
                learner.lastError() == null ? null : problem.plain(),
                problem.platformText()));
      }
    }
    return states;
  }

  @Override
  public boolean resendOne(long resourceLinkId, long userId) {
    return outbox.resendOne(resourceLinkId, userId).isPresent();
  }

  @Override
  public int resendLink(long resourceLinkId) {
    return outbox.resendLink(resourceLinkId);
  }

  @Override
  public void queueColumnPoints(long resourceLinkId, double points) {
    outbox.queueColumnUpdate(resourceLinkId, points, null);
  }

  @Override
  public Optional<ColumnState> columnState(long resourceLinkId) {
    return outbox
        .columnUpdate(resourceLinkId)
        .filter(update -> update.scoreMaximum() != null)
        .map(
            update ->
                new ColumnState(
                    update.status().name(),
                    QuizRules.plain(update.scoreMaximum()),
                    update.lastError() == null ? "" : update.lastError(),
                    update.note() == null ? "" : update.note()));
  }
}
