package com.recoverylab.review;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.lti.launch.LaunchDetour;
import com.recoverylab.quiz.RevealedMisconceptions;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.Feature;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Templates;
import jakarta.servlet.Servlet;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Spaced review of the misconceptions a learner revealed: the learner's pages ("/review/*" also
 * answers "/review"), and what other features call.
 *
 * @param misconceptions for the quiz feature: turns revealed misconceptions into cards, in the
 *     submit's transaction
 * @param launchDetour for the launch: the offer page first when the learner has cards due
 * @param api for instructor pages: the per-link switch and due counts
 */
public record ReviewFeature(
    Map<String, Servlet> servlets,
    RevealedMisconceptions misconceptions,
    LaunchDetour launchDetour,
    SpacedReview api)
    implements Feature {
  public ReviewFeature {
    servlets = Feature.paths(servlets);
  }

  public static ReviewFeature create(
      Jdbc jdbc,
      Templates templates,
      LaunchSessions sessions,
      Supplier<ContentLibrary> content,
      Clock clock) {
    ReviewCardRepository cards = new ReviewCardRepository(jdbc);
    ReviewSchedule schedule = new ReviewSchedule(cards, new FsrsScheduler(), content, clock);
    SpacedReview api = new SpacedReview(new ReviewLinkRepository(jdbc), cards, content, clock);
    SpacedReviewServlet servlet =
        new SpacedReviewServlet(sessions, cards, schedule, jdbc, content, templates, clock);
    return new ReviewFeature(
        Map.of("/review/*", servlet), schedule, new ReviewOffer(cards, clock), api);
  }
}
