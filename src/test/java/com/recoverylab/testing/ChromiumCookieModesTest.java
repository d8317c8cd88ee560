package com.recoverylab.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Pins what the real-browser launch tests rely on: a page on one site ({@code 127.0.0.1}) framing a
 * page on another ({@code localhost}) gets the frame's plain {@code SameSite=None} cookie back only
 * with default settings, and its partitioned cookie in both modes. If a Chromium update changed
 * this, the launch tests would prove less than they claim.
 */
class ChromiumCookieModesTest {
  private static HttpServer server;
  private static int port;
  private static final AtomicReference<String> cookiesSeen = new AtomicReference<>();

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    port = server.getAddress().getPort();
    server.createContext(
        "/top",
        exchange ->
            html(
                exchange,
                "<iframe id='f' src='http://localhost:" + port + "/frame-set'></iframe>"));
    server.createContext(
        "/frame-set",
        exchange -> {
          exchange.getResponseHeaders().add("Set-Cookie", "plain=1; Path=/; SameSite=None; Secure");
          exchange
              .getResponseHeaders()
              .add("Set-Cookie", "chips=1; Path=/; SameSite=None; Secure; Partitioned");
          html(exchange, "<a id='next' href='/frame-read'>next</a>");
        });
    server.createContext(
        "/frame-read",
        exchange -> {
          String cookie = exchange.getRequestHeaders().getFirst("Cookie");
          cookiesSeen.set(cookie == null ? "" : cookie);
          html(exchange, "<p id='done'>read</p>");
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void default_settings_send_both_cookies_to_the_cross_site_frame() {
    assertEquals("chips=1; plain=1", cookiesInFrame(Chromium.Cookies.DEFAULT));
  }

  @Test
  void blocked_third_party_cookies_leave_only_the_partitioned_one() {
    assertEquals("chips=1", cookiesInFrame(Chromium.Cookies.BLOCK_THIRD_PARTY));
  }

  private static String cookiesInFrame(Chromium.Cookies mode) {
    try (Chromium chromium = Chromium.start(Chromium.Options.defaults().withCookies(mode))) {
      WebDriver driver = chromium.driver();
      cookiesSeen.set(null);
      driver.get("http://127.0.0.1:" + port + "/top");
      driver.switchTo().frame("f");
      driver.findElement(By.id("next")).click();
      new WebDriverWait(driver, Duration.ofSeconds(10))
          .until(d -> !d.findElements(By.id("done")).isEmpty());
      return sorted(cookiesSeen.get());
    }
  }

  private static String sorted(String header) {
    return java.util.Arrays.stream(header.split(";\\s*"))
        .filter(s -> !s.isEmpty())
        .sorted()
        .collect(java.util.stream.Collectors.joining("; "));
  }

  private static void html(HttpExchange exchange, String body) throws IOException {
    byte[] bytes =
        ("<!doctype html><html><body>" + body + "</body></html>").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
