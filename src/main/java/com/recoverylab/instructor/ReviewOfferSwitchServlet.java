package com.recoverylab.instructor;

import com.recoverylab.review.SpacedReview;
import com.recoverylab.web.HttpError;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /instructor/review-offer}: the settings page's switch that turns the spaced review
 * offer on or off for launches of the session's link.
 */
final class ReviewOfferSwitchServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(ReviewOfferSwitchServlet.class);

  private final transient InstructorAccess access;
  private final transient SpacedReview spacedReview;

  ReviewOfferSwitchServlet(InstructorAccess access, SpacedReview spacedReview) {
    this.access = access;
    this.spacedReview = spacedReview;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) {
    InstructorAccess.OnLink on = access.require(request);
    String offer = request.getParameter("offer");
    if (!"on".equals(offer) && !"off".equals(offer)) {
      throw HttpError.badRequest("instructor.reviewOffer.bad");
    }
    spacedReview.offer(on.link().id(), "on".equals(offer));
    log.info(
        "event=review_offer_switched link={} offer={} by={}",
        on.link().id(),
        offer,
        on.session().userId());
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader(
        "Location",
        "/instructor/settings?s="
            + URLEncoder.encode(on.session().id(), StandardCharsets.UTF_8)
            + "&reviewSaved=1#review-offer");
  }
}
