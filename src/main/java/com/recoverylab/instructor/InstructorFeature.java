package com.recoverylab.instructor;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.lti.services.DeepLinkingResponse;
import com.recoverylab.lti.services.NrpsClient;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.Feature;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Templates;
import jakarta.servlet.Servlet;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The instructor pages: deep linking, settings, results, roster, review. */
public record InstructorFeature(Map<String, Servlet> servlets) implements Feature {
  public InstructorFeature {
    servlets = Feature.paths(servlets);
  }

  /**
   * @param launchUrl the tool's absolute launch URL, which deep-linked activities open
   * @param regrader recomputes and queues a link's grades after its rules changed
   */
  public static InstructorFeature create(Jdbc jdbc, Templates templates, LaunchSessions sessions,
      PlatformRepository platforms, Supplier<ContentLibrary> content, DeepLinkingResponse deepLinkingResponse,
      String launchUrl, LinkRegrader regrader, GradeSync gradeSync, NrpsClient nrps, BearerTokens tokens,
      Clock clock) {
    InstructorRepository repository = new InstructorRepository(jdbc);
    InstructorAccess access = new InstructorAccess(sessions, repository);
    Map<String, Servlet> servlets = new LinkedHashMap<>();
    servlets.put("/instructor/deep-link",
        new DeepLinkServlet(sessions, platforms, content, deepLinkingResponse, templates, launchUrl));
    servlets.put("/instructor/settings",
        new SettingsServlet(access, repository, jdbc, content, regrader, gradeSync, templates, clock));
    Results results = new Results(new ResultsRepository(jdbc), repository, content);
    Roster roster = new Roster(nrps, platforms, tokens, clock);
    ResultsServlet resultsServlet = new ResultsServlet(access, results, roster, gradeSync, templates);
    servlets.put("/instructor/results", resultsServlet);
    servlets.put("/instructor/results.csv", resultsServlet);
    ReviewServlet review = new ReviewServlet(access, new ReviewRepository(jdbc), jdbc, content, templates, clock);
    servlets.put("/instructor/review", review);
    servlets.put("/instructor/reset", review);
    return new InstructorFeature(servlets);
  }
}
