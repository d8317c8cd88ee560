package com.recoverylab.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.recoverylab.web.HttpError;
import com.recoverylab.web.Json;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts launches (the OIDC third-party-initiated login the sandbox sends to the tool) and, once
 * the tool's authentication request checks out, issues the id_token for them.
 */
final class Launches {
  /** How long the tool has to come back to /sandbox/auth after login initiation. */
  static final Duration LOGIN_WITHIN = Duration.ofMinutes(10);

  /** How long an instructor may take to pick content before the deep-linking data expires. */
  static final Duration DEEP_LINK_WITHIN = Duration.ofHours(1);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final LaunchRepository launches;
  private final CourseRepository course;
  private final LaunchMessages messages;
  private final SandboxKeys keys;
  private final SandboxUrls urls;
  private final Clock clock;

  Launches(
      LaunchRepository launches,
      CourseRepository course,
      LaunchMessages messages,
      SandboxKeys keys,
      SandboxUrls urls,
      Clock clock) {
    this.launches = launches;
    this.course = course;
    this.messages = messages;
    this.keys = keys;
    this.urls = urls;
    this.clock = clock;
  }

  /** The login initiation form the browser posts to the tool, and what it launches. */
  record LoginRequest(String action, Map<String, String> fields, SandboxUser user, String title) {}

  LoginRequest startResourceLink(String userId, long activityId) {
    SandboxUser user = member(userId);
    Activity activity =
        course
            .activity(activityId)
            .orElseThrow(() -> HttpError.notFound("sandbox.error.noActivity", activityId));
    String id = "ltilaunch" + activityId + "_" + random(12);
    String hint = hint(activityId, id);
    store(
        new SandboxLaunch(
            id,
            user.id(),
            activityId,
            SandboxLaunch.RESOURCE_LINK,
            hint,
            null,
            clock.instant(),
            clock.instant().plus(LOGIN_WITHIN),
            null));
    String target = activity.url() == null ? urls.toolLaunch() : activity.url();
    return new LoginRequest(urls.toolLogin(), fields(user, target, hint), user, activity.title());
  }

  /**
   * Submission Review 1.0 from the gradebook, as a teacher: the whole activity ({@code forUserId}
   * null, Moodle's column menu "View External tool results") or one learner's work (Moodle's "Grade
   * analysis"). The activity needs a gradebook column.
   */
  LoginRequest startSubmissionReview(String userId, long activityId, String forUserId) {
    SandboxUser user = member(userId);
    if (!user.instructor()) {
      throw HttpError.forbidden("sandbox.error.reviewInstructorsOnly", user.name());
    }
    Activity activity =
        course
            .activity(activityId)
            .orElseThrow(() -> HttpError.notFound("sandbox.error.noActivity", activityId));
    if (course.lineItems(activityId, null, null).isEmpty()) {
      throw HttpError.badRequest("sandbox.error.reviewNoColumn", activity.title());
    }
    String forUser = forUserId == null || forUserId.isBlank() ? null : member(forUserId).id();
    String id = "ltilaunch" + activityId + "_" + random(12);
    String hint = hint(activityId, id);
    store(
        new SandboxLaunch(
            id,
            user.id(),
            activityId,
            SandboxLaunch.SUBMISSION_REVIEW,
            hint,
            null,
            clock.instant(),
            clock.instant().plus(LOGIN_WITHIN),
            null,
            forUser));
    return new LoginRequest(
        urls.toolLogin(), fields(user, reviewTarget(activity), hint), user, activity.title());
  }

  LoginRequest startDeepLinking(String userId) {
    SandboxUser user = member(userId);
    if (!user.instructor()) {
      throw HttpError.forbidden("sandbox.error.deepLinkingInstructorsOnly", user.name());
    }
    String id = "ltilaunch0_" + random(12);
    String hint = hint(0, id);
    store(
        new SandboxLaunch(
            id,
            user.id(),
            null,
            SandboxLaunch.DEEP_LINKING,
            hint,
            random(24),
            clock.instant(),
            clock.instant().plus(LOGIN_WITHIN),
            null));
    return new LoginRequest(urls.toolLogin(), fields(user, urls.toolLaunch(), hint), user, null);
  }

  /**
   * The signed id_token for the launch a checked authentication request names. The hint and
   * login_hint must be the ones sent at login initiation; each launch logs in once.
   */
  String idToken(String messageHint, String loginHint, String nonce) {
    SandboxLaunch launch =
        launchId(messageHint)
            .flatMap(launches::find)
            .orElseThrow(() -> HttpError.badRequest("sandbox.auth.unknownLaunch"));
    Instant now = clock.instant();
    if (!launch.messageHint().equals(messageHint)) {
      throw HttpError.badRequest("sandbox.auth.hintChanged");
    }
    if (!launch.userId().equals(loginHint)) {
      throw HttpError.badRequest("sandbox.auth.loginHintChanged");
    }
    if (launch.expiresAt().isBefore(now)) {
      throw HttpError.badRequest("sandbox.auth.launchExpired");
    }
    if (!launches.markUsed(launch.id(), now)) {
      throw HttpError.badRequest("sandbox.auth.launchUsed");
    }
    SandboxUser user = member(launch.userId());
    course.markLaunched(user.id(), now);
    if (launch.deepLinking()) {
      return keys.sign(messages.deepLinking(user, launch.deepLinkData(), nonce, now));
    }
    Activity activity =
        course
            .activity(launch.activityId())
            .orElseThrow(() -> HttpError.notFound("sandbox.error.noActivity", launch.activityId()));
    List<LineItem> items = course.lineItems(activity.id(), null, null);
    Optional<LineItem> only = items.size() == 1 ? Optional.of(items.get(0)) : Optional.empty();
    if (launch.submissionReview()) {
      Optional<SandboxUser> forUser =
          launch.forUser() == null ? Optional.empty() : Optional.of(member(launch.forUser()));
      LineItem column =
          only.or(() -> items.stream().findFirst())
              .orElseThrow(
                  () -> HttpError.badRequest("sandbox.error.reviewNoColumn", activity.title()));
      return keys.sign(
          messages.submissionReview(
              user, activity, column, forUser, reviewTarget(activity), nonce, now));
    }
    return keys.sign(messages.resourceLink(user, activity, only, nonce, now));
  }

  /** Submission Review 1.0 §2.2: the line item's submissionReview url, else the link's own. */
  private String reviewTarget(Activity activity) {
    if (activity.submissionReviewJson() != null) {
      try {
        JsonNode review = Json.MAPPER.readTree(activity.submissionReviewJson());
        if (review != null
            && review.path("url").isTextual()
            && !review.path("url").asText().isBlank()) {
          return review.path("url").asText();
        }
      } catch (JsonProcessingException e) {
        // a column without a usable review address is reviewed at the link's own address
      }
    }
    return activity.url() == null ? urls.toolLaunch() : activity.url();
  }

  private SandboxUser member(String userId) {
    return course
        .user(userId == null ? "" : userId)
        .orElseThrow(() -> HttpError.badRequest("sandbox.error.noUser", String.valueOf(userId)));
  }

  private void store(SandboxLaunch launch) {
    launches.deleteExpiredBefore(clock.instant().minus(Duration.ofDays(1)));
    launches.insert(launch);
  }

  private Map<String, String> fields(SandboxUser user, String targetLinkUri, String hint) {
    // LTI Core 4.1 / Security Framework 5.1.1.1: third-party initiated login parameters
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("iss", urls.issuer());
    fields.put("target_link_uri", targetLinkUri);
    fields.put("login_hint", user.id());
    fields.put("lti_message_hint", hint);
    fields.put("client_id", SandboxUrls.CLIENT_ID);
    fields.put("lti_deployment_id", SandboxUrls.DEPLOYMENT_ID);
    return fields;
  }

  /** Like Moodle's: a small JSON object, opaque to the tool, which must pass it back unchanged. */
  private static String hint(long cmid, String launchId) {
    Map<String, Object> hint = new LinkedHashMap<>();
    hint.put("cmid", cmid);
    hint.put("launchid", launchId);
    try {
      return Json.MAPPER.writeValueAsString(hint);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a small map is always JSON", e);
    }
  }

  private static Optional<String> launchId(String messageHint) {
    try {
      JsonNode node = Json.MAPPER.readTree(messageHint);
      return node != null && node.path("launchid").isTextual()
          ? Optional.of(node.path("launchid").asText())
          : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  static String random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
  }
}
