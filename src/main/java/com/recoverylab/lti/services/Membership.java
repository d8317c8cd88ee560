package com.recoverylab.lti.services;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One member of a context as Names and Role Provisioning Services 2.0 lists it (section 2.2
 * "Membership container media type").
 *
 * @param userId the platform's user id, the same as the {@code sub} of that user's launches
 * @param status {@code Active}, {@code Inactive} or {@code Deleted}
 * @param roles full role URIs (short names such as {@code Learner} are expanded)
 * @param groupIds the course groups the member is in, when the platform sends them
 */
public record Membership(
    String userId,
    String name,
    String givenName,
    String familyName,
    String email,
    String status,
    List<String> roles,
    List<String> groupIds) {

  public static final String MEMBERSHIP_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#";
  public static final String LEARNER = MEMBERSHIP_ROLE + "Learner";
  public static final String INSTRUCTOR = MEMBERSHIP_ROLE + "Instructor";

  /** Context role short names LTI 1.3 (Core, A.2.2) lets platforms send without the URI prefix. */
  private static final List<String> CONTEXT_ROLES =
      List.of(
          "Administrator",
          "ContentDeveloper",
          "Instructor",
          "Learner",
          "Mentor",
          "Manager",
          "Member",
          "Officer");

  public Membership {
    Objects.requireNonNull(userId, "userId");
    status = status == null || status.isBlank() ? "Active" : status;
    roles = roles.stream().map(Membership::fullRole).toList();
    groupIds = List.copyOf(groupIds);
  }

  /**
   * A short context role ({@code Learner}, {@code Instructor#TeachingAssistant}) as its full URI.
   */
  public static String fullRole(String role) {
    String trimmed = role.trim();
    if (trimmed.contains("://")) {
      return trimmed;
    }
    int hash = trimmed.indexOf('#');
    String principal = hash < 0 ? trimmed : trimmed.substring(0, hash);
    if (!CONTEXT_ROLES.contains(principal)) {
      return trimmed;
    }
    // sub-roles live under membership/<Principal>#<Sub> (LTI 1.3 Core, A.2.2.1)
    return hash < 0
        ? MEMBERSHIP_ROLE + trimmed
        : "http://purl.imsglobal.org/vocab/lis/v2/membership/"
            + principal
            + trimmed.substring(hash);
  }

  public boolean isActive() {
    return "active".equals(status.toLowerCase(Locale.ROOT));
  }

  public boolean isLearner() {
    return roles.contains(LEARNER);
  }

  public boolean isInstructor() {
    return roles.contains(INSTRUCTOR);
  }

  /** The name to show: the full name, or given and family names, or the user id. */
  public String displayName() {
    if (name != null && !name.isBlank()) {
      return name;
    }
    String joined =
        ((givenName == null ? "" : givenName) + " " + (familyName == null ? "" : familyName))
            .trim();
    return joined.isEmpty() ? userId : joined;
  }
}
