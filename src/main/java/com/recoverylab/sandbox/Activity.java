package com.recoverylab.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An activity of the demo course: an LTI resource link (its id is the resource_link id).
 *
 * @param url the tool URL a deep-linked item named, or null for the tool's launch URL
 * @param custom custom parameters sent with every launch of the link
 * @param submissionReviewJson the submissionReview of a deep-linked line item, or null
 */
record Activity(
    long id,
    String title,
    String description,
    String url,
    Map<String, String> custom,
    String submissionReviewJson) {

  Activity {
    Objects.requireNonNull(title, "title");
    custom = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(custom));
  }

  /** The custom {@code content} value (quiz:id, lesson:id or overview), or an empty string. */
  String content() {
    return custom.getOrDefault("content", "");
  }
}
