package com.recoverylab.sandbox;

import java.time.Instant;

/**
 * A launch a sandbox page started; {@code lti_message_hint} points at it. {@code activityId} is
 * null for a deep-linking launch, which carries {@code deepLinkData} instead.
 */
record SandboxLaunch(String id, String userId, Long activityId, String messageType, String messageHint,
    String deepLinkData, Instant createdAt, Instant expiresAt, Instant usedAt) {

  static final String RESOURCE_LINK = "LtiResourceLinkRequest";
  static final String DEEP_LINKING = "LtiDeepLinkingRequest";

  boolean deepLinking() {
    return DEEP_LINKING.equals(messageType);
  }
}
