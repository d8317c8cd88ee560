package com.recoverylab.multinode;

import com.recoverylab.app.AppServer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The load balancer in front of the tool's nodes, as small as it can be: one public address (every
 * node's PUBLIC_URL) on 127.0.0.1, each request forwarded to the node the test picks, with cookies
 * passed both ways and X-Forwarded-Proto/Host/For set, as Caddy does. Every forwarded request is
 * recorded with the node that answered it.
 */
final class RoutingProxy implements AutoCloseable {
  /** Headers that belong to one connection, or that the JDK client sets itself. */
  private static final Set<String> NOT_FORWARDED =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "proxy-authorization",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "host",
          "content-length",
          "expect");

  /** A node behind the proxy: a name for assertions and the node's own address. */
  record Node(String name, URI address) {
    static Node of(String name, AppServer server) {
      return new Node(name, URI.create("http://127.0.0.1:" + server.port()));
    }
  }

  /** One request the proxy passed on. */
  record Forwarded(String method, String path, String node, int status) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI url;
  private final List<Forwarded> log = Collections.synchronizedList(new ArrayList<>());
  private volatile Function<String, Node> route =
      path -> {
        throw new IllegalStateException("no route set for " + path);
      };

  private RoutingProxy() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.setExecutor(threads);
    server.createContext("/", this::forward);
    server.start();
    url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  static RoutingProxy start() {
    try {
      return new RoutingProxy();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public address: use it as every node's PUBLIC_URL. */
  URI url() {
    return url;
  }

  /** Sends every request to this node. */
  void sendAllTo(Node node) {
    route = path -> node;
  }

  /** Sends requests whose path starts with a key to that node, all others to {@code otherwise}. */
  void sendByPath(Map<String, Node> byPrefix, Node otherwise) {
    route =
        path ->
            byPrefix.entrySet().stream()
                .filter(e -> path.startsWith(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(otherwise);
  }

  /** Round robin, request by request, like the production proxy (no sticky sessions). */
  void alternate(List<Node> nodes) {
    AtomicInteger next = new AtomicInteger();
    List<Node> copy = List.copyOf(nodes);
    route = path -> copy.get(Math.floorMod(next.getAndIncrement(), copy.size()));
  }

  /** Every request forwarded so far, in the order answered. */
  List<Forwarded> forwarded() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI incoming = exchange.getRequestURI();
      Node node = route.apply(incoming.getPath());
      byte[] body = exchange.getRequestBody().readAllBytes();
      String target =
          node.address()
              + incoming.getRawPath()
              + (incoming.getRawQuery() == null ? "" : "?" + incoming.getRawQuery());
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(target))
              .timeout(Duration.ofSeconds(60))
              .method(
                  exchange.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                // the proxy sets the X-Forwarded-* headers itself: a client must not choose them
                if (!NOT_FORWARDED.contains(lower) && !lower.startsWith("x-forwarded-")) {
                  values.forEach(value -> request.header(name, value));
                }
              });
      request.header("X-Forwarded-Proto", "http");
      request.header("X-Forwarded-Host", url.getHost() + ":" + url.getPort());
      request.header("X-Forwarded-For", exchange.getRemoteAddress().getAddress().getHostAddress());
      HttpResponse<byte[]> answer;
      try {
        answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        // the node is gone: a load balancer answers 502 Bad Gateway
        log.add(new Forwarded(exchange.getRequestMethod(), incoming.getPath(), node.name(), 502));
        exchange.sendResponseHeaders(502, -1);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(502, -1);
        return;
      }
      answer
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))
                    && !name.startsWith(":")) {
                  values.forEach(value -> exchange.getResponseHeaders().add(name, value));
                }
              });
      byte[] bytes = answer.body();
      boolean noBody =
          bytes.length == 0
              || "HEAD".equals(exchange.getRequestMethod())
              || answer.statusCode() == 204
              || answer.statusCode() == 304;
      log.add(
          new Forwarded(
              exchange.getRequestMethod(), incoming.getPath(), node.name(), answer.statusCode()));
      exchange.sendResponseHeaders(answer.statusCode(), noBody ? -1 : bytes.length);
      if (!noBody) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }
}
