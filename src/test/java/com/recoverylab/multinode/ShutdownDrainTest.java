package com.recoverylab.multinode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.recoverylab.app.AppServer;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A node that is asked to stop first drains: its readiness check says "stopping" so a load balancer
 * takes it out of rotation, while it goes on serving whatever still reaches it.
 */
class ShutdownDrainTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void a_stopping_node_reports_not_ready_and_keeps_serving_until_the_drain_ends() throws Exception {
    Map<String, String> settings = TestServer.settings(TestDatabases.h2());
    settings.put("SHUTDOWN_DRAIN_SECONDS", "3");
    AppServer server = TestServer.start(settings);
    Thread closing = new Thread(server::close, "closing");
    try {
      String base = server.url().toString();
      HttpResponse<String> ready = get(base + "/ready");
      assertEquals(200, ready.statusCode(), ready.body());
      assertTrue(ready.body().contains("\"status\":\"ready\""), ready.body());

      long stopAsked = System.nanoTime();
      closing.start();
      HttpResponse<String> draining = awaitStatus(base + "/ready", 503, Duration.ofSeconds(3));
      assertTrue(draining.body().contains("\"status\":\"stopping\""), draining.body());

      // still in the drain: every other page is served as usual, and liveness stays up
      assertTrue(closing.isAlive(), "the node drains before it stops");
      assertEquals(200, get(base + "/health").statusCode());
      HttpResponse<String> jwks = get(base + "/.well-known/jwks.json");
      assertEquals(200, jwks.statusCode());
      assertTrue(jwks.body().contains("\"keys\""), jwks.body());
      assertEquals(200, get(base + "/").statusCode());
      assertEquals(503, get(base + "/ready").statusCode(), "stays not ready for the whole drain");

      closing.join(Duration.ofSeconds(40).toMillis());
      assertFalse(closing.isAlive(), "the node stopped after its drain");
      Duration took = Duration.ofNanos(System.nanoTime() - stopAsked);
      assertTrue(
          took.compareTo(Duration.ofSeconds(3)) >= 0,
          "stopped after " + took + ", before the 3 s drain ended");
      assertThrows(
          IOException.class, () -> get(base + "/health"), "a stopped node takes no requests");
    } finally {
      if (closing.getState() == Thread.State.NEW) {
        server.close();
      } else {
        closing.join();
      }
    }
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> awaitStatus(String url, int status, Duration within)
      throws Exception {
    AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
    try {
      Awaitility.await()
          .atMost(within)
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                last.set(get(url));
                return last.get().statusCode() == status;
              });
    } catch (ConditionTimeoutException e) {
      fail(url + " still answers " + last.get().statusCode() + " " + last.get().body());
    }
    return last.get();
  }
}
