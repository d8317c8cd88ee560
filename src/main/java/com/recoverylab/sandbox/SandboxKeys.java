package com.recoverylab.sandbox;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.recoverylab.lti.keys.RsaProvider;
import com.recoverylab.store.Jdbc;
import java.time.Clock;
import java.util.UUID;

/**
 * The sandbox platform's RSA key. It lives in the database so every node signs id_tokens with the
 * same key and publishes the same JWKS; the sandbox never rotates it.
 */
final class SandboxKeys {
  private final SandboxKeyRepository repository;
  private final RsaProvider rsa;
  private final Clock clock;
  private volatile RSAKey key;

  /** Makes and signs with {@code rsa}'s code, as the tool's own keys do. */
  SandboxKeys(SandboxKeyRepository repository, RsaProvider rsa, Clock clock) {
    this.repository = repository;
    this.rsa = rsa;
    this.clock = clock;
  }

  /** Loads the key, creating it on first start; two nodes starting together agree on one. */
  void ensure() {
    RSAKey stored = repository.signingKey().orElse(null);
    if (stored == null) {
      try {
        repository.insertSigningKey(rsa.generate("sandbox-" + UUID.randomUUID()), clock.instant());
      } catch (Jdbc.DataAccessException e) {
        if (!e.isUniqueViolation()) {
          throw e;
        }
        // another node stored its key first; that one is used by all
      }
      stored =
          repository
              .signingKey()
              .orElseThrow(() -> new IllegalStateException("sandbox key not stored"));
    }
    key = stored;
  }

  /** The public key set served at /sandbox/jwks. */
  JWKSet publicJwks() {
    return new JWKSet(signingKey().toPublicJWK());
  }

  /** Signs the claims as Moodle does: RS256 with kid and typ JWT. */
  String sign(JWTClaimsSet claims) {
    RSAKey signing = signingKey();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(signing.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    try {
      jwt.sign(rsa.signer(signing));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign with the sandbox key " + signing.getKeyID(), e);
    }
    return jwt.serialize();
  }

  private RSAKey signingKey() {
    RSAKey current = key;
    if (current == null) {
      throw new IllegalStateException("the sandbox key is not loaded; ensure() was not called");
    }
    return current;
  }
}
