package com.recoverylab.sandbox;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.recoverylab.lti.keys.RsaProvider;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.List;

/**
 * Checks JWTs the tool signs (client assertions, deep-linking responses) against the tool's public
 * keys, fetched over HTTP from its JWKS URL and cached like a real platform does.
 */
final class ToolJwtVerifier implements AutoCloseable {
  private final JWKSource<SecurityContext> toolKeys;
  private final RsaProvider rsa;

  /** Checks signatures with {@code rsa}'s code, as the tool and the sandbox sign with it. */
  ToolJwtVerifier(String jwksUrl, RsaProvider rsa) {
    this.rsa = rsa;
    try {
      // generous timeouts: the tool may be busy starting, and a slow answer is not a bad key
      this.toolKeys =
          JWKSourceBuilder.<SecurityContext>create(
                  URI.create(jwksUrl).toURL(),
                  new DefaultResourceRetriever(5_000, 5_000, 256 * 1024))
              .retrying(true)
              .build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("tool JWKS URL is not a URL: " + jwksUrl, e);
    }
  }

  /** Stops the key cache's background refresh, if it started one. */
  @Override
  public void close() throws java.io.IOException {
    if (toolKeys instanceof java.io.Closeable closeable) {
      closeable.close();
    }
  }

  /** The claims of a JWT signed (RS256, with kid) by one of the tool's published keys. */
  JWTClaimsSet verify(String serialized) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(serialized.trim());
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new RejectedJwt("sandbox.jwt.unreadable");
    }
    // Security Framework 5.1.3 / 5.2: tool messages are RS256-signed
    if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
      throw new RejectedJwt("sandbox.jwt.algorithm", jwt.getHeader().getAlgorithm());
    }
    // Security Framework 6.3: the key is found by kid in the tool's JWKS; Moodle refuses JWTs
    // without one
    String kid = jwt.getHeader().getKeyID();
    if (kid == null || kid.isBlank()) {
      throw new RejectedJwt("sandbox.jwt.noKid");
    }
    List<JWK> keys;
    try {
      keys =
          toolKeys.get(
              new JWKSelector(new JWKMatcher.Builder().keyID(kid).keyType(KeyType.RSA).build()),
              null);
    } catch (KeySourceException e) {
      throw new RejectedJwt("sandbox.jwt.jwksUnavailable", e.getMessage());
    }
    if (keys.isEmpty()) {
      throw new RejectedJwt("sandbox.jwt.unknownKid", kid);
    }
    for (JWK key : keys) {
      try {
        if (jwt.verify(rsa.verifier(key.toRSAKey().toRSAPublicKey()))) {
          return claims;
        }
      } catch (JOSEException e) {
        // an unusable key cannot verify; try the next one with this kid
      }
    }
    throw new RejectedJwt("sandbox.jwt.badSignature");
  }
}
