package com.recoverylab.web;

import java.time.Instant;
import java.util.Objects;

/**
 * What one launch established: who (user), where (course and resource link) and as what (role).
 * Each launch gets its own session, so two tabs in two courses never mix. The id travels in the
 * {@code s} parameter of every tool URL and form (it works inside iframes where third-party cookies
 * are blocked); forms also carry the {@code csrf} token.
 *
 * @param launchData JSON the launch kept for later use (service endpoints, deep-linking settings);
 *     each feature reads its own keys
 */
public record LaunchSession(
    String id,
    long platformId,
    long userId,
    long courseId,
    Long resourceLinkId,
    Role role,
    String displayName,
    String csrfToken,
    String launchData,
    Instant createdAt,
    Instant expiresAt) {

  public LaunchSession {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(csrfToken, "csrfToken");
    launchData = launchData == null ? "{}" : launchData;
    displayName = displayName == null ? "" : displayName;
  }

  public boolean isInstructor() {
    return role.isInstructor();
  }
}
