package com.recoverylab.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Starts and checks launch sessions. Every page after a launch calls {@link #require} (or {@link
 * #requireForm} for a POST, which also checks the CSRF token); a missing, unknown or expired
 * session is a 401 that tells the user to launch again from their course.
 */
public final class LaunchSessions {
  /** The request parameter that carries the session id. */
  public static final String PARAM = "s";

  /** The request attribute holding the checked session, for templates. */
  public static final String REQUEST_ATTRIBUTE = "launch";

  /** The form field that carries the CSRF token. */
  public static final String CSRF_PARAM = "csrf";

  private static final Duration LIFETIME = Duration.ofHours(8);

  /** SESSION_IDLE_MINUTES' default: a session unused this long ends. */
  public static final Duration DEFAULT_IDLE = Duration.ofHours(2);

  /** Last use is written at most this often, not on every page. */
  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  /**
   * One generator per thread: the default SecureRandom (NativePRNG) serialises all callers in the
   * JVM on one lock, and every launch takes five tokens. DRBG instances are seeded from the
   * operating system's entropy each, so per-thread ones are as unpredictable as the shared one.
   */
  private static final ThreadLocal<SecureRandom> RANDOM =
      ThreadLocal.withInitial(LaunchSessions::newGenerator);

  private final LaunchSessionRepository repository;
  private final Clock clock;
  private final Duration idle;

  public LaunchSessions(LaunchSessionRepository repository, Clock clock) {
    this(repository, clock, DEFAULT_IDLE);
  }

  public LaunchSessions(LaunchSessionRepository repository, Clock clock, Duration idle) {
    this.repository = repository;
    this.clock = clock;
    this.idle = idle;
  }

  /** Stores a new session for a launch that has been fully validated. */
  public LaunchSession start(
      long platformId,
      long userId,
      long courseId,
      Long resourceLinkId,
      Role role,
      String displayName,
      String launchData) {
    return start(platformId, userId, courseId, resourceLinkId, role, displayName, launchData, null);
  }

  /**
   * Like {@link #start(long, long, long, Long, Role, String, String)}, bound at once to the browser
   * whose cookie hashes to {@code browserHash} (null: bound by the first page that shows a cookie).
   */
  public LaunchSession start(
      long platformId,
      long userId,
      long courseId,
      Long resourceLinkId,
      Role role,
      String displayName,
      String launchData,
      String browserHash) {
    Instant now = clock.instant();
    LaunchSession session =
        new LaunchSession(
            randomToken(),
            platformId,
            userId,
            courseId,
            resourceLinkId,
            role,
            displayName,
            randomToken(),
            launchData,
            now,
            now.plus(LIFETIME));
    repository.insert(session, browserHash);
    // the newest launch of a user on a link replaces the older ones (a copied older URL stops
    // working)
    repository.endOthers(session, now);
    return session;
  }

  /** The session named by the request's {@code s} parameter. */
  public LaunchSession require(HttpServletRequest request) {
    String id = request.getParameter(PARAM);
    if (id == null || id.isBlank()) {
      throw HttpError.unauthorized("error.session.missing");
    }
    LaunchSessionRepository.Found found =
        repository
            .findWithUse(id)
            .orElseThrow(() -> HttpError.unauthorized("error.session.unknown"));
    LaunchSession session = found.session();
    Instant now = clock.instant();
    if (!session.expiresAt().isAfter(now) || found.lastSeenAt().plus(idle).isBefore(now)) {
      throw HttpError.unauthorized("error.session.expired");
    }
    checkBrowser(request, found);
    if (found.lastSeenAt().plus(TOUCH_EVERY).isBefore(now)) {
      repository.touch(id, now);
    }
    // the page header reads it to offer the session's navigation
    request.setAttribute(REQUEST_ATTRIBUTE, session);
    return session;
  }

  /**
   * A session bound to a browser cookie answers only that browser. An unbound one is bound to the
   * first request that shows a cookie; browsers without cookies stay unbound and keep working.
   */
  private void checkBrowser(HttpServletRequest request, LaunchSessionRepository.Found found) {
    Optional<String> cookie = BrowserCookie.read(request);
    String bound = found.browserHash();
    if (bound == null && cookie.isPresent()) {
      if (repository.bind(found.session().id(), SecretDigest.hash(cookie.get()))) {
        return;
      }
      // another request bound it a moment ago
      bound =
          repository
              .findWithUse(found.session().id())
              .map(LaunchSessionRepository.Found::browserHash)
              .orElse(null);
    }
    if (bound != null && (cookie.isEmpty() || !SecretDigest.matches(cookie.get(), bound))) {
      throw HttpError.unauthorized("error.session.otherBrowser");
    }
  }

  /**
   * The hash a session bound to this request's browser keeps: the browser cookie the request
   * carries, empty when it carries none (a cookie the response is only now setting is not known to
   * be kept).
   */
  public static Optional<String> browserHash(HttpServletRequest request) {
    return BrowserCookie.read(request).map(SecretDigest::hash);
  }

  /** The session of a form POST, whose CSRF token must match the session's. */
  public LaunchSession requireForm(HttpServletRequest request) {
    LaunchSession session = require(request);
    String token = request.getParameter(CSRF_PARAM);
    if (token == null
        || !MessageDigest.isEqual(
            token.getBytes(StandardCharsets.UTF_8),
            session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
      throw HttpError.forbidden("error.csrf");
    }
    return session;
  }

  /** Like {@link #require}, for pages only instructors of the session's course may see. */
  public LaunchSession requireInstructor(HttpServletRequest request) {
    LaunchSession session =
        "POST".equals(request.getMethod()) ? requireForm(request) : require(request);
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
