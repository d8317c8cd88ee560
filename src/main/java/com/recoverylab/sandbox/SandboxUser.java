package com.recoverylab.sandbox;

import java.time.Instant;

/** A member of the demo course; {@code id} is what launches send as sub and login_hint. */
// accessors are public because templates (OGNL) only call public methods
record SandboxUser(
    String id,
    String givenName,
    String familyName,
    String email,
    boolean instructor,
    Instant lastLaunchAt) {

  public String name() {
    return givenName + " " + familyName;
  }

  /** The LIS membership role as a full URI, as id_tokens carry it. */
  public String roleUri() {
    return "http://purl.imsglobal.org/vocab/lis/v2/membership#" + shortRole();
  }

  /** The role in the short form Moodle uses in membership lists. */
  public String shortRole() {
    return instructor ? "Instructor" : "Learner";
  }
}
