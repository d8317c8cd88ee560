package com.recoverylab.lti.registration;

import java.util.Objects;

/**
 * A platform registration: one client id at one issuer (a platform may register the tool several
 * times, and several platforms may share nothing but the tool).
 */
public record Platform(
    long id,
    String issuer,
    String clientId,
    String name,
    String authEndpoint,
    String tokenEndpoint,
    String jwksUrl) {

  public Platform {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(clientId, "clientId");
    name = name == null || name.isBlank() ? issuer : name;
  }

  /** The same registration under the id the database gave it. */
  public Platform withId(long newId) {
    return new Platform(newId, issuer, clientId, name, authEndpoint, tokenEndpoint, jwksUrl);
  }
}
