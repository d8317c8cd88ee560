package com.recoverylab.lti.launch;

import com.recoverylab.web.Role;
import java.util.List;
import java.util.Objects;

/**
 * What a validated launch (LTI 1.3 or 1.1) says about who, where and what, in the tool's own
 * terms. Both launch paths produce this, so everything after the launch is shared.
 *
 * @param resourceLinkId the platform's resource link id; null for a deep-linking request
 * @param contentKind {@code lesson}, {@code quiz} or {@code overview} when the launch names
 *     the content (custom parameter); null leaves the link's content as it is
 * @param ags the grade service endpoints the platform offered; null when none
 * @param launchData JSON kept with the session for later pages (service URLs, deep-linking
 *     settings)
 */
public record LaunchFacts(
    long platformId,
    String deploymentId,
    String userSubject,
    String name,
    String givenName,
    String familyName,
    String email,
    String contextId,
    String contextLabel,
    String contextTitle,
    String resourceLinkId,
    String resourceLinkTitle,
    Role role,
    String contentKind,
    String contentId,
    AgsEndpoints ags,
    String launchData) {

  public LaunchFacts {
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(userSubject, "userSubject");
    Objects.requireNonNull(contextId, "contextId");
    Objects.requireNonNull(role, "role");
    launchData = launchData == null ? "{}" : launchData;
  }

  /** The name to greet the user with. */
  public String displayName() {
    if (name != null && !name.isBlank()) {
      return name;
    }
    String joined = ((givenName == null ? "" : givenName) + " " + (familyName == null ? "" : familyName)).trim();
    return joined.isEmpty() ? userSubject : joined;
  }

  /** Assignment and Grade Services endpoints from the launch's AGS claim. */
  public record AgsEndpoints(String lineitemsUrl, String lineitemUrl, List<String> scopes) {
    public AgsEndpoints {
      scopes = List.copyOf(scopes);
    }
  }
}
