package com.recoverylab.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Sets the browser cookie on launches and session pages that arrive without one, before the page is
 * written. Other addresses (keys, health, static files) get no cookie.
 */
public final class BrowserCookieFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private final transient BrowserCookie cookie;

  public BrowserCookieFilter(BrowserCookie cookie) {
    this.cookie = cookie;
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = request.getRequestURI();
    String query = request.getQueryString();
    // the query string is read raw: parsing parameters here would read form bodies too early
    boolean sessionPage =
        query != null
            && (query.startsWith(LaunchSessions.PARAM + "=")
                || query.contains("&" + LaunchSessions.PARAM + "="));
    if (sessionPage || path.equals("/lti/launch") || path.equals("/lti/11/launch")) {
      cookie.setIfMissing(request, response);
    }
    chain.doFilter(request, response);
  }
}
