package com.recoverylab.lti.legacy;

import com.recoverylab.course.CourseRecordRepository;
import com.recoverylab.course.CourseRecordRepository.LinkContent;
import com.recoverylab.lti.launch.LaunchDetour;
import com.recoverylab.lti.launch.LaunchRecorder;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.HttpError;
import com.recoverylab.web.LaunchSession;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts LTI 1.1 launches: validates them, then claims the nonce, records the launch and stores
 * the Basic Outcomes address in one transaction, and says where the user goes next.
 */
public final class LegacyLaunches {
  private static final Logger log = LoggerFactory.getLogger(LegacyLaunches.class);
  private final Jdbc jdbc;
  private final LegacyLaunchValidator validator;
  private final LaunchRecorder recorder;
  private final NonceRepository nonces;
  private final OutcomeRepository outcomes;
  private final CourseRecordRepository linkContent;
  private final LaunchDetour detour;
  private final Clock clock;

  /**
   * @param launchUrl the tool's public launch URL ({@code config.url("/lti/11/launch")}): the URL
   *     platforms sign, whatever the proxy in front of the tool rewrites
   * @param detour may show a page (a review offer) before the link's content
   */
  public LegacyLaunches(
      Jdbc jdbc,
      Consumers consumers,
      LaunchRecorder recorder,
      String launchUrl,
      LaunchDetour detour,
      Clock clock) {
    this.detour = detour;
    this.jdbc = jdbc;
    this.validator = new LegacyLaunchValidator(consumers::find, launchUrl, clock);
    this.recorder = recorder;
    this.nonces = new NonceRepository(jdbc);
    this.outcomes = new OutcomeRepository(jdbc);
    this.linkContent = new CourseRecordRepository(jdbc);
    this.clock = clock;
  }

  /** Validates and records the launch; returns the tool path (with session) to redirect to. */
  String launch(Map<String, String> params) {
    try {
      return accept(params);
    } catch (HttpError refused) {
      // the key says which platform's configuration to look at; it is no secret
      log.warn(
          "event=lti11_launch_rejected consumer={} status={} reason={}",
          loggable(params.get("oauth_consumer_key")),
          refused.status(),
          refused.messageKey());
      throw refused;
    }
  }

  private String accept(Map<String, String> params) {
    ValidatedLaunch launch = validator.validate(params);
    Instant now = clock.instant();
    nonces.deleteExpired(now);
    Recorded result =
        jdbc.inTransaction(
            () -> {
              // RFC 5849 3.3: a nonce is used once per key; claimed first, so a replay records
              // nothing
              if (!nonces.claim(
                  launch.consumer().key(), launch.nonce(), launch.nonceExpiresAt(), now)) {
                throw HttpError.unauthorized("error.legacy.reusedNonce");
              }
              LaunchSession session = recorder.record(launch.facts());
              if (launch.outcome() != null) {
                outcomes.save(session.resourceLinkId(), session.userId(), launch.outcome(), now);
              } else {
                // the newest launch decides: an address from an earlier launch would send grades
                // the
                // platform now refuses (Moodle: the activity stopped accepting grades)
                outcomes.delete(session.resourceLinkId(), session.userId());
              }
              return new Recorded(
                  session,
                  linkContent
                      .content(session.resourceLinkId())
                      .filter(content -> content.kind() != null));
            });
    log.info(
        "event=lti11_launch consumer={} platform={} user={} link={} role={} outcomes={}",
        launch.consumer().key(),
        launch.consumer().platformId(),
        result.session().userId(),
        result.session().resourceLinkId(),
        result.session().role(),
        launch.outcome() != null);
    String destination = destination(result.session(), result.content());
    return result.content().isPresent()
        ? detour.firstPage(result.session(), destination)
        : destination;
  }

  /**
   * Same places as an LTI 1.3 launch: the link's content, else the overview (or assigning, for
   * instructors).
   */
  static String destination(LaunchSession session, Optional<LinkContent> content) {
    String s = "?s=" + URLEncoder.encode(session.id(), StandardCharsets.UTF_8);
    if (content.isPresent()) {
      LinkContent c = content.get();
      switch (c.kind()) {
        case "quiz":
          return "/quizzes/" + URLEncoder.encode(c.id(), StandardCharsets.UTF_8) + s;
        case "lesson":
          return "/lessons/" + URLEncoder.encode(c.id(), StandardCharsets.UTF_8) + s;
        case "overview":
          return "/course" + s;
        default:
          break;
      }
    }
    return session.isInstructor() ? "/lti/assign" + s : "/course" + s;
  }

  /**
   * A consumer key as sent, fit for one log line (keys are letters, digits, dots, dashes,
   * underscores).
   */
  static String loggable(String key) {
    if (key == null) {
      return "-";
    }
    String cut = key.length() > 100 ? key.substring(0, 100) : key;
    return cut.replaceAll("[^A-Za-z0-9._-]", "?");
  }

  private record Recorded(LaunchSession session, Optional<LinkContent> content) {}
}
