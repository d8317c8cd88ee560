package com.recoverylab.sandbox;

import com.recoverylab.lti.LtiClaims;
import java.time.Instant;

/**
 * A launch a sandbox page started; {@code lti_message_hint} points at it. {@code activityId} is
 * null for a deep-linking launch, which carries {@code deepLinkData} instead. A submission review
 * names the learner whose work is shown in {@code forUser}, or leaves it null for the whole
 * activity (Moodle's gradebook column menu).
 */
record SandboxLaunch(
    String id,
    String userId,
    Long activityId,
    String messageType,
    String messageHint,
    String deepLinkData,
    Instant createdAt,
    Instant expiresAt,
    Instant usedAt,
    String forUser) {

  static final String RESOURCE_LINK = LtiClaims.RESOURCE_LINK_REQUEST;
  static final String DEEP_LINKING = LtiClaims.DEEP_LINKING_REQUEST;
  static final String SUBMISSION_REVIEW = LtiClaims.SUBMISSION_REVIEW_REQUEST;

  SandboxLaunch(
      String id,
      String userId,
      Long activityId,
      String messageType,
      String messageHint,
      String deepLinkData,
      Instant createdAt,
      Instant expiresAt,
      Instant usedAt) {
    this(
        id,
        userId,
        activityId,
        messageType,
        messageHint,
        deepLinkData,
        createdAt,
        expiresAt,
        usedAt,
        null);
  }

  boolean deepLinking() {
    return DEEP_LINKING.equals(messageType);
  }

  boolean submissionReview() {
    return SUBMISSION_REVIEW.equals(messageType);
  }
}
