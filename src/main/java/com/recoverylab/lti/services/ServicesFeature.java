package com.recoverylab.lti.services;

import com.recoverylab.app.Config;
import com.recoverylab.content.ContentLibrary;
import com.recoverylab.lti.keys.ToolKeys;
import com.recoverylab.lti.registration.RememberedRegistrations;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.Feature;
import jakarta.servlet.Servlet;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The LTI Advantage services the tool calls: access tokens, Assignment and Grade Services, Names
 * and Role Provisioning, deep-linking responses. It serves no pages.
 *
 * @param http the calls to platforms; closing it ends the calls in flight
 * @param tokens one access token cache per node for grades and rosters
 */
public record ServicesFeature(
    PlatformHttp http,
    AccessTokens tokens,
    AgsGradeChannel grades,
    NrpsClient rosters,
    DeepLinkingResponse deepLinking)
    implements Feature {

  /**
   * @param outbound the tool's shared client, which does not follow redirects
   * @param platforms the node's memory of registrations, where grade deliveries read platforms
   * @param node this node's name, in the claims of a link's line item
   */
  public static ServicesFeature create(
      Jdbc jdbc,
      Config config,
      HttpClient outbound,
      RememberedRegistrations platforms,
      ToolKeys keys,
      Supplier<ContentLibrary> content,
      String node,
      Clock clock) {
    Config.GradeDelivery delivery = config.gradeDelivery();
    PlatformHttp http = new PlatformHttp(outbound, delivery.httpTimeout());
    AccessTokens tokens = new AccessTokens(http, keys, clock);
    return new ServicesFeature(
        http,
        tokens,
        new AgsGradeChannel(
            jdbc,
            platforms,
            new AgsClient(http, tokens, clock),
            content,
            clock,
            node,
            delivery.claimFor()),
        new NrpsClient(http),
        new DeepLinkingResponse(keys, clock));
  }

  @Override
  public Map<String, Servlet> servlets() {
    return Map.of();
  }
}
