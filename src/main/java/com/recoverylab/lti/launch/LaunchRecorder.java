package com.recoverylab.lti.launch;

import com.recoverylab.course.CourseRecordRepository;
import com.recoverylab.course.CourseRecordRepository.GradeEndpoints;
import com.recoverylab.course.CourseRecordRepository.LaunchedLink;
import com.recoverylab.course.CourseRecordRepository.PlatformCourse;
import com.recoverylab.course.CourseRecordRepository.PlatformUser;
import com.recoverylab.course.LinkRules;
import com.recoverylab.course.LinkRulesRepository;
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
  private final CourseRecordRepository repository;
  private final LinkRulesRepository rules;
  private final LaunchSessions sessions;
  private final ColumnRetitling retitling;
  private final Clock clock;

  /**
   * What to do when a link whose gradebook column the tool made gets a new title from its platform
   * (the grading feature queues the column's new label); joins the launch's transaction.
   */
  @FunctionalInterface
  public interface ColumnRetitling {
    void retitle(long resourceLinkId, String title);
  }

  /** A recorder that leaves gradebook columns alone (tools and tests without grade delivery). */
  public LaunchRecorder(Jdbc jdbc, LaunchSessions sessions, Clock clock) {
    this(jdbc, sessions, (link, title) -> {}, clock);
  }

  public LaunchRecorder(
      Jdbc jdbc, LaunchSessions sessions, ColumnRetitling retitling, Clock clock) {
    this.jdbc = jdbc;
    this.repository = new CourseRecordRepository(jdbc);
    this.rules = new LinkRulesRepository(jdbc);
    this.sessions = sessions;
    this.retitling = retitling;
    this.clock = clock;
  }

  /** Records the launch; an id that cannot be stored is a 400 before anything is written. */
  public LaunchSession record(LaunchFacts launched) {
    return record(launched, () -> {}, null);
  }

  /**
   * Records the launch after {@code claim}, in the same transaction: the LTI 1.3 launch uses up its
   * login state (and with it the state's nonce) there, so a launch's writes share one commit and a
   * refused claim (the state used meanwhile) leaves nothing recorded. The session is bound to the
   * browser whose cookie hashes to {@code browserHash} (null: to the first page's).
   */
  LaunchSession record(LaunchFacts launched, Runnable claim, String browserHash) {
    LaunchFacts facts = ClaimLimits.fit(launched);
    return jdbc.inTransaction(
        () -> {
          claim.run();
          Instant now = clock.instant();
          long userId =
              repository.recordUser(
                  new PlatformUser(
                      facts.platformId(),
                      facts.userSubject(),
                      facts.name(),
                      facts.givenName(),
                      facts.familyName(),
                      facts.email()),
                  now);
          long courseId =
              repository.recordCourse(
                  new PlatformCourse(
                      facts.platformId(),
                      facts.deploymentId(),
                      facts.contextId(),
                      facts.contextLabel(),
                      facts.contextTitle()),
                  now);
          Long linkId = null;
          if (facts.resourceLinkId() != null) {
            LaunchFacts.AgsEndpoints ags = facts.ags();
            CourseRecordRepository.RecordedLink link =
                repository.recordResourceLink(
                    courseId,
                    new LaunchedLink(
                        facts.resourceLinkId(),
                        facts.resourceLinkTitle(),
                        facts.contentKind(),
                        facts.contentId(),
                        ags == null
                            ? null
                            : new GradeEndpoints(
                                ags.lineitemsUrl(), ags.lineitemUrl(), ags.scopes())),
                    now);
            linkId = link.id();
            if (link.retitled() && repository.hasToolMadeColumn(linkId)) {
              retitling.retitle(linkId, facts.resourceLinkTitle());
            }
            LinkRules carried = facts.linkDefaults();
            if (carried != null) {
              rules.saveIfAbsent(linkId, carried, now);
            }
          }
          return sessions.start(
              facts.platformId(),
              userId,
              courseId,
              linkId,
              facts.role(),
              facts.displayName(),
              facts.launchData().toJson(),
              browserHash);
        });
  }
}
