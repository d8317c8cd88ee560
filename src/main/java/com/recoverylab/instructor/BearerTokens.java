package com.recoverylab.instructor;

import com.recoverylab.lti.registration.Platform;

/**
 * Gives an OAuth 2.0 access token for one of a platform's services (the grading feature's token
 * client).
 */
@FunctionalInterface
public interface BearerTokens {
  /** A bearer token granting {@code scope}; throws when the platform refuses or cannot answer. */
  String token(Platform platform, String scope);
}
