package com.recoverylab.web;

import com.recoverylab.store.Database;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one place where failures become responses: an {@link HttpError} becomes its status and a page
 * in plain words; anything else is logged with its stack trace and becomes a 500 page that shows
 * none of it.
 */
public final class ErrorPageFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(ErrorPageFilter.class);

  /** What a 503 during a database outage asks clients to wait before trying again. */
  static final int RETRY_AFTER_SECONDS = 5;

  private final transient ErrorPages pages;

  public ErrorPageFilter(ErrorPages pages) {
    this.pages = pages;
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    try {
      chain.doFilter(request, response);
    } catch (HttpError e) {
      log.warn(
          "event=request_rejected status={} reason={} path={}",
          e.status(),
          e.getMessage(),
          request.getRequestURI());
      pages.render(request, response, e.status(), e.messageKey(), e.args());
    } catch (Exception | LinkageError e) {
      Throwable cause = e instanceof ServletException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof HttpError httpError) {
        log.warn(
            "event=request_rejected status={} reason={} path={}",
            httpError.status(),
            httpError.getMessage(),
            request.getRequestURI());
        pages.render(
            request, response, httpError.status(), httpError.messageKey(), httpError.args());
        return;
      }
      if (Database.isOutage(cause)) {
        // the database is down or unreachable: say so at once, and when to try again
        log.warn(
            "event=database_unavailable path={} cause=\"{}\"",
            request.getRequestURI(),
            cause.getMessage());
        if (!response.isCommitted()) {
          response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        }
        pages.render(request, response, 503, "error.503", new Object[0]);
        return;
      }
      HttpException refused = jettyRefusal(e);
      if (refused != null) {
        // Jetty refused the request's bytes (bad UTF-8, a form over its limits): the client's doing
        int status = refused.getCode();
        log.warn(
            "event=request_rejected status={} reason=\"{}\" path={}",
            status,
            refused.getReason(),
            request.getRequestURI());
        pages.render(
            request,
            response,
            status,
            status == 413
                ? "error.tooLarge"
                : status == 431 ? "error.headersTooLarge" : "error.badBytes",
            new Object[0]);
        return;
      }
      log.error("event=request_failed path={}", request.getRequestURI(), cause);
      pages.render(request, response, 500, "error.500", new Object[0]);
    }
  }

  /**
   * The innermost 4xx Jetty raised while reading the request, if any: Jetty wraps the precise one
   * (413 for a form over its limit) in a general 400.
   */
  static HttpException jettyRefusal(Throwable e) {
    HttpException found = null;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
        found = http;
      }
    }
    return found;
  }

  /** Renders the error page, as HTML for browsers and JSON for API clients. */
  public static final class ErrorPages {
    private final Templates templates;

    public ErrorPages(Templates templates) {
      this.templates = templates;
    }

    public void render(
        HttpServletRequest request,
        HttpServletResponse response,
        int status,
        String key,
        Object[] args)
        throws IOException {
      if (response.isCommitted()) {
        return;
      }
      response.resetBuffer();
      String message = templates.messages().text(request.getLocale(), key, args);
      String title = templates.messages().text(request.getLocale(), "error.title." + status);
      if (title.startsWith("error.title.")) {
        title = templates.messages().text(request.getLocale(), "error.title.generic");
      }
      String accept = request.getHeader("Accept");
      if (accept != null && accept.contains("application/json") && !accept.contains("text/html")) {
        response.setStatus(status);
        response.setContentType("application/json");
        Json.write(response, Map.of("status", status, "error", title, "message", message));
        return;
      }
      Map<String, Object> model = new HashMap<>();
      model.put("status", status);
      model.put("title", title);
      model.put("message", message);
      model.put("requestId", MDC.get("requestId"));
      templates.render(request, response, status, "error", model);
    }
  }
}
