package com.recoverylab.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;

/**
 * Refuses TRACE (and the old TRACK) with 405: the servlet default echoes the request back, headers
 * included, which scripts on other sites could use to read what they cannot see.
 */
public final class TraceRefusalFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    if (method.equals("TRACE") || method.equals("TRACK")) {
      response.setHeader("Allow", "GET, HEAD, POST, OPTIONS");
      throw new HttpError(405, "error.methodNotAllowed");
    }
    chain.doFilter(request, response);
  }
}
