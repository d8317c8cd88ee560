package com.recoverylab.quiz;

import java.time.Instant;

/**
 * A saved answer and its score (0 to 1); {@code complete} is false for a scenario still under way.
 */
record StoredAnswer(
    String questionId, Answer answer, double score, boolean complete, Instant answeredAt) {}
