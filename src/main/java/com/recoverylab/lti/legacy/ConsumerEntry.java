package com.recoverylab.lti.legacy;

import java.time.Instant;

/** A consumer as the administrator list shows it: everything but the secret. */
public record ConsumerEntry(String key, String name, Instant createdAt) {}
