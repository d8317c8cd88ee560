package com.recoverylab.lti.launch;

import com.recoverylab.web.SecretDigest;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Ties a login state to the browser that started it: a random secret whose hash is stored with the
 * state, kept by the browser in a cookie named after the state (and, on the login page, in the
 * frame's own storage). The secret never travels through the platform, so a state and id_token
 * caught on the way cannot be replayed from another browser.
 *
 * <p>Inside a platform's iframe the cookie is a third-party cookie. Behind HTTPS it is {@code
 * SameSite=None; Secure; Partitioned}: browsers that block third-party cookies still keep a
 * partitioned one (CHIPS) for the frame. Over plain http it is {@code Lax}, which only reaches
 * same-site launches; except on a loopback address inside another site's frame, where Chromium and
 * Firefox accept {@code Secure} (loopback counts as secure) and a Lax cookie would never come back,
 * so a developer's tool behaves there as it will behind HTTPS.
 */
final class BrowserBinding {
  static final String PREFIX = "lti_login_";

  /** The login and the launch both see the cookies: the login counts them, the launch reads one. */
  static final String PATH = "/lti";

  /**
   * Login cookies one browser keeps at once; a new login drops the oldest beyond this, so abandoned
   * logins cannot pile up until requests fail with 431 (headers too large).
   */
  static final int MAX_COOKIES = 4;

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  /** Fetch Metadata destinations of a document loaded inside another page. */
  private static final Set<String> EMBEDDED = Set.of("iframe", "frame", "embed", "object");

  private final boolean https;
  private final boolean loopback;

  BrowserBinding(boolean https, boolean loopback) {
    this.https = https;
    this.loopback = loopback;
  }

  static BrowserBinding forToolAt(URI publicUrl) {
    return new BrowserBinding(
        "https".equalsIgnoreCase(publicUrl.getScheme()),
        LOOPBACK.contains(publicUrl.getHost().toLowerCase(Locale.ROOT)));
  }

  /**
   * Sets the cookie for the state, drops the browser's oldest login cookies beyond {@link
   * #MAX_COOKIES}, and returns the hash to store with the state.
   */
  String bind(
      HttpServletRequest request,
      HttpServletResponse response,
      String state,
      String secret,
      Instant now,
      Duration lifetime) {
    List<LoginCookie> kept = loginCookies(request);
    kept.sort(Comparator.comparingLong(LoginCookie::createdMillis).reversed());
    for (LoginCookie old : kept.subList(Math.min(kept.size(), MAX_COOKIES - 1), kept.size())) {
      response.addHeader(
          "Set-Cookie",
          old.name() + "=; Path=" + PATH + "; Max-Age=0; HttpOnly" + attributes(request));
    }
    response.addHeader(
        "Set-Cookie",
        PREFIX
            + state
            + "="
            + now.toEpochMilli()
            + "."
            + secret
            + "; Path="
            + PATH
            + "; Max-Age="
            + lifetime.toSeconds()
            + "; HttpOnly"
            + attributes(request));
    return SecretDigest.hash(secret);
  }

  /** The secret the browser's cookie holds for this state, if the cookie came back. */
  Optional<String> secret(HttpServletRequest request, String state) {
    return loginCookies(request).stream()
        .filter(c -> c.name().equals(PREFIX + state))
        .findFirst()
        .map(LoginCookie::secret);
  }

  /** Removes the cookie once the launch used it. */
  void clear(HttpServletRequest request, HttpServletResponse response, String state) {
    response.addHeader(
        "Set-Cookie",
        PREFIX + state + "=; Path=" + PATH + "; Max-Age=0; HttpOnly" + attributes(request));
  }

  private String attributes(HttpServletRequest request) {
    boolean partitioned = https || (loopback && embeddedInAnotherSite(request));
    return partitioned ? "; SameSite=None; Secure; Partitioned" : "; SameSite=Lax";
  }

  /**
   * Whether the browser loads this inside a frame of another origin (Fetch Metadata), where it may
   * keep no cookie for the tool and a Lax one never comes back.
   */
  static boolean embeddedInAnotherSite(HttpServletRequest request) {
    String destination = request.getHeader("Sec-Fetch-Dest");
    String site = request.getHeader("Sec-Fetch-Site");
    return destination != null
        && EMBEDDED.contains(destination.toLowerCase(Locale.ROOT))
        && !"same-origin".equalsIgnoreCase(site);
  }

  /** A login cookie as the browser sent it: {@code <created epoch millis>.<secret>}. */
  private record LoginCookie(String name, long createdMillis, String secret) {}

  private static List<LoginCookie> loginCookies(HttpServletRequest request) {
    List<LoginCookie> found = new ArrayList<>();
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return found;
    }
    for (Cookie cookie : cookies) {
      if (!cookie.getName().startsWith(PREFIX)) {
        continue;
      }
      String value = cookie.getValue() == null ? "" : cookie.getValue();
      int dot = value.indexOf('.');
      long created = 0;
      if (dot > 0) {
        try {
          created = Long.parseLong(value.substring(0, dot));
        } catch (NumberFormatException e) {
          created = 0; // unreadable: counts as the oldest
        }
      }
      found.add(new LoginCookie(cookie.getName(), created, value.substring(dot + 1)));
    }
    return found;
  }
}
