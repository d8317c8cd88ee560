package com.recoverylab.lti.launch;

import com.recoverylab.store.Jdbc;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.LaunchSessions;
import java.time.Clock;
import java.time.Instant;

/**
 * Turns a validated launch into stored facts and a new session, in one transaction: the user,
 * course and resource link are created or updated, the link remembers its grade endpoints and
 * content, and the session is started. Called only after every check has passed, so a refused
 * launch creates nothing.
 */
public final class LaunchRecorder {
  private final Jdbc jdbc;
  private final LaunchRecordRepository repository;
  private final LaunchSessions sessions;
  private final ColumnRetitling retitling;
  private final Clock clock;

  /**
   * What to do when a link whose gradebook column the tool made gets a new title from its
   * platform (the grading feature queues the column's new label); joins the launch's transaction.
   */
  @FunctionalInterface
  public interface ColumnRetitling {
    void retitle(long resourceLinkId, String title);
  }

  /** A recorder that leaves gradebook columns alone (tools and tests without grade delivery). */
  public LaunchRecorder(Jdbc jdbc, LaunchSessions sessions, Clock clock) {
    this(jdbc, sessions, (link, title) -> { }, clock);
  }

  public LaunchRecorder(Jdbc jdbc, LaunchSessions sessions, ColumnRetitling retitling, Clock clock) {
    this.jdbc = jdbc;
    this.repository = new LaunchRecordRepository(jdbc);
    this.sessions = sessions;
    this.retitling = retitling;
    this.clock = clock;
  }

  /** Records the launch; an id that cannot be stored is a 400 before anything is written. */
  public LaunchSession record(LaunchFacts launched) {
    LaunchFacts facts = ClaimLimits.fit(launched);
    return jdbc.inTransaction(() -> {
      Instant now = clock.instant();
      long userId = repository.recordUser(facts, now);
      long courseId = repository.recordCourse(facts, now);
      Long linkId = null;
      if (facts.resourceLinkId() != null) {
        LaunchRecordRepository.RecordedLink link = repository.recordResourceLink(courseId, facts, now);
        linkId = link.id();
        if (link.retitled() && repository.hasToolMadeColumn(linkId)) {
          retitling.retitle(linkId, facts.resourceLinkTitle());
        }
        if (facts.linkDefaults() != null) {
          repository.insertSettingsIfAbsent(linkId, facts.linkDefaults(), now);
        }
      }
      return sessions.start(facts.platformId(), userId, courseId, linkId, facts.role(), facts.displayName(),
          facts.launchData().toJson());
    });
  }
}
