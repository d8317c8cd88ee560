package com.recoverylab.instructor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A course platform's endpoints played by a JDK HttpServer on a random loopback port: the
 * deep-linking return URL (captures what the tool posts), and scripted JSON answers.
 */
final class FakePlatform implements AutoCloseable {
  /** A request the fake received. */
  record Received(String method, String path, String query, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
          .map(e -> e.getValue().get(0)).orElse(null);
    }

    Map<String, String> form() {
      Map<String, String> form = new LinkedHashMap<>();
      for (String pair : body.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      return form;
    }
  }

  /** A scripted answer. */
  record Answer(int status, String contentType, String body, Map<String, String> headers) {}

  /** Decides the answer for a request. */
  interface Script {
    Answer answer(Received request);
  }

  private final HttpServer server;
  final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  final List<Received> all = new CopyOnWriteArrayList<>();

  FakePlatform() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  void on(String path, Script script) {
    server.createContext(path, exchange -> handle(exchange, script));
  }

  private void handle(HttpExchange exchange, Script script) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
        exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body);
    all.add(request);
    received.add(request);
    Answer answer = script.answer(request);
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", answer.contentType());
    answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  static Answer html(String body) {
    return new Answer(200, "text/html; charset=utf-8", "<!DOCTYPE html><html><head><title>Moodle</title></head><body>"
        + body + "</body></html>", Map.of());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
