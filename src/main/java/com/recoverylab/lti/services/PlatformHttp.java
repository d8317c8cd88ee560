package com.recoverylab.lti.services;

import com.recoverylab.grading.RetryAfter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Outbound HTTP to platforms with one timeout for every call, over the tool's one shared {@link
 * HttpClient} (built in the composition root, so connections are pooled once per node). Closing it
 * ends the calls in flight and refuses new ones, so a stopping node lets go of a platform that
 * hangs instead of waiting out the timeout.
 *
 * <p>Calls run on the caller's thread with the client's blocking {@code send}: {@code sendAsync}
 * hands every answer to the common fork-join pool, which on a machine of two cores or fewer has no
 * threads, so each call started a thread of its own. To end a call, {@link #close} interrupts the
 * threads waiting for an answer, and only while they wait: an interrupt must never reach a caller's
 * database work (it would close the embedded database's file).
 */
public final class PlatformHttp implements AutoCloseable {
  private static final int EXCERPT = 300;

  /** RFC 9110 9.2.2: methods whose repeat has the same effect as one request. */
  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

  private final HttpClient client;
  private final Duration timeout;

  /** Threads waiting for a platform's answer; changed only while holding the set's lock. */
  private final Set<Thread> waiting = new HashSet<>();

  private volatile boolean closed;

  /** Whether a request may go out a second time when its first try's connection failed. */
  enum Resend {
    /** Only requests whose method is idempotent (GET, PUT, DELETE...). */
    IF_IDEMPOTENT,
    /**
     * Also this POST: the caller knows a repeat does no harm (an AGS score carries its timestamp
     * and the platform keeps one score per timestamp; a second access token is unused).
     */
    SAFE_TO_REPEAT
  }

  /**
   * @param client the tool's shared client; it should not follow redirects (a redirected POST loses
   *     its body, and a token or score must go where the platform registered it)
   * @param timeout how long one call may take
   */
  public PlatformHttp(HttpClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  /** A request builder for the URL with this client's timeout. */
  HttpRequest.Builder request(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ServiceCallException.Refused(
          "The platform gave an unusable service URL: " + url, 0);
    }
    return HttpRequest.newBuilder(uri).timeout(timeout);
  }

  /**
   * Sends the request and returns any answer the platform gives; network problems, timeouts and a
   * stopping tool become {@link ServiceCallException.Unavailable}. A request that may be repeated
   * (see {@link #mayResend}) is tried once more on a new connection.
   */
  HttpResponse<String> send(HttpRequest request, Resend resend) {
    try {
      return sendOnce(request);
    } catch (ServiceCallException.Unavailable e) {
      if (!closed && mayResend(request, resend, e.getCause())) {
        return sendOnce(request);
      }
      throw e;
    }
  }

  /** {@link #send(HttpRequest, Resend)} that repeats only idempotent methods. */
  HttpResponse<String> send(HttpRequest request) {
    return send(request, Resend.IF_IDEMPOTENT);
  }

  /**
   * Decided by the failure's type, never its message text: a refused connection means nothing was
   * sent, so any request may go again; any other {@link IOException} but a timeout (a kept-alive
   * connection the platform had closed, a reset, an early end of the answer) may have delivered the
   * request, so only a request that is harmless twice goes again. A timeout is never repeated at
   * once: the platform is slow, and the worker's backoff is the better wait.
   */
  static boolean mayResend(HttpRequest request, Resend resend, Throwable failure) {
    if (!(failure instanceof IOException) || failure instanceof HttpTimeoutException) {
      return false;
    }
    if (failure instanceof ConnectException) {
      return true;
    }
    return resend == Resend.SAFE_TO_REPEAT || IDEMPOTENT.contains(request.method());
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
      Throwable cause =
          e.getClass() == IOException.class && e.getCause() instanceof IOException original
              ? original
              : e;
      String what =
          cause instanceof HttpTimeoutException
              ? "no answer within " + timeout.toMillis() + " ms"
              : "cannot reach it ("
                  + cause.getClass().getSimpleName()
                  + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
                  + ")";
      throw new ServiceCallException.Unavailable(
          "The platform at " + request.uri().getHost() + ": " + what, 0, null, cause);
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

  /**
   * The answer's Retry-After (RFC 9110 10.2.3) as a wait from now; null when absent or unreadable.
   */
  static Duration retryAfter(HttpResponse<?> response, java.time.Instant now) {
    return RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), now);
  }
}
