package com.recoverylab.lti.legacy;

import com.recoverylab.app.Config;
import com.recoverylab.lti.launch.LaunchDetour;
import com.recoverylab.lti.launch.LaunchRecorder;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.Feature;
import com.recoverylab.web.Templates;
import jakarta.servlet.Servlet;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LTI 1.1: consumer keys, signed launches, Basic Outcomes.
 *
 * @param consumers the consumer keys and their sealed secrets
 * @param outcomes delivers grades of LTI 1.1 links
 */
public record LegacyFeature(
    Map<String, Servlet> servlets, Consumers consumers, BasicOutcomesChannel outcomes)
    implements Feature {
  public LegacyFeature {
    servlets = Feature.paths(servlets);
  }

  /**
   * @param detour may show a page (a review offer) before the link's content
   * @param outbound the tool's shared client, which does not follow redirects
   */
  public static LegacyFeature create(
      Jdbc jdbc,
      Templates templates,
      Config config,
      LaunchRecorder recorder,
      LaunchDetour detour,
      HttpClient outbound,
      Clock clock) {
    Consumers consumers = new Consumers(jdbc, clock, config.secretSealing());
    String launchUrl = config.url("/lti/11/launch");
    Map<String, Servlet> servlets = new LinkedHashMap<>();
    servlets.put(
        "/lti/11/launch",
        new LegacyLaunchServlet(
            new LegacyLaunches(jdbc, consumers, recorder, launchUrl, detour, clock)));
    // without ADMIN_TOKEN the page does not exist (404): the tool has no administrator login
    config
        .adminToken()
        .ifPresent(
            token ->
                servlets.put(
                    "/lti/11/consumers",
                    new ConsumersServlet(templates, consumers, token, launchUrl)));
    return new LegacyFeature(
        servlets,
        consumers,
        new BasicOutcomesChannel(jdbc, outbound, config.gradeDelivery().httpTimeout(), clock));
  }
}
