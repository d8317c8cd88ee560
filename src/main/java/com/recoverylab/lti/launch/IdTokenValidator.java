package com.recoverylab.lti.launch;

import static com.recoverylab.lti.launch.LaunchRejection.reject;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.recoverylab.lti.LtiClaims;
import com.recoverylab.lti.keys.RsaProvider;
import com.recoverylab.lti.registration.Platform;
import java.net.URI;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks an LTI 1.3 id_token completely before anything is believed: signature (RS256 only,
 * platform key by kid), issuer, audience, times and nonce as the 1EdTech Security Framework 1.0
 * §5.1.3 and OpenID Connect Core §3.1.3.7 require, then the LTI claims LTI Core 1.3 §5.3 (and Deep
 * Linking 2.0 §4.4) make required for the message type. Each check refuses with its own message
 * key.
 */
public final class IdTokenValidator {
  /** Longest id_token accepted; real launches are a few kilobytes. */
  public static final int MAX_TOKEN_CHARS = 64 * 1024;

  /** Clock difference tolerated between platform and tool (Moodle issues exp = iat + 60). */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(90);

  static final Set<String> MESSAGE_TYPES =
      Set.of(
          LtiClaims.RESOURCE_LINK_REQUEST,
          LtiClaims.DEEP_LINKING_REQUEST,
          LtiClaims.SUBMISSION_REVIEW_REQUEST);

  /** Whether a deployment id is registered for a platform. */
  @FunctionalInterface
  public interface Deployments {
    boolean known(long platformId, String deploymentId);
  }

  /**
   * Public keys already turned from their JWK, by that JWK; a handful of platforms, each a key or
   * two.
   */
  private static final int MAX_PUBLIC_KEYS = 64;

  private final PlatformKeys keys;

  /**
   * Turning a JWK into an RSA public key (Base64 to big integers, a KeyFactory) is work the same
   * key needs once, not on every launch from its platform, so the public key is kept. Every token's
   * signature is still verified, by a verifier made per token: it is a small object, and it takes
   * AWS-LC's RSA once that has loaded ({@link RsaProvider}).
   */
  private final Map<RSAKey, RSAPublicKey> publicKeys = new ConcurrentHashMap<>();

  private final Deployments deployments;
  private final URI toolUrl;
  private final RsaProvider rsa;
  private final Clock clock;

  /** Checks signatures with {@code rsa}'s code. */
  public IdTokenValidator(
      PlatformKeys keys, Deployments deployments, URI toolUrl, RsaProvider rsa, Clock clock) {
    this.keys = keys;
    this.deployments = deployments;
    this.toolUrl = toolUrl;
    this.rsa = rsa;
    this.clock = clock;
  }

  /** The token's claims when every check passes; otherwise an HttpError naming the problem. */
  public JWTClaimsSet validate(String idToken, Platform platform, String expectedNonce) {
    if (idToken == null || idToken.isBlank()) {
      throw reject(400, "lti.launch.noToken", "no id_token parameter");
    }
    if (idToken.length() > MAX_TOKEN_CHARS) {
      throw reject(
          413,
          "lti.launch.tooLarge",
          "id_token of " + idToken.length() + " chars",
          MAX_TOKEN_CHARS);
    }
    String who =
        "platform="
            + platform.id()
            + " issuer="
            + platform.issuer()
            + " client_id="
            + platform.clientId();
    JWT parsed;
    try {
      parsed = JWTParser.parse(idToken.trim());
    } catch (ParseException e) {
      throw reject(400, "lti.launch.malformed", who + " unparseable id_token: " + e.getMessage());
    }

    // Security Framework §5.1.3 step 6 / OIDC 3.1.3.7 step 7: RS256 only. "none" (unsigned)
    // and HMAC are refused before any key is touched, so a token "signed" with the public key
    // as an HMAC secret never reaches a verifier.
    if (!(parsed instanceof SignedJWT jwt)
        || !JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
      String alg =
          parsed.getHeader().getAlgorithm() == null
              ? "none"
              : parsed.getHeader().getAlgorithm().getName();
      throw reject(401, "lti.launch.algorithm", who + " alg=" + alg, alg);
    }

    // Security Framework §5.1.3 step 1 / OIDC 3.1.3.7 step 6: the signature verifies with the
    // platform's published key (looked up by kid; an unknown kid refetches the JWKS once).
    verifySignature(jwt, platform, who);

    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw reject(400, "lti.launch.malformed", who + " claims not JSON: " + e.getMessage());
    }
    Instant now = clock.instant();

    // Security Framework §5.1.3 step 2 / OIDC 3.1.3.7 step 2: iss is exactly the registered issuer.
    if (!platform.issuer().equals(claims.getIssuer())) {
      throw reject(
          401,
          "lti.launch.wrongIssuer",
          who + " iss=" + claims.getIssuer(),
          String.valueOf(claims.getIssuer()));
    }

    // Security Framework §5.1.3 step 3 / OIDC 3.1.3.7 step 3: aud (string or array) holds our
    // client_id.
    List<String> audience = claims.getAudience();
    if (audience == null || !audience.contains(platform.clientId())) {
      throw reject(401, "lti.launch.wrongAudience", who + " aud=" + audience, platform.clientId());
    }
    // Security Framework §5.1.3 steps 4-5 / OIDC 3.1.3.7 steps 4-5: with several audiences azp
    // must be present and be our client_id; a present azp must always be our client_id.
    Object azp = claims.getClaim(LtiClaims.AZP);
    if ((audience.size() > 1 && azp == null) || (azp != null && !platform.clientId().equals(azp))) {
      throw reject(
          401,
          "lti.launch.wrongAudience",
          who + " aud=" + audience + " azp=" + azp,
          platform.clientId());
    }

    // Security Framework §5.1.3 step 7 / OIDC 3.1.3.7 step 9: now is before exp (with skew).
    Date exp = claims.getExpirationTime();
    if (exp == null || !now.minus(CLOCK_SKEW).isBefore(exp.toInstant())) {
      throw reject(
          401,
          "lti.launch.expired",
          who + " exp=" + (exp == null ? null : exp.toInstant()) + " now=" + now);
    }
    // Security Framework §5.1.3 step 8 / OIDC 3.1.3.7 step 10: iat present and not in the future.
    Date iat = claims.getIssueTime();
    if (iat == null) {
      throw reject(400, "lti.launch.missingClaim", who + " no iat", "iat");
    }
    if (iat.toInstant().isAfter(now.plus(CLOCK_SKEW))) {
      throw reject(401, "lti.launch.notYetValid", who + " iat=" + iat.toInstant() + " now=" + now);
    }

    // Security Framework §5.1.3 step 9 / OIDC 3.1.3.7 step 11: nonce is the one this login sent
    // (the caller uses it up with the login's state, the only state that carries it).
    Object nonce = claims.getClaim(LtiClaims.NONCE);
    if (!(nonce instanceof String n) || !n.equals(expectedNonce)) {
      throw reject(401, "lti.launch.nonceMismatch", who + " nonce does not match the login's");
    }

    // LTI Core 1.3 §5.3.1: message_type is one this tool handles.
    String messageType = string(claims, LtiClaims.MESSAGE_TYPE);
    if (messageType == null || !MESSAGE_TYPES.contains(messageType)) {
      throw reject(
          400,
          "lti.launch.messageType",
          who + " message_type=" + messageType,
          String.valueOf(messageType));
    }
    // LTI Core 1.3 §5.3.2: version is 1.3.0.
    String version = string(claims, LtiClaims.VERSION);
    if (!LtiClaims.LTI_VERSION.equals(version)) {
      throw reject(400, "lti.launch.version", who + " version=" + version, String.valueOf(version));
    }
    // LTI Core 1.3 §5.3.3: deployment_id is one registered for this platform.
    String deploymentId = string(claims, LtiClaims.DEPLOYMENT_ID);
    if (deploymentId == null || !deployments.known(platform.id(), deploymentId)) {
      throw reject(
          403,
          "lti.launch.unknownDeployment",
          who + " deployment_id=" + deploymentId,
          String.valueOf(deploymentId));
    }
    // LTI Core 1.3 §5.3.4: target_link_uri is present and an address of this tool.
    String target = string(claims, LtiClaims.TARGET_LINK_URI);
    if (target == null) {
      throw reject(
          400, "lti.launch.missingClaim", who + " no target_link_uri", LtiClaims.TARGET_LINK_URI);
    }
    if (!ToolOrigin.sameOrigin(toolUrl, target)) {
      throw reject(400, "lti.launch.offSiteTarget", who + " target_link_uri=" + target, target);
    }
    // LTI Core 1.3 §5.3.6: sub identifies the user (this tool keeps per-user attempts, so anonymous
    // launches are refused).
    if (claims.getSubject() == null || claims.getSubject().isBlank()) {
      throw reject(400, "lti.launch.missingClaim", who + " no sub", "sub");
    }
    // LTI Core 1.3 §5.3.7: roles is an array (possibly empty).
    if (!(claims.getClaim(LtiClaims.ROLES) instanceof List<?>)) {
      throw reject(400, "lti.launch.missingClaim", who + " no roles array", LtiClaims.ROLES);
    }
    // LTI Core 1.3 §5.4.1: the tool works per course, so it needs the context id.
    if (string(object(claims, LtiClaims.CONTEXT), "id") == null) {
      throw reject(400, "lti.launch.missingClaim", who + " no context.id", LtiClaims.CONTEXT);
    }
    if (!LtiClaims.DEEP_LINKING_REQUEST.equals(messageType)) {
      // LTI Core 1.3 §5.3.5: resource link launches (and submission reviews) carry
      // resource_link.id.
      if (string(object(claims, LtiClaims.RESOURCE_LINK), "id") == null) {
        throw reject(
            400, "lti.launch.missingClaim", who + " no resource_link.id", LtiClaims.RESOURCE_LINK);
      }
    } else if (string(object(claims, LtiClaims.DEEP_LINKING_SETTINGS), "deep_link_return_url")
        == null) {
      // Deep Linking 2.0 §4.4.1: deep_linking_settings with deep_link_return_url is required.
      throw reject(
          400,
          "lti.launch.missingClaim",
          who + " no deep_link_return_url",
          LtiClaims.DEEP_LINKING_SETTINGS);
    }
    // Submission Review 1.0 §3.2 names the user whose work is shown in for_user; Moodle 4.5 leaves
    // it
    // out when the review is of the whole activity (the gradebook column's "View External tool
    // results"), so a review without it shows the activity's results (LaunchServlet).
    return claims;
  }

  private void verifySignature(SignedJWT jwt, Platform platform, String who) {
    JWSHeader header = jwt.getHeader();
    String kid = header.getKeyID() == null ? "-" : header.getKeyID();
    if (platform.jwksUrl() == null || platform.jwksUrl().isBlank()) {
      throw reject(502, "lti.launch.keysUnavailable", who + " registration has no JWKS URL");
    }
    List<JWK> candidates;
    try {
      candidates =
          keys.forUrl(platform.jwksUrl())
              .get(new JWKSelector(JWKMatcher.forJWSHeader(header)), null);
    } catch (RateLimitReachedException e) {
      // the JWKS was fetched moments ago and still lacks the kid
      candidates = List.of();
    } catch (KeySourceException | IllegalArgumentException e) {
      throw reject(
          502,
          "lti.launch.keysUnavailable",
          who + " jwks=" + platform.jwksUrl() + " " + e.getMessage());
    }
    if (candidates.isEmpty()) {
      throw reject(
          401, "lti.launch.unknownKey", who + " kid=" + kid + " not in " + platform.jwksUrl(), kid);
    }
    for (JWK candidate : candidates) {
      if (candidate instanceof RSAKey rsa) {
        try {
          if (jwt.verify(verifier(rsa))) {
            return;
          }
        } catch (JOSEException e) {
          // an unusable key: try the next one
        }
      }
    }
    throw reject(
        401, "lti.launch.badSignature", who + " kid=" + kid + " signature does not verify");
  }

  private RSASSAVerifier verifier(RSAKey key) throws JOSEException {
    RSAPublicKey publicKey = publicKeys.get(key);
    if (publicKey == null) {
      publicKey = key.toRSAPublicKey();
      if (publicKeys.size() >= MAX_PUBLIC_KEYS) {
        publicKeys.clear(); // keys rotated many times: start over rather than grow
      }
      publicKeys.put(key, publicKey);
    }
    return rsa.verifier(publicKey);
  }

  static String string(JWTClaimsSet claims, String name) {
    return claims.getClaim(name) instanceof String s && !s.isBlank() ? s : null;
  }

  static String string(Map<String, Object> object, String name) {
    if (object == null) {
      return null;
    }
    Object value = object.get(name);
    if (value instanceof String s && !s.isBlank()) {
      return s;
    }
    // some platforms send numeric ids
    return value instanceof Number number ? number.toString() : null;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(JWTClaimsSet claims, String name) {
    return claims.getClaim(name) instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
  }
}
