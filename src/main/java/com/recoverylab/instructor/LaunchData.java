package com.recoverylab.instructor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.recoverylab.web.Json;
import com.recoverylab.web.LaunchSession;
import java.util.Optional;

/** The keys of a session's launch data the instructor pages read. */
record LaunchData(JsonNode json) {

  static LaunchData of(LaunchSession session) {
    try {
      return new LaunchData(Json.MAPPER.readTree(session.launchData()));
    } catch (JsonProcessingException e) {
      // the launch wrote this JSON itself; unreadable data means no optional services
      return new LaunchData(MissingNode.getInstance());
    }
  }

  Optional<String> text(String key) {
    JsonNode value = json.path(key);
    return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
  }

  JsonNode node(String key) {
    return json.path(key);
  }

  Optional<String> deploymentId() {
    return text("deployment_id");
  }

  /** The Names and Role Provisioning Services endpoint of the launch's context. */
  Optional<String> membershipsUrl() {
    return text("context_memberships_url");
  }
}
