package com.recoverylab.lti.launch;

import com.recoverylab.web.Role;
import java.util.List;
import java.util.Set;

/**
 * Maps the LTI roles claim (LTI Core 1.3 §5.3.7, role vocabularies in Appendix A) to the tool's two
 * roles. Course (membership) roles decide; of the institution and system roles only Administrator
 * counts, because platforms such as Canvas send institution#Instructor for anyone who teaches
 * somewhere, including in courses where they are a student.
 */
public final class RoleMapping {
  private static final String LIS = "http://purl.imsglobal.org/vocab/lis/v2/";
  private static final String MEMBERSHIP = LIS + "membership#";
  private static final String MEMBERSHIP_SUB_ROLE = LIS + "membership/";
  private static final String INSTITUTION = LIS + "institution/person#";
  private static final String SYSTEM = LIS + "system/person#";
  private static final Set<String> TEACHING =
      Set.of("Instructor", "TeachingAssistant", "ContentDeveloper", "Administrator");

  private RoleMapping() {}

  /**
   * INSTRUCTOR when any role teaches or administers the course; LEARNER otherwise (unknown roles
   * too).
   */
  public static Role map(List<String> roles) {
    if (roles == null) {
      return Role.LEARNER;
    }
    for (String role : roles) {
      if (role != null && teaches(role.trim())) {
        return Role.INSTRUCTOR;
      }
    }
    return Role.LEARNER;
  }

  private static boolean teaches(String role) {
    if (role.startsWith(MEMBERSHIP)) {
      return TEACHING.contains(role.substring(MEMBERSHIP.length()));
    }
    if (role.startsWith(MEMBERSHIP_SUB_ROLE)) {
      // sub-roles such as membership/Instructor#TeachingAssistant: the principal role decides
      String principal = role.substring(MEMBERSHIP_SUB_ROLE.length()).split("#", 2)[0];
      return TEACHING.contains(principal);
    }
    if (role.startsWith(INSTITUTION) || role.startsWith(SYSTEM)) {
      return role.endsWith("#Administrator");
    }
    // short forms (LTI Core 1.3 §A.2.3 allows simple names for context roles)
    return TEACHING.contains(role);
  }
}
