package com.recoverylab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pages go out as UTF-8 bytes with their length, also after a servlet already took the writer. */
class TemplatesTest {
  private static final Templates TEMPLATES =
      new Templates(new Messages(List.of("messages")), false);
  private static final Map<String, Object> MODEL =
      Map.of("status", 404, "title", "Nicht gefunden – Ü", "message", "Kein Quiz “myth-check” 💡");
  private static Server server;
  private static URI base;

  /** Renders the error page; with {@code ?writer}, after the servlet started writing text. */
  static final class PageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      if (request.getParameter("writer") != null) {
        // as the CSV export does before a failure turns into an error page
        response.setContentType("text/csv;charset=UTF-8");
        response.getWriter().write("name,score");
        response.resetBuffer();
      }
      TEMPLATES.render(request, response, 404, "error", MODEL);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new PageServlet()), "/page");
    server.setHandler(context);
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  private static HttpResponse<byte[]> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(base.resolve(path)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void a_page_is_sent_as_utf8_bytes_with_its_length() throws Exception {
    HttpResponse<byte[]> page = get("/page");
    assertEquals(404, page.statusCode());
    assertEquals(
        "text/html;charset=utf-8",
        page.headers().firstValue("Content-Type").orElseThrow().toLowerCase());
    assertEquals(
        String.valueOf(page.body().length),
        page.headers().firstValue("Content-Length").orElseThrow());
    String html = new String(page.body(), StandardCharsets.UTF_8);
    assertTrue(
        html.contains("Nicht gefunden – Ü") && html.contains("Kein Quiz “myth-check” 💡"), html);
  }

  @Test
  void a_page_after_the_writer_was_taken_is_written_through_it_the_same() throws Exception {
    HttpResponse<byte[]> viaWriter = get("/page?writer");
    assertEquals(404, viaWriter.statusCode());
    assertEquals(
        new String(get("/page").body(), StandardCharsets.UTF_8),
        new String(viaWriter.body(), StandardCharsets.UTF_8));
  }
}
