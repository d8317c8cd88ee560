package com.recoverylab.lti.launch;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Ties a login state to the browser that started it: a random secret in a cookie named after
 * the state, whose hash is stored with the state. Inside a platform's iframe the cookie is a
 * third-party cookie, so behind HTTPS it is {@code SameSite=None; Secure}; over plain http
 * (localhost) browsers refuse {@code None} without {@code Secure}, so it is {@code Lax}, which
 * still reaches same-site launches.
 */
final class BrowserBinding {
  private static final String PREFIX = "lti_login_";
  static final String PATH = "/lti/launch";

  private final boolean https;

  BrowserBinding(boolean https) {
    this.https = https;
  }

  /** Sets the cookie for the state and returns the hash to store. */
  String bind(HttpServletResponse response, String state, String secret, Duration lifetime) {
    response.addHeader("Set-Cookie", PREFIX + state + "=" + secret + "; Path=" + PATH + "; Max-Age=" + lifetime.toSeconds()
        + "; HttpOnly" + (https ? "; SameSite=None; Secure" : "; SameSite=Lax"));
    return hash(secret);
  }

  /** The secret the browser sent back for this state, if any. */
  Optional<String> secret(HttpServletRequest request, String state) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    for (Cookie cookie : cookies) {
      if ((PREFIX + state).equals(cookie.getName())) {
        return Optional.of(cookie.getValue());
      }
    }
    return Optional.empty();
  }

  /** Removes the cookie once the launch used it. */
  void clear(HttpServletResponse response, String state) {
    response.addHeader("Set-Cookie", PREFIX + state + "=; Path=" + PATH + "; Max-Age=0; HttpOnly"
        + (https ? "; SameSite=None; Secure" : "; SameSite=Lax"));
  }

  static boolean matches(String secret, String storedHash) {
    return MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
        storedHash.getBytes(StandardCharsets.US_ASCII));
  }

  static String hash(String secret) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
