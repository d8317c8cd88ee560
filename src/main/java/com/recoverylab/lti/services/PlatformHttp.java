package com.recoverylab.lti.services;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;

/**
 * Outbound HTTP to platforms with one timeout for every call. Closing it ends the calls in
 * flight and refuses new ones, so a stopping node lets go of a platform that hangs instead of
 * waiting out the timeout.
 *
 * <p>Calls run on the caller's thread with the client's blocking {@code send}: {@code sendAsync}
 * hands every answer to the common fork-join pool, which on a machine of two cores or fewer
 * has no threads, so each call started a thread of its own. To end a call, {@link #close}
 * interrupts the threads waiting for an answer, and only while they wait: an interrupt must
 * never reach a caller's database work (it would close the embedded database's file).
 */
public final class PlatformHttp implements AutoCloseable {
  private static final int EXCERPT = 300;
  private final HttpClient client;
  private final Duration timeout;
  /** Threads waiting for a platform's answer; changed only while holding the set's lock. */
  private final Set<Thread> waiting = new HashSet<>();
  private volatile boolean closed;

  public PlatformHttp(Duration timeout) {
    this.timeout = timeout;
    this.client = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** A request builder for the URL with this client's timeout. */
  HttpRequest.Builder request(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ServiceCallException.Refused("The platform gave an unusable service URL: " + url, 0);
    }
    return HttpRequest.newBuilder(uri).timeout(timeout);
  }

  /**
   * Sends the request and returns any answer the platform gives; network problems, timeouts
   * and a stopping tool become {@link ServiceCallException.Unavailable}.
   */
  HttpResponse<String> send(HttpRequest request) {
    try {
      return sendOnce(request);
    } catch (ServiceCallException.Unavailable e) {
      // a kept-alive connection the platform had already closed fails before any answer; the
      // request never reached the platform, so one more try on a new connection is safe
      if (!closed && e.getCause() instanceof IOException io && isStaleConnection(io)) {
        return sendOnce(request);
      }
      throw e;
    }
  }

  static boolean isStaleConnection(IOException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("header parser received no bytes") || message.contains("connection closed locally");
  }

  private HttpResponse<String> sendOnce(HttpRequest request) {
    Thread caller = Thread.currentThread();
    synchronized (waiting) {
      if (closed) {
        throw stopping(null);
      }
      waiting.add(caller);
    }
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      if (closed) {
        throw stopping(e);
      }
      Thread.currentThread().interrupt();
      throw new ServiceCallException.Unavailable("interrupted", 0, Duration.ZERO, e);
    } catch (IOException e) {
      // send() rethrows the exchange's problem as a plain IOException around the original one
      Throwable cause = e.getClass() == IOException.class && e.getCause() instanceof IOException original
          ? original
          : e;
      String what = cause instanceof HttpTimeoutException
          ? "no answer within " + timeout.toMillis() + " ms"
          : "cannot reach it (" + cause.getClass().getSimpleName()
              + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")";
      throw new ServiceCallException.Unavailable("The platform at " + request.uri().getHost() + ": " + what, 0, null,
          cause);
    } finally {
      synchronized (waiting) {
        waiting.remove(caller);
        if (closed) {
          // close() may have interrupted the thread just as the answer came; the caller goes on
          // to record the outcome in the database, which must not see that interrupt
          Thread.interrupted();
        }
      }
    }
  }

  private static ServiceCallException.Unavailable stopping(Throwable cause) {
    return new ServiceCallException.Unavailable("the tool is stopping", 0, Duration.ZERO, cause);
  }

  @Override
  public void close() {
    synchronized (waiting) {
      closed = true;
      for (Thread thread : waiting) {
        // the client's send() cancels its exchange when the waiting thread is interrupted
        thread.interrupt();
      }
    }
  }

  /** The start of a response body, on one line, for messages shown to instructors. */
  static String excerpt(String body) {
    if (body == null || body.isBlank()) {
      return "(empty answer)";
    }
    String line = body.replaceAll("\\s+", " ").trim();
    return line.length() <= EXCERPT ? line : line.substring(0, EXCERPT) + "…";
  }

  /** Retry-After as seconds or an HTTP date (RFC 9110 10.2.3); null when absent or unreadable. */
  static Duration retryAfter(HttpResponse<?> response, Instant now) {
    String value = response.headers().firstValue("Retry-After").orElse(null);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }
}
