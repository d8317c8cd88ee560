package com.recoverylab.lti.registration;

import com.recoverylab.app.Config;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.Feature;
import com.recoverylab.web.Templates;
import jakarta.servlet.Servlet;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;

/**
 * Platform registrations: dynamic registration, the tool's URLs page, invitations.
 *
 * @param platforms the registered platforms and their deployments
 * @param remembered the same, as logins, launches and grade deliveries read them (remembered for a
 *     moment on this node; its writes through {@code platforms} are seen at once)
 * @param invites one-time registration invitations (expired ones are removed by housekeeping)
 */
public record RegistrationFeature(
    Map<String, Servlet> servlets,
    PlatformRepository platforms,
    RememberedRegistrations remembered,
    RegistrationInvites invites)
    implements Feature {
  public RegistrationFeature {
    servlets = Feature.paths(servlets);
  }

  /**
   * @param outbound the tool's shared client, which does not follow redirects
   */
  public static RegistrationFeature create(
      Jdbc jdbc, Templates templates, Config config, HttpClient outbound, Clock clock) {
    PlatformRepository platforms = new PlatformRepository(jdbc);
    RegistrationInvites invites = new RegistrationInvites(jdbc, clock);
    ToolUrls urls = ToolUrls.of(config.publicUrl());
    RegistrationServlet registration =
        new RegistrationServlet(
            new DynamicRegistration(
                platforms, urls, config.registration(), invites, outbound, clock),
            templates);
    return new RegistrationFeature(
        Map.of(
            // "/lti/register/*" also answers "/lti/register" itself
            "/lti/register/*", registration, "/lti/urls", new ToolUrlsServlet(templates, urls)),
        platforms,
        new RememberedRegistrations(platforms),
        invites);
  }
}
