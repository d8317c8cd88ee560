package com.recoverylab.testing;

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
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The tool's public address in real-browser tests: a small proxy on 127.0.0.1 that forwards every
 * request to the tool and, when asked, removes what a browser that refuses every cookie inside
 * another site's frame would not send. Top-level navigations (Fetch Metadata destination {@code
 * document}: the platform's own pages, a window the tool opens) pass unchanged: there the tool is
 * first-party.
 */
public final class FrameCookieProxy implements AutoCloseable {
  /** What the proxy removes from requests made inside frames. */
  public enum Mode {
    /** Nothing: the browser's own cookie settings decide. */
    PASS,
    /** The Cookie header, as a browser that keeps no cookie for the tool in the frame. */
    STRIP_COOKIES,
    /**
     * The Cookie header and the Fetch Metadata headers, as an older browser that neither keeps
     * cookies in the frame nor says it is in one (so the tool cannot know to keep the login secret
     * in the frame's storage either).
     */
    STRIP_COOKIES_AND_FETCH_METADATA
  }

  /** Headers that belong to one connection, or that the JDK client sets itself. */
  private static final Set<String> NOT_FORWARDED =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "host",
          "content-length",
          "expect");

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private volatile URI target;
  private volatile Mode mode = Mode.PASS;

  private FrameCookieProxy() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.setExecutor(threads);
    server.createContext("/", this::forward);
    server.start();
  }

  public static FrameCookieProxy start() {
    try {
      return new FrameCookieProxy();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Where requests go, e.g. {@code http://127.0.0.1:<tool port>}. */
  public void forwardTo(URI tool) {
    target = tool;
  }

  public void mode(Mode value) {
    mode = value;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI incoming = exchange.getRequestURI();
      byte[] body = exchange.getRequestBody().readAllBytes();
      String destination = exchange.getRequestHeaders().getFirst("Sec-Fetch-Dest");
      boolean inFrame = destination != null && !"document".equalsIgnoreCase(destination);
      Mode current = mode;
      HttpRequest.Builder request =
          HttpRequest.newBuilder(
                  URI.create(
                      target
                          + incoming.getRawPath()
                          + (incoming.getRawQuery() == null ? "" : "?" + incoming.getRawQuery())))
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
                boolean stripped =
                    inFrame
                        && current != Mode.PASS
                        && ("cookie".equals(lower)
                            || current == Mode.STRIP_COOKIES_AND_FETCH_METADATA
                                && lower.startsWith("sec-fetch-"));
                if (!NOT_FORWARDED.contains(lower) && !stripped) {
                  values.forEach(value -> request.header(name, value));
                }
              });
      HttpResponse<byte[]> answer;
      try {
        answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(502, -1);
        return;
      } catch (IOException e) {
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
      exchange.sendResponseHeaders(answer.statusCode(), noBody ? -1 : bytes.length);
      if (!noBody) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }
}
