package com.recoverylab.grading;

import java.time.Instant;

/** A queued grade as a delivery channel sees it. */
public record OutboxRow(
    long id,
    long resourceLinkId,
    long userId,
    double scoreGiven,
    double scoreMaximum,
    String comment,
    Instant gradedAt,
    int tries) {}
