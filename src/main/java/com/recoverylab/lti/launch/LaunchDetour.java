package com.recoverylab.lti.launch;

import com.recoverylab.web.LaunchSession;

/**
 * May show a page before a launch's destination (a feature's offer to the learner); that page leads
 * on to the destination. Called once per resource-link launch, after the launch is recorded, so it
 * must be cheap: the launch path is the busiest in the tool.
 */
@FunctionalInterface
public interface LaunchDetour {
  /** Goes straight to the destination. */
  LaunchDetour NONE = (session, destination) -> destination;

  /** Where the browser goes first: {@code destination} itself, or a page that leads to it. */
  String firstPage(LaunchSession session, String destination);
}
