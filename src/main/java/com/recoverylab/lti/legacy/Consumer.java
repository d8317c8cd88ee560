package com.recoverylab.lti.legacy;

import java.time.Instant;
import java.util.Objects;

/**
 * An LTI 1.1 tool consumer: a course platform that signs launches with its consumer key and shared
 * secret. Its users, courses and links belong to {@code platformId}.
 */
record Consumer(
    long id, String key, String secret, String name, long platformId, Instant createdAt) {

  Consumer {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(secret, "secret");
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "Consumer[key=" + key + ", name=" + name + ", platformId=" + platformId + "]";
  }
}
