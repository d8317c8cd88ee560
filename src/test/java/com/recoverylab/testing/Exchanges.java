package com.recoverylab.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Reading and answering the JDK server's exchanges, shared by the parts of the test platform. */
final class Exchanges {
  private Exchanges() {}

  /** Reads the request fully and records it; {@code origin} is scheme, host and port. */
  static Received read(HttpExchange exchange, String origin) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    return new Received(
        exchange.getRequestMethod(),
        origin + exchange.getRequestURI(),
        exchange.getRequestURI().getPath(),
        exchange.getRequestURI().getRawQuery(),
        exchange.getRequestHeaders(),
        body,
        Instant.now());
  }

  static Map<String, String> query(HttpExchange exchange) {
    return Received.decode(exchange.getRequestURI().getRawQuery());
  }

  /** Sends a body (none when empty); a JSON content type unless the headers name one. */
  static void send(HttpExchange exchange, int status, String body, Map<String, String> headers)
      throws IOException {
    headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (!exchange.getResponseHeaders().containsKey("Content-Type") && bytes.length > 0) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
    exchange.close();
  }

  static void sendHtml(HttpExchange exchange, int status, String html) throws IOException {
    send(exchange, status, html, Map.of("Content-Type", "text/html; charset=utf-8"));
  }

  /** Sends a scripted answer, after its pause if it has one. */
  static void send(HttpExchange exchange, Answer answer) throws IOException {
    pause(answer.delay());
    send(exchange, answer.status(), answer.body(), answer.headers());
  }

  static void pause(Duration pause) {
    if (pause == null) {
      return;
    }
    try {
      Thread.sleep(pause.toMillis()); // plays a slow platform, not a wait for something
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A page whose form of hidden fields submits itself, as Moodle's launch and auth pages do. */
  static String autoPost(String action, Map<String, String> fields) {
    StringBuilder html =
        new StringBuilder(
                "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Fake Moodle"
                    + "</title></head><body><form id=\"f\" method=\"post\" action=\"")
            .append(escape(action))
            .append("\">");
    fields.forEach(
        (name, value) ->
            html.append("<input type=\"hidden\" name=\"")
                .append(escape(name))
                .append("\" value=\"")
                .append(escape(value))
                .append("\">"));
    html.append("<button type=\"submit\">Continue</button></form>")
        .append("<script>document.getElementById('f').submit();</script></body></html>");
    return html.toString();
  }

  static String escape(String value) {
    return value
        .replace("&", "&amp;")
        .replace("\"", "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;");
  }

  static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
