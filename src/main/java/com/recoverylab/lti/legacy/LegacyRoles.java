package com.recoverylab.lti.legacy;

import com.recoverylab.web.Role;
import java.util.Locale;
import java.util.Set;

/**
 * Maps the {@code roles} launch parameter of LTI 1.1 to the tool's roles. Platforms send short
 * names ({@code Instructor}), LIS URNs ({@code urn:lti:role:ims/lis/TeachingAssistant/Grader},
 * {@code urn:lti:instrole:ims/lis/Administrator}) and, newer ones, LTI 1.3 style URIs ({@code
 * ...membership#Instructor}); all of them name a LIS role, which is what counts.
 */
final class LegacyRoles {
  /** LIS roles that may set up the course's activities. */
  private static final Set<String> TEACHING =
      Set.of("instructor", "teachingassistant", "contentdeveloper", "administrator");

  private static final String LIS_PATH = "ims/lis/";

  private LegacyRoles() {}

  /** INSTRUCTOR when any listed role teaches; LEARNER otherwise, also for unknown or no roles. */
  static Role map(String roles) {
    if (roles == null) {
      return Role.LEARNER;
    }
    for (String role : roles.split(",")) {
      if (teaches(role.strip())) {
        return Role.INSTRUCTOR;
      }
    }
    return Role.LEARNER;
  }

  /**
   * Institution and system roles say what someone is somewhere in the institution, not in this
   * course, so only Administrator counts among them, as for LTI 1.3 launches (RoleMapping).
   */
  private static boolean teaches(String role) {
    String lis = lisRole(role).toLowerCase(Locale.ROOT);
    boolean institutionWide =
        role.startsWith("urn:lti:instrole:")
            || role.startsWith("urn:lti:sysrole:")
            || role.contains("/institution/person#")
            || role.contains("/system/person#");
    return institutionWide ? "administrator".equals(lis) : TEACHING.contains(lis);
  }

  /**
   * The LIS role a role string names: the part after {@code #}, or the first segment after
   * ims/lis/.
   */
  static String lisRole(String role) {
    int hash = role.lastIndexOf('#');
    if (hash >= 0) {
      return role.substring(hash + 1);
    }
    int lis = role.indexOf(LIS_PATH);
    if (role.startsWith("urn:lti:") && lis >= 0) {
      String rest = role.substring(lis + LIS_PATH.length());
      int slash = rest.indexOf('/');
      // a sub-role such as TeachingAssistant/Grader belongs to its main role
      return slash >= 0 ? rest.substring(0, slash) : rest;
    }
    return role;
  }
}
