package com.recoverylab.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A random id per browser in a cookie, which launch sessions are bound to once the browser shows it
 * keeps it: then a copied page address alone does not carry the session. Inside a platform's iframe
 * it is a third-party cookie, so behind HTTPS it is {@code SameSite=None; Secure; Partitioned}
 * (kept per platform site where browsers partition); over plain http (localhost) {@code Lax}.
 * Browsers that drop it keep working unbound.
 */
public final class BrowserCookie {
  static final String NAME = "rl_browser";
  private static final Duration LIFETIME = Duration.ofDays(30);

  private final boolean https;

  public BrowserCookie(boolean https) {
    this.https = https;
  }

  /** Gives the browser an id when its request carries none. */
  void setIfMissing(HttpServletRequest request, HttpServletResponse response) {
    if (read(request).isEmpty()) {
      response.addHeader(
          "Set-Cookie",
          NAME
              + "="
              + LaunchSessions.randomToken()
              + "; Path=/; Max-Age="
              + LIFETIME.toSeconds()
              + "; HttpOnly"
              + (https ? "; SameSite=None; Secure; Partitioned" : "; SameSite=Lax"));
    }
  }

  static Optional<String> read(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies != null) {
      for (Cookie cookie : cookies) {
        if (NAME.equals(cookie.getName()) && !cookie.getValue().isBlank()) {
          return Optional.of(cookie.getValue());
        }
      }
    }
    return Optional.empty();
  }
}
