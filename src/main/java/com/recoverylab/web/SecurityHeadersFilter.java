package com.recoverylab.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Security headers on every response. Framing stays open to course platforms (the tool lives in
 * their iframes) unless FRAME_ANCESTORS narrows it; scripts and styles come from the tool itself
 * only, which is why auto-submitting forms use a script file, not inline script.
 */
public final class SecurityHeadersFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private final String contentSecurityPolicy;
  private final boolean https;

  public SecurityHeadersFilter(String frameAncestors, boolean https) {
    this.contentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
            + " object-src 'none'; base-uri 'none'; frame-ancestors "
            + frameAncestors;
    this.https = https;
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setHeader("Content-Security-Policy", contentSecurityPolicy);
    response.setHeader("X-Content-Type-Options", "nosniff");
    // session ids ride in tool URLs, so they must never leak to other sites in a Referer
    response.setHeader("Referrer-Policy", "same-origin");
    if (https) {
      response.setHeader("Strict-Transport-Security", "max-age=31536000");
    }
    chain.doFilter(request, response);
  }
}
