package com.recoverylab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.app.AppServer;
import com.recoverylab.testing.FixtureContent;
import com.recoverylab.testing.LogLines;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests Jetty itself refuses (bad bytes, bodies and forms over its limits) get their 4xx with
 * the tool's error page and one WARN line, never a 500 or a stack trace.
 */
class JettyLimitsTest {
  private static AppServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestServer.settings(TestDatabases.h2()), FixtureContent.library());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void invalid_utf8_in_a_query_is_a_400() throws Exception {
    assertRefused(
        400,
        "GET /course?s=%FF%FE%C3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        new byte[0]);
  }

  @Test
  void a_form_over_200_kb_is_a_413() throws Exception {
    byte[] body =
        ("id_token=" + "a".repeat(250_000) + "&state=x").getBytes(StandardCharsets.US_ASCII);
    assertRefused(413, post("/lti/11/launch", body.length), body);
  }

  @Test
  void a_form_with_too_many_fields_is_a_413() throws Exception {
    StringBuilder form = new StringBuilder();
    for (int i = 0; i < 1500; i++) {
      form.append(i == 0 ? "" : "&").append("f").append(i).append("=1");
    }
    byte[] body = form.toString().getBytes(StandardCharsets.US_ASCII);
    assertRefused(413, post("/lti/11/launch", body.length), body);
  }

  @Test
  void a_chunked_form_over_the_limit_is_a_413() throws Exception {
    ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    byte[] chunk = "a".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
    chunks.write("9\r\nid_token=\r\n".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < 30; i++) {
      chunks.write(
          (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      chunks.write(chunk);
      chunks.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    chunks.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertRefused(
        413,
        "POST /lti/11/launch HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n",
        chunks.toByteArray());
  }

  @Test
  void headers_over_the_limit_are_a_431() throws Exception {
    String response =
        send(
            "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: c="
                + "a".repeat(20_000)
                + "\r\n\r\n",
            new byte[0]);
    assertTrue(response.startsWith("HTTP/1.1 431"), response.lines().findFirst().orElse(""));
  }

  private static String post(String path, int length) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
        + length
        + "\r\n\r\n";
  }

  private static void assertRefused(int status, String head, byte[] body) throws Exception {
    String response;
    List<String> logged;
    try (LogLines log = new LogLines()) {
      response = send(head, body);
      // an error would be logged just after the answer: give it the time to show, then read
      Awaitility.await()
          .during(Duration.ofMillis(200))
          .atMost(Duration.ofSeconds(2))
          .until(() -> log.lines().stream().noneMatch(line -> line.contains(" ERROR ")));
      logged = log.lines();
    }
    assertTrue(
        response.startsWith("HTTP/1.1 " + status),
        response.lines().findFirst().orElse("") + "\n" + logged);
    assertTrue(response.contains("<main"), "the tool's error page: " + response);
    assertTrue(
        logged.stream().noneMatch(line -> line.contains(" ERROR ")), String.join("\n", logged));
    assertTrue(
        logged.stream().noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by")),
        String.join("\n", logged));
    assertEquals(
        1,
        logged.stream().filter(line -> line.contains(" WARN ")).count(),
        String.join("\n", logged));
  }

  private static String send(String head, byte[] body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      try {
        out.write(body);
        out.flush();
      } catch (IOException e) {
        // the server may answer and close before the whole body is sent
      }
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
