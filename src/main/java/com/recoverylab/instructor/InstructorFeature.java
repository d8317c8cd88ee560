package com.recoverylab.instructor;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.lti.services.DeepLinkingResponse;
import com.recoverylab.lti.services.NrpsClient;
import com.recoverylab.quiz.QuizResults;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Templates;
import com.recoverylab.store.Jdbc;
import jakarta.servlet.Servlet;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The instructor pages, built from their dependencies; {@link #servlets} says where each is served. */
public final class InstructorFeature {
  private final Map<String, Servlet> servlets = new LinkedHashMap<>();

  /**
   * @param launchUrl the tool's absolute launch URL, which deep-linked activities open
   */
  public InstructorFeature(LaunchSessions sessions, PlatformRepository platforms, Supplier<ContentLibrary> content,
      DeepLinkingResponse deepLinkingResponse, Templates templates, String launchUrl, Jdbc jdbc, LinkRegrader regrader,
      GradeSync gradeSync, NrpsClient nrps, BearerTokens tokens, QuizResults quizResults, Clock clock) {
    InstructorRepository repository = new InstructorRepository(jdbc);
    InstructorAccess access = new InstructorAccess(sessions, repository);
    servlets.put("/instructor/deep-link",
        new DeepLinkServlet(sessions, platforms, content, deepLinkingResponse, templates, launchUrl));
    servlets.put("/instructor/settings",
        new SettingsServlet(access, repository, jdbc, content, regrader, gradeSync, templates, clock));
    Results results = new Results(new ResultsRepository(jdbc), repository, content);
    Roster roster = new Roster(nrps, platforms, tokens, clock);
    ItemAnalysis items = new ItemAnalysis(quizResults);
    ResultsServlet resultsServlet = new ResultsServlet(access, results, items, roster, gradeSync, templates);
    servlets.put("/instructor/results", resultsServlet);
    servlets.put("/instructor/results.csv", resultsServlet);
    servlets.put("/instructor/items.csv", new ItemAnalysisCsvServlet(access, results, items));
    ReviewServlet review = new ReviewServlet(access, new ReviewRepository(jdbc), jdbc, content, templates, clock);
    servlets.put("/instructor/review", review);
    servlets.put("/instructor/reset", review);
  }

  /** Path to servlet, for the composition root to register. */
  public Map<String, Servlet> servlets() {
    return Map.copyOf(servlets);
  }
}
