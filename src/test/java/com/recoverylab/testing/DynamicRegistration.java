package com.recoverylab.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The platform's side of LTI Dynamic Registration as Moodle 4.5 plays it: the OpenID configuration,
 * and the registration endpoint that takes a one-use registration token, checks the tool's metadata
 * and answers with a client id and deployment.
 */
final class DynamicRegistration {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FakePlatform platform;
  private final Set<String> registrationTokens = ConcurrentHashMap.newKeySet();
  private final AtomicInteger configurationFetches = new AtomicInteger();
  private final AtomicInteger registrationPosts = new AtomicInteger();
  private volatile JsonNode lastRegistration;

  DynamicRegistration(FakePlatform platform) {
    this.platform = platform;
  }

  void expectToken(String token) {
    registrationTokens.add(token);
  }

  int configurationFetches() {
    return configurationFetches.get();
  }

  int registrationPosts() {
    return registrationPosts.get();
  }

  JsonNode lastRegistration() {
    return lastRegistration;
  }

  void configuration(HttpExchange exchange) throws IOException {
    configurationFetches.incrementAndGet();
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("issuer", platform.issuer());
    config.put("token_endpoint", platform.tokenUrl());
    config.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
    config.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS256"));
    config.put("jwks_uri", platform.jwksUrl());
    config.put("authorization_endpoint", platform.authUrl());
    config.put("registration_endpoint", platform.issuer() + "/mod/lti/openid-registration.php");
    config.put(
        "scopes_supported",
        List.of("https://purl.imsglobal.org/spec/lti-ags/scope/score", "openid"));
    config.put("response_types_supported", List.of("id_token"));
    config.put("subject_types_supported", List.of("public", "pairwise"));
    config.put("id_token_signing_alg_values_supported", List.of("RS256"));
    config.put(
        "claims_supported", List.of("sub", "iss", "name", "given_name", "family_name", "email"));
    // older Moodle releases publish this key with a trailing space
    config.put(
        "https://purl.imsglobal.org/spec/lti-platform-configuration ",
        Map.of(
            "product_family_code",
            "moodle",
            "version",
            "4.5",
            "messages_supported",
            List.of(
                Map.of("type", "LtiResourceLinkRequest"), Map.of("type", "LtiDeepLinkingRequest")),
            "variables",
            List.of("basic-lti-launch-request", "Context.id")));
    platform.configurationTweak.accept(config);
    send(exchange, 200, "application/json", JSON.writeValueAsString(config));
  }

  void registration(HttpExchange exchange) throws IOException {
    registrationPosts.incrementAndGet();
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    String token =
        authorization != null && authorization.startsWith("Bearer ")
            ? authorization.substring(7)
            : null;
    if (token == null || !registrationTokens.remove(token)) {
      send(exchange, 401, "application/json", "{\"error\":\"invalid_token\"}");
      return;
    }
    if (platform.registrationStatus != 200) {
      send(
          exchange,
          platform.registrationStatus,
          "application/json",
          "{\"error\":\"registration refused\"}");
      return;
    }
    JsonNode body = JSON.readTree(exchange.getRequestBody());
    lastRegistration = body;
    JsonNode lti = body.path("https://purl.imsglobal.org/spec/lti-tool-configuration");
    String problem = null;
    if (!body.path("response_types").toString().contains("id_token")) {
      problem = "response_types";
    } else if (!body.path("redirect_uris").isArray() || body.path("redirect_uris").isEmpty()) {
      problem = "redirect_uris";
    } else if (body.path("initiate_login_uri").asText("").isEmpty()
        || body.path("client_name").asText("").isEmpty()
        || body.path("jwks_uri").asText("").isEmpty()) {
      problem = "initiate_login_uri, client_name, jwks_uri";
    } else if (!"private_key_jwt".equals(body.path("token_endpoint_auth_method").asText())) {
      problem = "token_endpoint_auth_method";
    } else if (lti.path("domain").asText("").isEmpty()
        || lti.path("target_link_uri").asText("").isEmpty()) {
      problem = "lti-tool-configuration";
    }
    if (problem != null) {
      send(
          exchange,
          400,
          "application/json",
          "{\"error\":\"invalid_client_metadata: " + problem + "\"}");
      return;
    }
    // Moodle's "Update" keeps the client id of the tool registered last
    String clientId =
        platform.registered(
            platform.updateOnRegistration
                ? null
                : "dyn-" + UUID.randomUUID().toString().substring(0, 10),
            body.path("initiate_login_uri").asText(),
            body.path("redirect_uris").get(0).asText(),
            lti.path("target_link_uri").asText(),
            body.path("jwks_uri").asText());
    Map<String, Object> answer =
        JSON.convertValue(
            body,
            new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() {});
    answer.put("client_id", clientId);
    @SuppressWarnings("unchecked")
    Map<String, Object> toolConfig =
        new LinkedHashMap<>(
            (Map<String, Object>)
                answer.get("https://purl.imsglobal.org/spec/lti-tool-configuration"));
    toolConfig.put("deployment_id", platform.deploymentId());
    answer.put("https://purl.imsglobal.org/spec/lti-tool-configuration", toolConfig);
    send(exchange, 200, "application/json", JSON.writeValueAsString(answer));
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    Exchanges.send(exchange, status, body, Map.of("Content-Type", type + "; charset=utf-8"));
  }
}
