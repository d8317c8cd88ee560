package com.recoverylab.lti.launch;

import java.time.Instant;
import java.util.Objects;

/**
 * One OIDC login the tool started: the state and nonce it sent to the platform, the
 * registration, where the launch should land, and how the browser that started it is
 * recognised (the hash of its cookie secret, or the platform's postMessage storage frame).
 */
record OidcState(
    String state,
    String nonce,
    long platformId,
    String targetLinkUri,
    String browserBindingHash,
    String storageTarget,
    String loginHint,
    String ltiMessageHint,
    String deploymentId,
    Instant createdAt,
    Instant expiresAt,
    Instant usedAt) {

  OidcState {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(browserBindingHash, "browserBindingHash");
  }

  boolean expiredAt(Instant now) {
    return !expiresAt.isAfter(now);
  }
}
