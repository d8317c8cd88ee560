package com.recoverylab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.app.AppServer;
import com.recoverylab.testing.FixtureContent;
import com.recoverylab.testing.LogLines;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Values from requests cannot forge log lines or put control bytes into the log. */
class LogForgingTest {

  @Test
  void a_newline_in_a_parameter_leaves_one_log_line() throws Exception {
    try (AppServer server =
        TestServer.start(TestServer.settings(TestDatabases.h2()), FixtureContent.library())) {
      String forged =
          "https://evil.example%0A2026-12-07T00:00:00.000Z%20ERROR%20req=-%20App%20event=forged%0D%00%1B[31m";
      List<String> lines;
      String text;
      try (LogLines log = new LogLines()) {
        HttpResponse<String> response =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(
                                server.url()
                                    + "/lti/login?iss="
                                    + forged
                                    + "&login_hint=1&target_link_uri="
                                    + server.url()
                                    + "/lti/launch"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode());
        // the request's own line is written once the answer has gone out
        Awaitility.await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> log.text().contains("path=/lti/login"));
        text = log.text();
        lines = log.lines();
      }
      assertTrue(
          lines.stream().noneMatch(line -> line.startsWith("2026-12-07T00:00:00.000Z")), text);
      assertTrue(text.contains("evil.example\\n2026-12-07T00:00:00.000Z ERROR"), text);
      assertFalse(text.chars().anyMatch(c -> c != '\n' && Character.isISOControl(c)), text);
    }
  }

  @Test
  void every_control_character_is_escaped() {
    assertEquals(
        "a\\nb\\rc\\td\\u0000e\\u001bf\\u2028",
        EscapedMessage.escape("a\nb\rc\td\u0000e\u001bf\u2028"));
    assertEquals("plain text stays", EscapedMessage.escape("plain text stays"));
  }
}
