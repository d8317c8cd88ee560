package com.recoverylab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.recoverylab.app.AppServer;
import com.recoverylab.lti.keys.RsaProvider;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import com.recoverylab.web.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SandboxRegistrationTest {

  @Test
  void the_sandbox_registers_itself_with_the_tool_at_start() throws Exception {
    try (SandboxFixture sandbox = new SandboxFixture()) {
      PlatformRepository platforms = new PlatformRepository(sandbox.jdbc);
      Platform platform = platforms.find(sandbox.base + "/sandbox", "sandbox-tool").orElseThrow();
      assertEquals(sandbox.base + "/sandbox/auth", platform.authEndpoint());
      assertEquals(sandbox.base + "/sandbox/token", platform.tokenEndpoint());
      assertEquals(sandbox.base + "/sandbox/jwks", platform.jwksUrl());
      assertEquals(List.of("sandbox-deployment"), platforms.deployments(platform.id()));
    }
  }

  @Test
  void registering_again_is_harmless_and_restores_changed_endpoints() throws Exception {
    try (SandboxFixture sandbox = new SandboxFixture()) {
      PlatformRepository platforms = new PlatformRepository(sandbox.jdbc);
      Platform before = platforms.find(sandbox.base + "/sandbox", "sandbox-tool").orElseThrow();
      platforms.updateEndpoints(
          new Platform(
              before.id(),
              before.issuer(),
              before.clientId(),
              before.name(),
              "https://old.example/auth",
              "https://old.example/token",
              "https://old.example/jwks"));
      SandboxRegistration registration =
          new SandboxRegistration(platforms, new SandboxUrls(sandbox.base), Clock.systemUTC());
      Platform again = registration.register();
      assertEquals(before.id(), again.id());
      Platform stored = platforms.find(before.id()).orElseThrow();
      assertEquals(sandbox.base + "/sandbox/auth", stored.authEndpoint());
      assertEquals(sandbox.base + "/sandbox/jwks", stored.jwksUrl());
      assertEquals(1, platforms.findByIssuer(sandbox.base + "/sandbox").size());
      assertEquals(List.of("sandbox-deployment"), platforms.deployments(before.id()));
    }
  }

  @Test
  void the_sandbox_key_is_kept_in_the_database_so_every_node_publishes_the_same_one()
      throws Exception {
    try (SandboxFixture sandbox = new SandboxFixture()) {
      SandboxKeys otherNode =
          new SandboxKeys(
              new SandboxKeyRepository(sandbox.jdbc), new RsaProvider(), Clock.systemUTC());
      otherNode.ensure();
      JsonNode served =
          Json.MAPPER.readTree(sandbox.get(sandbox.base + "/sandbox/jwks", null).body());
      assertEquals(
          otherNode.publicJwks().getKeys().get(0).getKeyID(),
          served.path("keys").get(0).path("kid").asText());
    }
  }

  @Test
  void two_nodes_starting_together_on_one_postgresql_both_start_and_agree() throws Exception {
    TestDatabases.TestDatabase database = TestDatabases.postgres();
    Map<String, String> settings = TestServer.settings(database);
    settings.put("SANDBOX", "true");
    settings.put("PUBLIC_URL", "http://127.0.0.1:8765");
    Callable<AppServer> node = () -> TestServer.start(settings, SandboxFixture.content());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<AppServer> first = pool.submit(node);
      Future<AppServer> second = pool.submit(node);
      try (AppServer a = first.get();
          AppServer b = second.get()) {
        Jdbc jdbc = new Jdbc(a.database().dataSource(), true);
        PlatformRepository platforms = new PlatformRepository(jdbc);
        assertEquals(1, platforms.findByIssuer("http://127.0.0.1:8765/sandbox").size());
        HttpClient http = HttpClient.newHttpClient();
        String jwksA =
            http.send(
                    HttpRequest.newBuilder(URI.create(localUrl(a) + "/sandbox/jwks")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        String jwksB =
            http.send(
                    HttpRequest.newBuilder(URI.create(localUrl(b) + "/sandbox/jwks")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        assertEquals(jwksA, jwksB);
        assertTrue(jwksA.contains("\"kid\""));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void without_the_sandbox_setting_there_is_no_sandbox() throws Exception {
    Map<String, String> settings = TestServer.settings(TestDatabases.h2());
    settings.put("SANDBOX", "false");
    try (AppServer server = TestServer.start(settings, SandboxFixture.content())) {
      HttpResponse<String> page =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(server.url() + "/sandbox")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(404, page.statusCode());
      Jdbc jdbc = new Jdbc(server.database().dataSource(), server.database().isPostgres());
      assertTrue(new PlatformRepository(jdbc).findByIssuer(server.url() + "/sandbox").isEmpty());
    }
  }

  private static String localUrl(AppServer server) {
    return "http://127.0.0.1:" + server.port();
  }
}
