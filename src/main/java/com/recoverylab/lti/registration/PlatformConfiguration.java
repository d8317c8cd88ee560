package com.recoverylab.lti.registration;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * The parts of a platform's OpenID configuration (Dynamic Registration 1.0 §3.3) the tool uses.
 * Read leniently: keys are trimmed (some Moodle versions publish a key with a trailing space),
 * numbers count as text, and fields the tool does not need may be missing or odd.
 */
record PlatformConfiguration(
    String issuer,
    String authorizationEndpoint,
    String registrationEndpoint,
    String jwksUri,
    String tokenEndpoint,
    String productFamily) {

  static final String PLATFORM_CONFIGURATION =
      "https://purl.imsglobal.org/spec/lti-platform-configuration";

  static PlatformConfiguration parse(JsonNode json) {
    Map<String, JsonNode> fields = trimmedKeys(json);
    Map<String, JsonNode> lti = trimmedKeys(fields.get(PLATFORM_CONFIGURATION));
    return new PlatformConfiguration(
        text(fields, "issuer"),
        text(fields, "authorization_endpoint"),
        text(fields, "registration_endpoint"),
        text(fields, "jwks_uri") != null ? text(fields, "jwks_uri") : text(fields, "jwks_url"),
        text(fields, "token_endpoint"),
        text(lti, "product_family_code"));
  }

  /** The first required field that is missing, or null when all are there. */
  String firstMissing() {
    if (issuer == null) {
      return "issuer";
    }
    if (authorizationEndpoint == null) {
      return "authorization_endpoint";
    }
    if (registrationEndpoint == null) {
      return "registration_endpoint";
    }
    return jwksUri == null ? "jwks_uri" : null;
  }

  static Map<String, JsonNode> trimmedKeys(JsonNode node) {
    Map<String, JsonNode> fields = new HashMap<>();
    if (node != null && node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        fields.putIfAbsent(field.getKey().trim(), field.getValue());
      }
    }
    return fields;
  }

  static String text(Map<String, JsonNode> fields, String name) {
    JsonNode value = fields.get(name);
    if (value == null || !value.isValueNode() || value.isNull()) {
      return null;
    }
    String text = value.asText().trim();
    return text.isEmpty() ? null : text;
  }
}
