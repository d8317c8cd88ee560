package com.recoverylab.lti.launch;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.course.CourseRecordRepository;
import com.recoverylab.lti.keys.RsaProvider;
import com.recoverylab.lti.registration.RememberedRegistrations;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.Feature;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Templates;
import jakarta.servlet.Servlet;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * LTI 1.3 login, launch, continue and assign pages.
 *
 * @param recorder records a validated launch (LTI 1.3 or 1.1) and starts its session
 * @param states login states and launch tickets, to remove those whose time is over
 */
public record LaunchFeature(
    Map<String, Servlet> servlets, LaunchRecorder recorder, ExpiredStates states)
    implements Feature {
  public LaunchFeature {
    servlets = Feature.paths(servlets);
  }

  /**
   * @param retitling renames the gradebook column of a link whose title changed
   * @param detour may show a page (a review offer) before the link's content
   */
  public static LaunchFeature create(
      Jdbc jdbc,
      RememberedRegistrations platforms,
      PlatformKeys keys,
      RsaProvider rsa,
      LaunchSessions sessions,
      Supplier<ContentLibrary> content,
      Templates templates,
      URI publicUrl,
      UnboundLaunch unboundLaunch,
      LaunchRecorder.ColumnRetitling retitling,
      LaunchDetour detour,
      Clock clock) {
    LaunchRecorder recorder = new LaunchRecorder(jdbc, sessions, retitling, clock);
    OidcStateRepository states = new OidcStateRepository(jdbc);
    CourseRecordRepository links = new CourseRecordRepository(jdbc);
    LaunchTicketRepository ticketRows = new LaunchTicketRepository(jdbc);
    BrowserBinding binding = BrowserBinding.forToolAt(publicUrl);
    LaunchTickets tickets = new LaunchTickets(ticketRows, clock);
    IdTokenValidator validator =
        new IdTokenValidator(keys, platforms::hasDeployment, publicUrl, rsa, clock);
    Map<String, Servlet> servlets = new LinkedHashMap<>();
    servlets.put(
        "/lti/login", new LoginServlet(platforms, states, binding, templates, publicUrl, clock));
    servlets.put(
        "/lti/launch",
        new LaunchServlet(
            platforms,
            states,
            binding,
            validator,
            recorder,
            links,
            content,
            templates,
            unboundLaunch,
            tickets,
            detour,
            clock));
    servlets.put("/lti/continue", new ContinueServlet(tickets));
    servlets.put("/lti/bound", new BoundServlet(states, binding));
    servlets.put("/lti/assign", new AssignServlet(sessions, links, content, templates, clock));
    return new LaunchFeature(servlets, recorder, new ExpiredStates(states, ticketRows, clock));
  }

  /**
   * Removes login states (with their nonces) and launch tickets whose time is over, for the
   * housekeeping task; kept off the login path so a class launching at once does not run these
   * deletes per login.
   */
  public static final class ExpiredStates {
    private final OidcStateRepository states;
    private final LaunchTicketRepository tickets;
    private final Clock clock;

    ExpiredStates(OidcStateRepository states, LaunchTicketRepository tickets, Clock clock) {
      this.states = states;
      this.tickets = tickets;
      this.clock = clock;
    }

    public int delete() {
      Instant cutoff = clock.instant().minus(Duration.ofHours(1));
      return states.deleteExpired(cutoff) + tickets.deleteExpired(cutoff);
    }
  }
}
