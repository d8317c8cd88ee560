package com.recoverylab.lti.keys;

import com.nimbusds.jose.jwk.RSAKey;
import java.time.Instant;

/** One of the tool's RSA keys and where it is in its life. */
record ToolKey(
    String kid,
    RSAKey jwk,
    Status status,
    Instant createdAt,
    Instant activatedAt,
    Instant retireAfter) {
  enum Status {
    /** Published in the JWKS, not yet signing, so platforms can fetch it first. */
    NEXT,
    /** Signs everything the tool signs. */
    CURRENT,
    /** No longer signs; published until tokens it signed have expired. */
    RETIRED
  }
}
