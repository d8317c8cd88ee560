package com.recoverylab.lti.launch;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.course.CourseRecordRepository;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Templates;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Builds the LTI 1.3 login, launch, continue and assign servlets, keyed by the path each serves. */
public final class LaunchEndpoints {
  private LaunchEndpoints() {}

  public static Map<String, HttpServlet> create(Jdbc jdbc, PlatformRepository platforms, PlatformKeys keys,
      LaunchRecorder recorder, LaunchSessions sessions, Supplier<ContentLibrary> content, Templates templates,
      URI publicUrl, UnboundLaunch unboundLaunch, LaunchDetour detour, Clock clock) {
    OidcStateRepository states = new OidcStateRepository(jdbc);
    CourseRecordRepository links = new CourseRecordRepository(jdbc);
    BrowserBinding binding = BrowserBinding.forToolAt(publicUrl);
    LaunchTickets tickets = new LaunchTickets(new LaunchTicketRepository(jdbc), clock);
    IdTokenValidator validator = new IdTokenValidator(keys, platforms::hasDeployment, publicUrl, clock);
    Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    servlets.put("/lti/login", new LoginServlet(platforms, states, binding, templates, publicUrl, clock));
    servlets.put("/lti/launch", new LaunchServlet(platforms, states, binding, validator, recorder, links, content,
        templates, unboundLaunch, tickets, detour, clock));
    servlets.put("/lti/continue", new ContinueServlet(tickets));
    servlets.put("/lti/bound", new BoundServlet(states, binding));
    servlets.put("/lti/assign", new AssignServlet(sessions, links, content, templates, clock));
    return servlets;
  }

  /**
   * Removes login states, used nonces and launch tickets whose time is over, for the
   * housekeeping task; kept off the login path so a class launching at once does not run these
   * deletes per login.
   */
  public static int deleteExpiredStates(Jdbc jdbc, Clock clock) {
    java.time.Instant cutoff = clock.instant().minus(java.time.Duration.ofHours(1));
    return new OidcStateRepository(jdbc).deleteExpired(cutoff) + new LaunchTicketRepository(jdbc).deleteExpired(cutoff);
  }
}
