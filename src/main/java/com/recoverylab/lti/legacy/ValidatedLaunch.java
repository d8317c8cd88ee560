package com.recoverylab.lti.legacy;

import com.recoverylab.lti.launch.LaunchFacts;
import java.time.Instant;
import java.util.Objects;

/**
 * An LTI 1.1 launch that passed every check but the nonce, which is claimed in the transaction that
 * records the launch.
 *
 * @param nonceExpiresAt when the nonce may be forgotten: its timestamp can no longer pass the
 *     window
 * @param outcome the Basic Outcomes address, or null when the platform offered none
 */
record ValidatedLaunch(
    Consumer consumer,
    String nonce,
    Instant nonceExpiresAt,
    LaunchFacts facts,
    OutcomeAddress outcome) {
  ValidatedLaunch {
    Objects.requireNonNull(consumer, "consumer");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(nonceExpiresAt, "nonceExpiresAt");
    Objects.requireNonNull(facts, "facts");
  }
}
