package com.recoverylab.review;

import com.recoverylab.lti.launch.LaunchDetour;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.Role;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * At a learner's launch, sends the browser to the review offer first when cards are due: one
 * indexed query per launch, and none for instructors. The check sits at the launch (rather than in
 * every page) because that is the one place every "first page" passes through, and the launch
 * feature only knows the {@link LaunchDetour} it is given, so no feature cycle appears.
 */
final class ReviewOffer implements LaunchDetour {
  private final ReviewCardRepository cards;
  private final Clock clock;

  ReviewOffer(ReviewCardRepository cards, Clock clock) {
    this.cards = cards;
    this.clock = clock;
  }

  @Override
  public String firstPage(LaunchSession session, String destination) {
    if (session.role() != Role.LEARNER || session.resourceLinkId() == null) {
      return destination;
    }
    var now = clock.instant();
    if (cards.countOffered(session.userId(), session.courseId(), session.resourceLinkId(), now)
        == 0) {
      return destination;
    }
    return "/review?s="
        + URLEncoder.encode(session.id(), StandardCharsets.UTF_8)
        + "&next="
        + URLEncoder.encode(destination, StandardCharsets.UTF_8);
  }
}
