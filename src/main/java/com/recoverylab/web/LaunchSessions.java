package com.recoverylab.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Starts and checks launch sessions. Every page after a launch calls {@link #require} (or
 * {@link #requireForm} for a POST, which also checks the CSRF token); a missing, unknown or
 * expired session is a 401 that tells the user to launch again from their course.
 */
public final class LaunchSessions {
  /** The request parameter that carries the session id. */
  public static final String PARAM = "s";
  /** The request attribute holding the checked session, for templates. */
  public static final String REQUEST_ATTRIBUTE = "launch";
  /** The form field that carries the CSRF token. */
  public static final String CSRF_PARAM = "csrf";
  private static final Duration LIFETIME = Duration.ofHours(8);
  /**
   * One generator per thread: the default SecureRandom (NativePRNG) serialises all callers in
   * the JVM on one lock, and every launch takes five tokens. DRBG instances are seeded from the
   * operating system's entropy each, so per-thread ones are as unpredictable as the shared one.
   */
  private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(LaunchSessions::newGenerator);

  private final LaunchSessionRepository repository;
  private final Clock clock;

  public LaunchSessions(LaunchSessionRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  /** Stores a new session for a launch that has been fully validated. */
  public LaunchSession start(
      long platformId, long userId, long courseId, Long resourceLinkId, Role role, String displayName, String launchData) {
    Instant now = clock.instant();
    LaunchSession session = new LaunchSession(
        randomToken(), platformId, userId, courseId, resourceLinkId, role, displayName, randomToken(),
        launchData, now, now.plus(LIFETIME));
    repository.insert(session);
    return session;
  }

  /** The session named by the request's {@code s} parameter. */
  public LaunchSession require(HttpServletRequest request) {
    String id = request.getParameter(PARAM);
    if (id == null || id.isBlank()) {
      throw HttpError.unauthorized("error.session.missing");
    }
    LaunchSession session = repository.find(id)
        .orElseThrow(() -> HttpError.unauthorized("error.session.unknown"));
    if (session.expiresAt().isBefore(clock.instant())) {
      throw HttpError.unauthorized("error.session.expired");
    }
    // the page header reads it to offer the session's navigation
    request.setAttribute(REQUEST_ATTRIBUTE, session);
    return session;
  }

  /** The session of a form POST, whose CSRF token must match the session's. */
  public LaunchSession requireForm(HttpServletRequest request) {
    LaunchSession session = require(request);
    String token = request.getParameter(CSRF_PARAM);
    if (token == null || !MessageDigest.isEqual(
        token.getBytes(StandardCharsets.UTF_8), session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
      throw HttpError.forbidden("error.csrf");
    }
    return session;
  }

  /** Like {@link #require}, for pages only instructors of the session's course may see. */
  public LaunchSession requireInstructor(HttpServletRequest request) {
    LaunchSession session = "POST".equals(request.getMethod()) ? requireForm(request) : require(request);
    if (!session.isInstructor()) {
      throw HttpError.forbidden("error.instructorsOnly");
    }
    return session;
  }

  public void pointAt(LaunchSession session, long resourceLinkId) {
    repository.updateResourceLink(session.id(), resourceLinkId);
  }

  public int deleteExpired() {
    return repository.deleteExpired(clock.instant());
  }

  private static SecureRandom newGenerator() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (java.security.NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }

  /** 256 random bits, URL-safe. */
  public static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.get().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
