package com.recoverylab.instructor;

import com.recoverylab.lti.launch.LaunchData;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The platform's {@code deep_linking_settings} claim (LTI Deep Linking 2.0, section 4.1.1): where
 * to return, what it accepts, and the opaque data to echo.
 *
 * @param acceptMultiple true only when the platform says so; one item is always safe
 * @param acceptLineItem false only when the platform says so (the claim's default is true)
 * @param data the request's {@code data} as plain Java values, or null when absent
 */
public record DeepLinkingSettings(
    URI returnUrl,
    List<String> acceptTypes,
    boolean acceptMultiple,
    boolean acceptLineItem,
    Object data,
    String title,
    String text) {

  static final String RESOURCE_LINK = "ltiResourceLink";

  public DeepLinkingSettings {
    acceptTypes = List.copyOf(acceptTypes);
  }

  /**
   * The settings of a deep-linking launch; empty when the launch was not one or the claim is
   * unusable.
   */
  static Optional<DeepLinkingSettings> from(LaunchData launch) {
    Optional<LaunchData.DeepLinkingRequest> request = launch.deepLinkingRequest();
    if (request.isEmpty() || request.get().returnUrl() == null) {
      return Optional.empty();
    }
    LaunchData.DeepLinkingRequest claim = request.get();
    URI url;
    try {
      url = URI.create(claim.returnUrl());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!("https".equals(url.getScheme()) || "http".equals(url.getScheme()))
        || url.getHost() == null) {
      return Optional.empty();
    }
    return Optional.of(
        new DeepLinkingSettings(
            url,
            claim.acceptTypes(),
            Boolean.TRUE.equals(claim.acceptMultiple()),
            !Boolean.FALSE.equals(claim.acceptLineItem()),
            claim.data(),
            claim.title(),
            claim.text()));
  }

  public boolean acceptsResourceLinks() {
    return acceptTypes.contains(RESOURCE_LINK);
  }
}
