package com.recoverylab.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** The platform's RSA signing key, the keys its JWKS publishes, and signing with them. */
final class PlatformKeys {
  private final List<RSAKey> published = new ArrayList<>();
  private volatile RSAKey signingKey = newKey();
  private final AtomicInteger fetches = new AtomicInteger();

  PlatformKeys() {
    published.add(signingKey);
  }

  RSAKey signingKey() {
    return signingKey;
  }

  /** Replaces the signing key with a new one (new kid) and publishes only the new key. */
  synchronized RSAKey rotate() {
    RSAKey next = newKey();
    published.clear();
    published.add(next);
    signingKey = next;
    return next;
  }

  int fetches() {
    return fetches.get();
  }

  void serveJwks(HttpExchange exchange) throws IOException {
    fetches.incrementAndGet();
    List<JWK> keys = new ArrayList<>();
    synchronized (this) {
      for (RSAKey key : published) {
        keys.add(key.toPublicJWK());
      }
    }
    Exchanges.send(
        exchange, 200, new JWKSet(keys).toString(true), Map.of("Content-Type", "application/json"));
  }

  static String sign(JWTClaimsSet claims, RSAKey key) {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  static RSAKey newKey() {
    try {
      return new RSAKeyGenerator(2048)
          .keyID("moodle-" + UUID.randomUUID().toString().substring(0, 8))
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
