package com.recoverylab.lti.launch;

import java.time.Instant;
import java.util.Objects;

/**
 * One OIDC login the tool started: the state and nonce it sent to the platform, the registration,
 * where the launch should land, and how the browser that started it is recognised: the hash of its
 * secret, kept in a cookie and, when {@code clientStored}, in the tool frame's storage, or in the
 * platform's postMessage storage frame ({@code storageTarget}). {@code browserBound}: the login
 * page confirmed that the browser keeps the secret.
 */
record OidcState(
    String state,
    String nonce,
    long platformId,
    String targetLinkUri,
    String browserBindingHash,
    String storageTarget,
    boolean clientStored,
    boolean browserBound,
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
