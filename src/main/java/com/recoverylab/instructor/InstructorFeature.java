package com.recoverylab.instructor;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.course.CourseRecordRepository;
import com.recoverylab.course.LinkRulesRepository;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.lti.services.DeepLinkingResponse;
import com.recoverylab.lti.services.NrpsClient;
import com.recoverylab.quiz.QuizResults;
import com.recoverylab.review.SpacedReview;
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
  public static InstructorFeature create(
      Jdbc jdbc,
      Templates templates,
      LaunchSessions sessions,
      PlatformRepository platforms,
      Supplier<ContentLibrary> content,
      DeepLinkingResponse deepLinkingResponse,
      String launchUrl,
      LinkRegrader regrader,
      GradeSync gradeSync,
      NrpsClient nrps,
      BearerTokens tokens,
      SpacedReview spacedReview,
      Clock clock) {
    CourseRecordRepository links = new CourseRecordRepository(jdbc);
    LinkRulesRepository rules = new LinkRulesRepository(jdbc);
    InstructorAccess access = new InstructorAccess(sessions, links);
    QuizResults quizResults = new QuizResults(jdbc);
    ResetRepository resets = new ResetRepository(jdbc);
    Map<String, Servlet> servlets = new LinkedHashMap<>();
    servlets.put(
        "/instructor/deep-link",
        new DeepLinkServlet(
            sessions, platforms, content, deepLinkingResponse, templates, launchUrl));
    servlets.put("/instructor/export", new BankExportServlet(sessions, content));
    servlets.put(
        "/instructor/settings",
        new SettingsServlet(
            access,
            links,
            rules,
            jdbc,
            content,
            regrader,
            gradeSync,
            spacedReview,
            templates,
            clock));
    servlets.put("/instructor/review-offer", new ReviewOfferSwitchServlet(access, spacedReview));
    Results results = new Results(quizResults, resets, links, rules, content);
    Roster roster = new Roster(nrps, platforms, tokens, clock);
    ItemAnalysis items = new ItemAnalysis(quizResults);
    ResultsServlet resultsServlet =
        new ResultsServlet(access, results, items, roster, gradeSync, spacedReview, templates);
    servlets.put("/instructor/results", resultsServlet);
    servlets.put("/instructor/results.csv", resultsServlet);
    servlets.put("/instructor/items.csv", new ItemAnalysisCsvServlet(access, results, items));
    ReviewServlet review =
        new ReviewServlet(access, quizResults, links, resets, jdbc, content, templates, clock);
    servlets.put("/instructor/review", review);
    servlets.put("/instructor/reset", review);
    return new InstructorFeature(servlets);
  }
}
