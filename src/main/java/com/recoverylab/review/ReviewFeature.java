package com.recoverylab.review;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.lti.launch.LaunchDetour;
import com.recoverylab.quiz.RevealedMisconceptions;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Templates;
import jakarta.servlet.Servlet;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Spaced review of the misconceptions a learner revealed, built from its dependencies: what the
 * quiz feature tells after a submit, what the launch asks before the first page, the API for
 * instructor pages, and the learner's pages.
 */
public final class ReviewFeature {
  private final ReviewSchedule schedule;
  private final ReviewOffer offer;
  private final SpacedReview api;
  private final SpacedReviewServlet servlet;

  public ReviewFeature(Jdbc jdbc, LaunchSessions sessions, Supplier<ContentLibrary> content, Templates templates,
      Clock clock) {
    ReviewCardRepository cards = new ReviewCardRepository(jdbc);
    schedule = new ReviewSchedule(cards, new FsrsScheduler(), content, clock);
    offer = new ReviewOffer(cards, clock);
    api = new SpacedReview(new ReviewLinkRepository(jdbc), cards, content, clock);
    servlet = new SpacedReviewServlet(sessions, cards, schedule, jdbc, content, templates, clock);
  }

  /** For the quiz feature: turns revealed misconceptions into cards, in the submit's transaction. */
  public RevealedMisconceptions misconceptions() {
    return schedule;
  }

  /** For the launch: the offer page first when the learner has cards due. */
  public LaunchDetour launchDetour() {
    return offer;
  }

  /** For instructor pages: the per-link switch and due counts. */
  public SpacedReview api() {
    return api;
  }

  /** Path to servlet ("/review/*" also answers "/review"). */
  public Map<String, Servlet> servlets() {
    return Map.of("/review/*", servlet);
  }
}
