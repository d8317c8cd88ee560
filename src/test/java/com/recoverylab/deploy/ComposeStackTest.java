package com.recoverylab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** deploy/compose.yaml has the shape the deployment guide promises an administrator. */
class ComposeStackTest {
  private static final JsonNode COMPOSE =
      DeployFiles.yaml(DeployFiles.DEPLOY.resolve("compose.yaml"));
  private static final JsonNode SERVICES = COMPOSE.path("services");
  private static final List<String> NODES = List.of("app1", "app2");

  private static JsonNode env(String service) {
    JsonNode environment = SERVICES.path(service).path("environment");
    assertTrue(environment.isObject(), service + ": environment should be a map of NAME: value");
    return environment;
  }

  @Test
  void both_nodes_run_the_same_image_built_from_the_dockerfile() {
    JsonNode first = SERVICES.path("app1");
    JsonNode second = SERVICES.path("app2");
    assertEquals("deploy/Dockerfile", first.path("build").path("dockerfile").asText());
    assertEquals(
        "..",
        first.path("build").path("context").asText(),
        "the build context is the repository root");
    assertEquals(first.path("build"), second.path("build"));
    assertFalse(first.path("image").asText().isEmpty());
    assertEquals(first.path("image"), second.path("image"));
    assertEquals(env("app1"), env("app2"), "the nodes differ only in their name");
  }

  @Test
  void both_nodes_share_one_postgresql_service_and_wait_until_it_is_healthy() {
    for (String node : NODES) {
      String url = env(node).path("DATABASE_URL").asText();
      assertTrue(url.startsWith("jdbc:postgresql://"), node + ": " + url);
      String host = URI.create(url.substring("jdbc:".length())).getHost();
      JsonNode db = SERVICES.path(host);
      assertTrue(db.isObject(), node + ": DATABASE_URL names " + host + ", which is no service");
      assertTrue(
          db.path("image").asText().matches("postgres:1[56](\\..*)?"), db.path("image").asText());
      assertEquals(
          "service_healthy",
          SERVICES.path(node).path("depends_on").path(host).path("condition").asText(),
          node + " starts only when the database answers");
      assertEquals(
          db.path("environment").path("POSTGRES_USER").asText(),
          env(node).path("DATABASE_USER").asText());
      assertEquals(
          db.path("environment").path("POSTGRES_PASSWORD").asText(),
          env(node).path("DATABASE_PASSWORD").asText());
      assertTrue(url.endsWith("/" + db.path("environment").path("POSTGRES_DB").asText()), url);
    }
  }

  @Test
  void nodes_run_in_production_mode_behind_the_public_url() {
    for (String node : NODES) {
      assertEquals(
          "false",
          env(node).path("SANDBOX").asText(),
          node + " must not offer the sandbox platform");
      assertTrue(env(node).path("PUBLIC_URL").asText().startsWith("${PUBLIC_URL"), node);
      assertTrue(
          SERVICES.path(node).path("ports").isMissingNode(),
          node + " publishes no port: requests reach it only through the TLS proxy");
    }
  }

  @Test
  void database_and_nodes_have_healthchecks() {
    for (String service : List.of("db", "app1", "app2")) {
      JsonNode test = SERVICES.path(service).path("healthcheck").path("test");
      assertTrue(test.isArray() && test.size() >= 2, service + " has a healthcheck");
    }
    for (String node : NODES) {
      assertTrue(
          SERVICES.path(node).path("healthcheck").path("test").get(1).asText().contains("/ready"),
          node);
    }
    assertTrue(
        SERVICES
            .path("db")
            .path("healthcheck")
            .path("test")
            .get(1)
            .asText()
            .contains("pg_isready"));
  }

  @Test
  void
      nodes_drain_longer_than_the_proxy_health_interval_and_compose_waits_for_drain_and_graceful_stop() {
    Matcher interval =
        Pattern.compile("health_interval (\\d+)s")
            .matcher(DeployFiles.text(DeployFiles.DEPLOY.resolve("Caddyfile")));
    assertTrue(interval.find(), "the Caddyfile sets health_interval in seconds");
    int healthInterval = Integer.parseInt(interval.group(1));
    for (String node : NODES) {
      int drain = Integer.parseInt(env(node).path("SHUTDOWN_DRAIN_SECONDS").asText("0"));
      assertTrue(
          drain > healthInterval,
          node
              + ": drain "
              + drain
              + " s must outlast Caddy's health check interval "
              + healthInterval
              + " s, so the proxy sees /ready fail before the node stops");
      String grace = SERVICES.path(node).path("stop_grace_period").asText();
      assertTrue(grace.matches("\\d+s"), node + ": stop_grace_period in seconds: " + grace);
      // App.newServer: server.setStopTimeout(15_000)
      assertTrue(
          Integer.parseInt(grace.replace("s", "")) >= drain + 15 + 5,
          node
              + ": stop_grace_period "
              + grace
              + " leaves room for the drain, the graceful stop and closing");
    }
  }

  @Test
  void database_keeps_its_data_in_a_named_volume() {
    String mount = null;
    for (JsonNode volume : SERVICES.path("db").path("volumes")) {
      if (volume.asText().endsWith(":/var/lib/postgresql/data")) {
        mount = volume.asText();
      }
    }
    assertNotNull(mount, "db mounts a volume at /var/lib/postgresql/data");
    String name = mount.substring(0, mount.indexOf(':'));
    assertFalse(
        name.startsWith(".") || name.startsWith("/"), "a named volume, not a host folder: " + name);
    assertTrue(
        COMPOSE.path("volumes").has(name), "volume " + name + " is declared at the top level");
  }

  @Test
  void proxy_serves_https_and_balances_across_both_nodes_without_sticky_sessions() {
    JsonNode proxy = SERVICES.path("proxy");
    List<String> ports = new ArrayList<>();
    proxy.path("ports").forEach(p -> ports.add(p.asText()));
    assertTrue(ports.contains("443:443"), ports.toString());
    assertTrue(
        ports.contains("80:80"),
        "port 80 answers ACME challenges and redirects to https: " + ports);
    boolean mountsCaddyfile = false;
    for (JsonNode volume : proxy.path("volumes")) {
      mountsCaddyfile |= volume.asText().startsWith("./Caddyfile:/etc/caddy/Caddyfile");
    }
    assertTrue(mountsCaddyfile, "the proxy reads deploy/Caddyfile");

    String caddyfile = DeployFiles.text(DeployFiles.DEPLOY.resolve("Caddyfile"));
    assertTrue(caddyfile.contains("reverse_proxy app1:8080 app2:8080"), "both nodes are upstreams");
    assertTrue(caddyfile.contains("lb_policy round_robin"));
    assertTrue(caddyfile.contains("health_uri /ready"));
    assertFalse(
        caddyfile.matches("(?s).*lb_policy (cookie|ip_hash|client_ip_hash).*"),
        "no sticky sessions");
    assertTrue(caddyfile.contains("tls {$TLS}"));
  }

  @Test
  void every_required_setting_is_in_the_env_example() {
    String example = DeployFiles.text(DeployFiles.DEPLOY.resolve(".env.example"));
    Matcher required =
        Pattern.compile("\\$\\{(\\w+):\\?")
            .matcher(DeployFiles.text(DeployFiles.DEPLOY.resolve("compose.yaml")));
    List<String> missing = new ArrayList<>();
    int found = 0;
    while (required.find()) {
      found++;
      if (!Pattern.compile("(?m)^" + required.group(1) + "=\\S+").matcher(example).find()) {
        missing.add(required.group(1));
      }
    }
    assertTrue(found >= 3, "compose.yaml requires PUBLIC_URL, POSTGRES_PASSWORD and SITE_ADDRESS");
    assertEquals(
        List.of(), missing, "settings compose.yaml requires but .env.example does not show");
  }
}
