package com.recoverylab.sandbox;

/**
 * The addresses the sandbox publishes as a platform, and the tool addresses it talks to, all
 * derived from PUBLIC_URL, as a real platform would be configured with them.
 */
record SandboxUrls(String base) {
  /** The client id the sandbox gives the tool. */
  static final String CLIENT_ID = "sandbox-tool";

  /** The one deployment of the tool on the sandbox. */
  static final String DEPLOYMENT_ID = "sandbox-deployment";

  /** Moodle puts the tool type id into every service URL; the sandbox copies that habit. */
  static final String TYPE_ID = "1";

  String issuer() {
    return base + "/sandbox";
  }

  String home() {
    return issuer();
  }

  String auth() {
    return issuer() + "/auth";
  }

  String token() {
    return issuer() + "/token";
  }

  String jwks() {
    return issuer() + "/jwks";
  }

  String deepLinkReturn() {
    return issuer() + "/deep-link-return";
  }

  String lineItems() {
    return issuer() + "/ags/" + SandboxCourse.ID + "/lineitems?type_id=" + TYPE_ID;
  }

  String lineItem(long id) {
    return issuer()
        + "/ags/"
        + SandboxCourse.ID
        + "/lineitems/"
        + id
        + "/lineitem?type_id="
        + TYPE_ID;
  }

  String result(long lineItemId, String userId) {
    return issuer()
        + "/ags/"
        + SandboxCourse.ID
        + "/lineitems/"
        + lineItemId
        + "/lineitem/results?type_id="
        + TYPE_ID
        + "&user_id="
        + userId;
  }

  String memberships() {
    return issuer() + "/nrps/" + SandboxCourse.ID + "/memberships";
  }

  String toolLogin() {
    return base + "/lti/login";
  }

  String toolLaunch() {
    return base + "/lti/launch";
  }

  String toolJwks() {
    return base + "/.well-known/jwks.json";
  }
}
