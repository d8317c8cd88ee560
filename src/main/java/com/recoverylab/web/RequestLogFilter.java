package com.recoverylab.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gives every request an id (the proxy's X-Request-Id when it is sane) that every log line of the
 * request carries, and logs one line per request when it ends.
 */
public final class RequestLogFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger("access");
  private static final HexFormat HEX = HexFormat.of();
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String incoming = request.getHeader("X-Request-Id");
    String id = incoming != null && SAFE_ID.matcher(incoming).matches() ? incoming : newId();
    MDC.put("requestId", id);
    response.setHeader("X-Request-Id", id);
    long start = System.nanoTime();
    try {
      chain.doFilter(request, response);
    } finally {
      long micros = (System.nanoTime() - start) / 1000;
      if (!request.getRequestURI().startsWith("/static/")) {
        log.info(
            "event=request method={} path={} status={} ms={}",
            request.getMethod(),
            request.getRequestURI(),
            response.getStatus(),
            micros / 1000.0);
      }
      MDC.remove("requestId");
    }
  }

  /**
   * Eight hex digits. Only a label to find a request's log lines, so no secure randomness: the
   * JDK's SecureRandom (also behind UUID.randomUUID) serialises every caller on one lock, which
   * made every request wait for every other under load.
   */
  private static String newId() {
    return HEX.toHexDigits(ThreadLocalRandom.current().nextInt());
  }
}
