package com.recoverylab.lti.registration;

import java.net.URI;

/**
 * The tool's addresses a platform administrator needs, derived from PUBLIC_URL. The deep linking
 * request lands on the same launch URL; the message type tells them apart.
 */
public record ToolUrls(
    String publicUrl,
    String login,
    String launch,
    String jwks,
    String registration,
    String deepLinking,
    String domain) {

  public static ToolUrls of(URI publicUrl) {
    String base = publicUrl.toString();
    String domain =
        publicUrl.getHost() + (publicUrl.getPort() == -1 ? "" : ":" + publicUrl.getPort());
    return new ToolUrls(
        base,
        base + "/lti/login",
        base + "/lti/launch",
        base + "/.well-known/jwks.json",
        base + "/lti/register",
        base + "/lti/launch",
        domain);
  }
}
