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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What a public server exposes besides its pages: metrics, TRACE, and its data files. */
class OperationalSurfaceTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static AppServer start(String... settings) {
    Map<String, String> env = TestServer.settings(TestDatabases.h2());
    for (int i = 0; i < settings.length; i += 2) {
      env.put(settings[i], settings[i + 1]);
    }
    return TestServer.start(env, FixtureContent.library());
  }

  private static HttpResponse<String> get(AppServer server, String path, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void a_public_url_without_a_key_encryption_key_warns_at_start() {
    String text;
    try (LogLines log = new LogLines();
        AppServer server = start("PUBLIC_URL", "https://recovery.example.edu")) {
      text = log.text();
    }
    assertTrue(
        text.lines()
            .anyMatch(line -> line.contains(" WARN ") && line.contains("event=keys_unencrypted")),
        text);
  }

  @Test
  void metrics_are_not_served_on_a_public_url_without_a_token() throws Exception {
    try (AppServer server = start("PUBLIC_URL", "https://recovery.example.edu")) {
      HttpResponse<String> response = get(server, "/metrics");
      assertEquals(404, response.statusCode());
      assertFalse(response.body().contains("recovery_lab_grades"), response.body());
    }
  }

  @Test
  void metrics_need_the_token_when_one_is_set() throws Exception {
    String token = "metrics-token-0123456789abcdef";
    try (AppServer server =
        start("PUBLIC_URL", "https://recovery.example.edu", "METRICS_TOKEN", token)) {
      assertEquals(401, get(server, "/metrics").statusCode());
      assertEquals(
          401,
          get(server, "/metrics", "Authorization", "Bearer wrong-token-0123456789abcdef")
              .statusCode());
      HttpResponse<String> allowed = get(server, "/metrics", "Authorization", "Bearer " + token);
      assertEquals(200, allowed.statusCode());
      assertTrue(allowed.body().contains("recovery_lab_grades"), allowed.body());
    }
  }

  @Test
  void metrics_stay_open_on_a_local_url() throws Exception {
    try (AppServer server = start()) {
      assertEquals(200, get(server, "/metrics").statusCode());
    }
  }

  @Test
  void trace_is_refused() throws Exception {
    try (AppServer server = start()) {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(server.url() + "/health"))
                  .method("TRACE", HttpRequest.BodyPublishers.noBody())
                  .header("X-Secret", "echo-me")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(405, response.statusCode());
      assertFalse(response.body().contains("echo-me"), response.body());
    }
  }

  @Test
  void the_data_folder_and_database_files_are_owner_only() throws Exception {
    Path dataDir = Files.createTempDirectory("recovery-lab-perm").resolve("data");
    Map<String, String> env = TestServer.settings(TestDatabases.h2());
    env.remove("DATABASE_URL");
    env.put("DATA_DIR", dataDir.toString());
    try (AppServer server = TestServer.start(env, FixtureContent.library())) {
      assertEquals(
          "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)));
      List<Path> files;
      try (Stream<Path> listed = Files.list(dataDir)) {
        files = listed.filter(Files::isRegularFile).toList();
      }
      assertFalse(files.isEmpty(), "the database files");
      for (Path file : files) {
        assertEquals(
            "rw-------",
            PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
            file.toString());
      }
    }
  }
}
