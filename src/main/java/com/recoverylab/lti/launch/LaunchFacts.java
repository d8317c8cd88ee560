package com.recoverylab.lti.launch;

import com.recoverylab.course.LinkRules;
import com.recoverylab.web.Role;
import java.util.List;
import java.util.Objects;

/**
 * What a validated launch (LTI 1.3 or 1.1) says about who, where and what, in the tool's own terms.
 * Both launch paths produce this, so everything after the launch is shared.
 *
 * @param resourceLinkId the platform's resource link id; null for a deep-linking request
 * @param contentKind {@code lesson}, {@code quiz} or {@code overview} when the launch names the
 *     content (custom parameter); null leaves the link's content as it is
 * @param ags the grade service endpoints the platform offered; null when none
 * @param linkDefaults assignment settings the link was created with (deep-linking custom
 *     parameters); applied only when the link has no settings yet; null when none
 * @param launchData what the session keeps for later pages (service URLs, deep-linking settings)
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
    LinkRules linkDefaults,
    LaunchData launchData) {

  public LaunchFacts {
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(userSubject, "userSubject");
    Objects.requireNonNull(contextId, "contextId");
    Objects.requireNonNull(role, "role");
    launchData = launchData == null ? LaunchData.NONE : launchData;
  }

  /** A launch without deep-linked settings for its link. */
  public LaunchFacts(
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
      LaunchData launchData) {
    this(
        platformId,
        deploymentId,
        userSubject,
        name,
        givenName,
        familyName,
        email,
        contextId,
        contextLabel,
        contextTitle,
        resourceLinkId,
        resourceLinkTitle,
        role,
        contentKind,
        contentId,
        ags,
        null,
        launchData);
  }

  /** The name to greet the user with. */
  public String displayName() {
    if (name != null && !name.isBlank()) {
      return name;
    }
    String joined =
        ((givenName == null ? "" : givenName) + " " + (familyName == null ? "" : familyName))
            .trim();
    return joined.isEmpty() ? userSubject : joined;
  }

  /**
   * The rules an instructor chose when adding the link through deep linking, read from the custom
   * parameters {@code points}, {@code attempts}, {@code grading} and {@code feedback}: values that
   * do not parse are left out (the quiz file's default applies); null when none does.
   */
  public static LinkRules carriedRules(java.util.Map<String, ?> custom) {
    if (custom == null) {
      return null;
    }
    Double points = null;
    Integer attempts = null;
    try {
      double value = Double.parseDouble(String.valueOf(custom.get("points")));
      points = value > 0 && value <= 10_000 ? value : null;
    } catch (NumberFormatException e) {
      points = null;
    }
    try {
      int value = Integer.parseInt(String.valueOf(custom.get("attempts")));
      attempts = value >= 0 && value <= 1000 ? value : null;
    } catch (NumberFormatException e) {
      attempts = null;
    }
    String grading =
        word(
            custom.get("grading"),
            java.util.Arrays.stream(com.recoverylab.content.GradingMethod.values())
                .map(com.recoverylab.content.GradingMethod::word)
                .toList());
    String feedback =
        word(
            custom.get("feedback"),
            java.util.Arrays.stream(com.recoverylab.content.FeedbackTiming.values())
                .map(com.recoverylab.content.FeedbackTiming::word)
                .toList());
    boolean none = points == null && attempts == null && grading == null && feedback == null;
    return none ? null : LinkRules.carried(points, attempts, grading, feedback);
  }

  private static String word(Object value, List<String> allowed) {
    return value instanceof String s
            && allowed.contains(s.trim().toLowerCase(java.util.Locale.ROOT))
        ? s.trim().toLowerCase(java.util.Locale.ROOT)
        : null;
  }

  /** Assignment and Grade Services endpoints from the launch's AGS claim. */
  public record AgsEndpoints(String lineitemsUrl, String lineitemUrl, List<String> scopes) {
    public AgsEndpoints {
      scopes = List.copyOf(scopes);
    }
  }
}
