package com.recoverylab.instructor;

import com.fasterxml.jackson.databind.JsonNode;
import com.recoverylab.web.Json;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The platform's {@code deep_linking_settings} claim (LTI Deep Linking 2.0, section 4.1.1):
 * where to return, what it accepts, and the opaque data to echo.
 *
 * @param acceptMultiple true only when the platform says so; one item is always safe
 * @param acceptLineItem false only when the platform says so (the claim's default is true)
 * @param data the request's {@code data} as plain Java values, or null when absent
 */
public record DeepLinkingSettings(
    URI returnUrl, List<String> acceptTypes, boolean acceptMultiple, boolean acceptLineItem, Object data,
    String title, String text) {

  static final String RESOURCE_LINK = "ltiResourceLink";

  public DeepLinkingSettings {
    acceptTypes = List.copyOf(acceptTypes);
  }

  /** The settings of a deep-linking launch; empty when the launch was not one or the claim is unusable. */
  static Optional<DeepLinkingSettings> from(LaunchData launch) {
    JsonNode claim = launch.node("deep_linking_settings");
    if (!claim.isObject()) {
      return Optional.empty();
    }
    JsonNode returnUrl = claim.path("deep_link_return_url");
    if (!returnUrl.isTextual()) {
      return Optional.empty();
    }
    URI url;
    try {
      url = URI.create(returnUrl.asText());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!("https".equals(url.getScheme()) || "http".equals(url.getScheme())) || url.getHost() == null) {
      return Optional.empty();
    }
    List<String> types = new ArrayList<>();
    claim.path("accept_types").forEach(t -> types.add(t.asText()));
    JsonNode data = claim.path("data");
    Object echo = data.isMissingNode() || data.isNull() ? null : Json.MAPPER.convertValue(data, Object.class);
    return Optional.of(new DeepLinkingSettings(url, types, claim.path("accept_multiple").asBoolean(false),
        !(claim.path("accept_lineitem").isBoolean() && !claim.path("accept_lineitem").asBoolean()), echo,
        claim.path("title").asText(null), claim.path("text").asText(null)));
  }

  public boolean acceptsResourceLinks() {
    return acceptTypes.contains(RESOURCE_LINK);
  }
}
