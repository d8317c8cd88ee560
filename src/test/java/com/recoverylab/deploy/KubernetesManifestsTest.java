package com.recoverylab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s/*.yaml fit together: selectors match labels, references name real objects, and probes,
 * resources and stop timing match what the tool does.
 */
class KubernetesManifestsTest {
  private static final Path K8S = DeployFiles.DEPLOY.resolve("k8s");
  private static final Map<String, JsonNode> BY_KIND = new HashMap<>();
  private static final List<Path> FILES = new ArrayList<>();

  static {
    try (Stream<Path> files = Files.list(K8S)) {
      files.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(FILES::add);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    for (Path file : FILES) {
      for (JsonNode document : DeployFiles.yamlDocuments(file)) {
        String kind = document.path("kind").asText();
        if (BY_KIND.put(kind, document) != null) {
          throw new AssertionError("two " + kind + " objects; this test expects one of each");
        }
      }
    }
  }

  private static JsonNode object(String kind) {
    JsonNode object = BY_KIND.get(kind);
    if (object == null) {
      throw new AssertionError("no " + kind + " in " + K8S);
    }
    return object;
  }

  private static JsonNode deployment() {
    return object("Deployment");
  }

  private static JsonNode container() {
    JsonNode containers =
        deployment().path("spec").path("template").path("spec").path("containers");
    assertEquals(1, containers.size());
    return containers.get(0);
  }

  private static JsonNode podLabels() {
    return deployment().path("spec").path("template").path("metadata").path("labels");
  }

  /** True when every label the selector asks for is on the pods. */
  private static boolean selects(JsonNode selector, JsonNode labels) {
    if (!selector.isObject() || selector.isEmpty()) {
      return false;
    }
    for (Map.Entry<String, JsonNode> entry : selector.properties()) {
      if (!entry.getValue().equals(labels.path(entry.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Test
  void every_manifest_parses_and_names_kind_api_version_and_the_same_namespace() {
    String namespace = object("Namespace").path("metadata").path("name").asText();
    for (JsonNode object : BY_KIND.values()) {
      String kind = object.path("kind").asText();
      assertFalse(object.path("apiVersion").asText().isEmpty(), kind);
      if (!kind.equals("Namespace") && !kind.equals("Kustomization")) {
        assertFalse(object.path("metadata").path("name").asText().isEmpty(), kind + " has a name");
        assertEquals(namespace, object.path("metadata").path("namespace").asText(), kind);
      }
    }
  }

  @Test
  void kustomization_lists_every_manifest() {
    TreeSet<String> listed = new TreeSet<>();
    object("Kustomization").path("resources").forEach(r -> listed.add(r.asText()));
    TreeSet<String> present = new TreeSet<>();
    FILES.stream()
        .map(f -> f.getFileName().toString())
        .filter(n -> !n.equals("kustomization.yaml"))
        .forEach(present::add);
    assertEquals(present, listed);
  }

  @Test
  void deployment_runs_several_replicas_selected_by_its_own_labels() {
    JsonNode spec = deployment().path("spec");
    assertTrue(spec.path("replicas").asInt() >= 2, "several nodes: " + spec.path("replicas"));
    assertTrue(selects(spec.path("selector").path("matchLabels"), podLabels()));
    assertEquals(
        0,
        spec.path("strategy").path("rollingUpdate").path("maxUnavailable").asInt(-1),
        "a rollout never takes a ready node away before its replacement is ready");
  }

  @Test
  void readiness_checks_the_database_and_liveness_only_the_process() {
    JsonNode container = container();
    assertEquals("/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
    assertEquals("/health", container.path("livenessProbe").path("httpGet").path("path").asText());
    String portName = container.path("ports").get(0).path("name").asText();
    assertEquals(8080, container.path("ports").get(0).path("containerPort").asInt());
    for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
      assertEquals(portName, container.path(probe).path("httpGet").path("port").asText(), probe);
    }
  }

  @Test
  void resources_are_requested_and_limited_with_room_above_the_measured_memory() {
    JsonNode resources = container().path("resources");
    for (String part : List.of("requests", "limits")) {
      for (String resource : List.of("cpu", "memory")) {
        assertFalse(resources.path(part).path(resource).asText().isEmpty(), part + "." + resource);
      }
    }
    double request = DeployFiles.quantity(resources.path("requests").path("memory").asText());
    double limit = DeployFiles.quantity(resources.path("limits").path("memory").asText());
    assertTrue(request <= limit);
    // deploy/README.md: the load benchmark's peak resident set with the image's flags is 240 MiB
    // (H2, seventh round); the limit leaves room for bursts beyond it
    assertTrue(request >= 240 * 1024 * 1024, "request covers the measured peak resident memory");
    assertTrue(limit >= 2 * 240 * 1024 * 1024, "limit leaves room for bursts above the peak");
  }

  @Test
  void database_settings_come_from_the_secret_and_the_rest_from_the_config_map() {
    JsonNode secret = object("Secret");
    JsonNode config = object("ConfigMap");
    String secretName = null;
    String configName = null;
    for (JsonNode source : container().path("envFrom")) {
      if (source.has("secretRef")) {
        secretName = source.path("secretRef").path("name").asText();
      }
      if (source.has("configMapRef")) {
        configName = source.path("configMapRef").path("name").asText();
      }
    }
    assertEquals(secret.path("metadata").path("name").asText(), secretName);
    assertEquals(config.path("metadata").path("name").asText(), configName);
    for (String key : List.of("DATABASE_URL", "DATABASE_USER", "DATABASE_PASSWORD")) {
      assertTrue(secret.path("stringData").has(key), "secret holds " + key);
      assertFalse(config.path("data").has(key), key + " belongs in the secret, not the config map");
    }
    assertTrue(
        secret.path("stringData").path("DATABASE_URL").asText().startsWith("jdbc:postgresql://"));
    assertEquals("false", config.path("data").path("SANDBOX").asText());
    assertTrue(config.path("data").path("PUBLIC_URL").asText().startsWith("https://"));
  }

  @Test
  void pods_drain_before_they_stop_and_get_longer_to_stop_than_the_drain_plus_the_graceful_stop() {
    JsonNode pod = deployment().path("spec").path("template").path("spec");
    int grace = pod.path("terminationGracePeriodSeconds").asInt();
    JsonNode preStop = container().path("lifecycle").path("preStop").path("exec").path("command");
    int pause =
        preStop.size() == 2 && preStop.get(0).asText().equals("sleep") ? preStop.get(1).asInt() : 0;
    int drain = 0;
    for (JsonNode variable : container().path("env")) {
      if (variable.path("name").asText().equals("SHUTDOWN_DRAIN_SECONDS")) {
        drain = Integer.parseInt(variable.path("value").asText());
      }
    }
    // the Service and the Ingress controller need a few seconds to stop sending to a stopping pod
    assertTrue(
        pause + drain >= 5,
        "a stopping pod keeps serving a few seconds: pause " + pause + " s, drain " + drain + " s");
    // App.newServer: server.setStopTimeout(15_000)
    assertTrue(
        grace >= pause + drain + 15,
        "grace "
            + grace
            + " s < pause "
            + pause
            + " s + drain "
            + drain
            + " s + 15 s graceful stop");
    assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());
  }

  @Test
  void disruption_budget_keeps_two_nodes_of_this_deployment() {
    JsonNode pdb = object("PodDisruptionBudget").path("spec");
    assertEquals(2, pdb.path("minAvailable").asInt());
    assertTrue(
        pdb.path("minAvailable").asInt() < deployment().path("spec").path("replicas").asInt(),
        "a budget as large as the replica count would block every node drain");
    assertTrue(selects(pdb.path("selector").path("matchLabels"), podLabels()));
    assertEquals(
        deployment().path("spec").path("selector").path("matchLabels"),
        pdb.path("selector").path("matchLabels"));
  }

  @Test
  void service_selects_the_pods_and_reaches_their_port() {
    JsonNode service = object("Service").path("spec");
    assertTrue(selects(service.path("selector"), podLabels()));
    assertEquals(
        container().path("ports").get(0).path("name").asText(),
        service.path("ports").get(0).path("targetPort").asText());
  }

  @Test
  void ingress_serves_the_public_url_over_tls_and_sends_to_the_service() {
    JsonNode ingress = object("Ingress").path("spec");
    String host =
        URI.create(object("ConfigMap").path("data").path("PUBLIC_URL").asText()).getHost();
    JsonNode rule = ingress.path("rules").get(0);
    assertEquals(host, rule.path("host").asText(), "the Ingress host is PUBLIC_URL's host");
    assertTrue(ingress.path("tls").get(0).path("hosts").toString().contains("\"" + host + "\""));
    assertFalse(ingress.path("tls").get(0).path("secretName").asText().isEmpty());
    JsonNode backend = rule.path("http").path("paths").get(0).path("backend").path("service");
    assertEquals(
        object("Service").path("metadata").path("name").asText(), backend.path("name").asText());
    assertEquals(
        object("Service").path("spec").path("ports").get(0).path("name").asText(),
        backend.path("port").path("name").asText());
    assertFalse(
        object("Ingress").path("metadata").path("annotations").toString().contains("affinity"),
        "no sticky sessions");
  }
}
