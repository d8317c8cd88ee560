package com.recoverylab.lti.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PlatformHttpTest {

  /**
   * A platform that closes its first N connections after reading the request head, then answers
   * 200. The tests POST, as score calls do: the JDK client retries a failed GET by itself.
   */
  private static final class ClosingPlatform implements AutoCloseable {
    final ServerSocket socket;
    final AtomicInteger connections = new AtomicInteger();
    final Thread thread;

    ClosingPlatform(int closeFirst) throws Exception {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      thread =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try (Socket client = socket.accept()) {
                    BufferedReader in =
                        new BufferedReader(
                            new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                    String line;
                    while ((line = in.readLine()) != null && !line.isEmpty()) {
                      // read the request head
                    }
                    if (connections.incrementAndGet() > closeFirst) {
                      OutputStream out = client.getOutputStream();
                      out.write(
                          "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                              .getBytes(StandardCharsets.UTF_8));
                      out.flush();
                    }
                  } catch (Exception e) {
                    return;
                  }
                }
              },
              "closing-platform");
      thread.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/scores");
    }

    @Override
    public void close() throws Exception {
      socket.close();
      thread.join(2_000);
    }
  }

  private static PlatformHttp newHttp(Duration timeout) {
    return new PlatformHttp(HttpClient.newHttpClient(), timeout);
  }

  private static HttpRequest post(URI uri) {
    return HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
  }

  @Test
  void a_repeatable_post_whose_connection_closed_before_any_answer_is_tried_once_more()
      throws Exception {
    try (ClosingPlatform platform = new ClosingPlatform(1);
        PlatformHttp http = newHttp(Duration.ofSeconds(5))) {
      assertEquals(
          200, http.send(post(platform.uri()), PlatformHttp.Resend.SAFE_TO_REPEAT).statusCode());
      assertEquals(2, platform.connections.get());
    }
  }

  @Test
  void a_post_that_is_not_safe_to_repeat_is_not_sent_twice_when_its_connection_closes()
      throws Exception {
    // creating a line item twice would make two gradebook columns
    try (ClosingPlatform platform = new ClosingPlatform(1);
        PlatformHttp http = newHttp(Duration.ofSeconds(5))) {
      assertThrows(ServiceCallException.Unavailable.class, () -> http.send(post(platform.uri())));
      assertEquals(1, platform.connections.get());
    }
  }

  @Test
  void a_platform_that_keeps_closing_is_reported_unavailable_after_the_second_try()
      throws Exception {
    try (ClosingPlatform platform = new ClosingPlatform(5);
        PlatformHttp http = newHttp(Duration.ofSeconds(5))) {
      assertThrows(
          ServiceCallException.Unavailable.class,
          () -> http.send(post(platform.uri()), PlatformHttp.Resend.SAFE_TO_REPEAT));
      assertEquals(2, platform.connections.get());
    }
  }

  @Test
  void whether_to_resend_is_decided_by_the_failures_type_and_the_requests_method() {
    HttpRequest create = post(URI.create("http://127.0.0.1/lineitems"));
    HttpRequest read =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1/lineitems")).GET().build();
    IOException closed = new IOException("any words at all");
    assertTrue(PlatformHttp.mayResend(read, PlatformHttp.Resend.IF_IDEMPOTENT, closed));
    assertFalse(PlatformHttp.mayResend(create, PlatformHttp.Resend.IF_IDEMPOTENT, closed));
    assertTrue(PlatformHttp.mayResend(create, PlatformHttp.Resend.SAFE_TO_REPEAT, closed));
    assertTrue(
        PlatformHttp.mayResend(
            create, PlatformHttp.Resend.IF_IDEMPOTENT, new ConnectException("refused")),
        "a refused connection sent nothing");
    assertFalse(
        PlatformHttp.mayResend(
            read, PlatformHttp.Resend.SAFE_TO_REPEAT, new HttpTimeoutException("slow")),
        "a slow platform is not asked again at once");
    assertFalse(
        PlatformHttp.mayResend(
            read, PlatformHttp.Resend.SAFE_TO_REPEAT, new IllegalStateException()));
  }

  /** A platform that takes connections and never answers. */
  private static final class SilentPlatform implements AutoCloseable {
    final ServerSocket socket;
    final CountDownLatch accepted = new CountDownLatch(1);
    final List<Socket> held = new CopyOnWriteArrayList<>();
    final Thread thread;

    SilentPlatform() throws Exception {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      thread =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try {
                    held.add(socket.accept());
                    accepted.countDown();
                  } catch (Exception e) {
                    return;
                  }
                }
              },
              "silent-platform");
      thread.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/scores");
    }

    @Override
    public void close() throws Exception {
      socket.close();
      for (Socket each : held) {
        each.close();
      }
      thread.join(2_000);
    }
  }

  @Test
  void
      closing_ends_a_call_waiting_for_a_silent_platform_at_once_and_leaves_the_caller_uninterrupted()
          throws Exception {
    try (SilentPlatform platform = new SilentPlatform()) {
      PlatformHttp http = newHttp(Duration.ofSeconds(30));
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicBoolean interruptedAfter = new AtomicBoolean(true);
      Thread caller =
          new Thread(
              () -> {
                try {
                  http.send(
                      HttpRequest.newBuilder(platform.uri())
                          .POST(HttpRequest.BodyPublishers.ofString("{}"))
                          .build());
                } catch (RuntimeException e) {
                  thrown.set(e);
                }
                // what the caller does next (recording the outcome in the database) must not see an
                // interrupt
                interruptedAfter.set(Thread.currentThread().isInterrupted());
              });
      caller.start();
      assertTrue(platform.accepted.await(10, TimeUnit.SECONDS), "the call reached the platform");
      long closing = System.nanoTime();
      http.close();
      caller.join(5_000);
      Duration took = Duration.ofNanos(System.nanoTime() - closing);
      assertFalse(caller.isAlive(), "the call still waits after close");
      assertTrue(
          took.compareTo(Duration.ofSeconds(2)) < 0, "close ended the call at once: " + took);
      assertInstanceOf(ServiceCallException.Unavailable.class, thrown.get());
      assertEquals("the tool is stopping", thrown.get().getMessage());
      assertFalse(
          interruptedAfter.get(),
          "the interrupt that ended the call stayed on the caller's thread");
      assertThrows(
          ServiceCallException.Unavailable.class,
          () -> http.send(HttpRequest.newBuilder(platform.uri()).GET().build()),
          "a closed client refuses calls");
    }
  }

  @Test
  void calls_run_on_the_callers_thread_without_starting_a_thread_each() throws Exception {
    try (ClosingPlatform platform = new ClosingPlatform(0);
        PlatformHttp http = newHttp(Duration.ofSeconds(5))) {
      HttpRequest request =
          HttpRequest.newBuilder(platform.uri())
              .POST(HttpRequest.BodyPublishers.ofString("{}"))
              .build();
      http.send(request);
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long started = threads.getTotalStartedThreadCount();
      for (int i = 0; i < 40; i++) {
        assertEquals(200, http.send(request).statusCode());
      }
      // sendAsync completes its future on the common pool, which on two cores or fewer has no
      // threads: a new thread for every call
      long more = threads.getTotalStartedThreadCount() - started;
      assertTrue(more < 10, more + " threads started for 40 calls");
    }
  }
}
