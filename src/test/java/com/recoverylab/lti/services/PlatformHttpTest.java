package com.recoverylab.lti.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
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
      thread = new Thread(() -> {
        while (!socket.isClosed()) {
          try (Socket client = socket.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
              // read the request head
            }
            if (connections.incrementAndGet() > closeFirst) {
              OutputStream out = client.getOutputStream();
              out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".getBytes(StandardCharsets.UTF_8));
              out.flush();
            }
          } catch (Exception e) {
            return;
          }
        }
      }, "closing-platform");
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

  @Test
  void a_connection_closed_before_any_answer_is_tried_once_more() throws Exception {
    try (ClosingPlatform platform = new ClosingPlatform(1); PlatformHttp http = new PlatformHttp(Duration.ofSeconds(5))) {
      assertEquals(200, http.send(HttpRequest.newBuilder(platform.uri()).POST(HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode());
      assertEquals(2, platform.connections.get());
    }
  }

  @Test
  void a_platform_that_keeps_closing_is_reported_unavailable_after_the_second_try() throws Exception {
    try (ClosingPlatform platform = new ClosingPlatform(5); PlatformHttp http = new PlatformHttp(Duration.ofSeconds(5))) {
      assertThrows(ServiceCallException.Unavailable.class,
          () -> http.send(HttpRequest.newBuilder(platform.uri()).POST(HttpRequest.BodyPublishers.ofString("{}")).build()));
      assertEquals(2, platform.connections.get());
    }
  }
}
