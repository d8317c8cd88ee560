package com.recoverylab.instructor;

import com.recoverylab.grading.GradeOutbox;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** {@link GradeSync} over the grade outbox. */
public final class OutboxGradeSync implements GradeSync {
  private final GradeOutbox outbox;

  public OutboxGradeSync(GradeOutbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public Map<Long, State> states(long resourceLinkId, Collection<Long> userIds) {
    Map<Long, State> states = new HashMap<>();
    for (long userId : userIds) {
      outbox.syncState(resourceLinkId, userId)
          .ifPresent(s -> states.put(userId, new State(s.status().name(), s.lastError())));
    }
    return states;
  }

  @Override
  public boolean resendOne(long resourceLinkId, long userId) {
    throw new UnsupportedOperationException("resend arrives with the delivery worker");
  }

  @Override
  public int resendLink(long resourceLinkId) {
    throw new UnsupportedOperationException("resend arrives with the delivery worker");
  }
}
