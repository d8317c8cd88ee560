package com.recoverylab.lti.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.recoverylab.lti.LtiClaims;
import com.recoverylab.lti.keys.RsaProvider;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.web.HttpError;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The validator against fixtures that start from the test platform's one Moodle-shaped token and
 * change one thing.
 */
class IdTokenValidatorTest {
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final String NONCE = "nonce-1";
  private static FakePlatform moodle;
  private static Platform platform;
  private static RSAKey key;
  private static RSAKey otherKey;
  private static IdTokenValidator validator;

  @BeforeAll
  static void keys() throws JOSEException {
    moodle = FakePlatform.start();
    platform =
        new Platform(
            7,
            moodle.issuer(),
            moodle.clientId(),
            "Moodle",
            moodle.authUrl(),
            moodle.tokenUrl(),
            moodle.jwksUrl());
    key = moodle.signingKey();
    otherKey = new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
    PlatformKeys keys =
        new PlatformKeys(url -> new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())));
    validator =
        new IdTokenValidator(
            keys,
            (platformId, deployment) -> platformId == 7 && deployment.equals("1"),
            URI.create("https://tool.example.edu"),
            nativeRsa(),
            Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** The RSA code a running tool checks with once AWS-LC's library has loaded. */
  private static RsaProvider nativeRsa() {
    RsaProvider rsa = new RsaProvider();
    rsa.loadNative();
    return rsa;
  }

  @AfterAll
  static void stop() {
    moodle.close();
  }

  /** A valid resource link launch as Moodle sends it, issued 5 s before the fixed clock's now. */
  private static JWTClaimsSet.Builder baseline() {
    FakePlatform.Launch launch = moodle.launch();
    launch.targetLinkUri = "https://tool.example.edu/lti/launch";
    return new JWTClaimsSet.Builder(moodle.claims(launch, NONCE, NOW.minusSeconds(5)));
  }

  private static String signed(JWTClaimsSet claims) {
    return signed(claims, key);
  }

  private static String signed(JWTClaimsSet claims, RSAKey with) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), claims);
      jwt.sign(new RSASSASigner(with));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertRejected(String token, int status, String key) {
    HttpError error =
        assertThrows(HttpError.class, () -> validator.validate(token, platform, NONCE));
    assertEquals(key, error.messageKey());
    assertEquals(status, error.status());
  }

  @Test
  void baseline_token_is_accepted() {
    JWTClaimsSet claims = validator.validate(signed(baseline().build()), platform, NONCE);
    assertEquals("2", claims.getSubject());
  }

  @Test
  void audience_as_an_array_with_matching_azp_is_accepted() {
    validator.validate(
        signed(
            baseline()
                .audience(List.of(platform.clientId(), "other"))
                .claim("azp", platform.clientId())
                .build()),
        platform,
        NONCE);
  }

  @Test
  void deep_linking_request_without_resource_link_is_accepted() {
    JWTClaimsSet claims =
        baseline()
            .claim(LtiClaims.MESSAGE_TYPE, "LtiDeepLinkingRequest")
            .claim(LtiClaims.RESOURCE_LINK, null)
            .claim(
                LtiClaims.DEEP_LINKING_SETTINGS,
                Map.of("deep_link_return_url", "https://moodle/return"))
            .build();
    validator.validate(signed(claims), platform, NONCE);
  }

  @Test
  void token_expired_beyond_the_clock_skew_is_rejected() {
    assertRejected(
        signed(baseline().expirationTime(Date.from(NOW.minusSeconds(91))).build()),
        401,
        "lti.launch.expired");
  }

  @Test
  void token_expired_within_the_clock_skew_is_accepted() {
    validator.validate(
        signed(baseline().expirationTime(Date.from(NOW.minusSeconds(60))).build()),
        platform,
        NONCE);
  }

  @Test
  void token_without_exp_is_rejected() {
    assertRejected(signed(baseline().expirationTime(null).build()), 401, "lti.launch.expired");
  }

  @Test
  void token_issued_in_the_future_is_rejected() {
    assertRejected(
        signed(baseline().issueTime(Date.from(NOW.plusSeconds(300))).build()),
        401,
        "lti.launch.notYetValid");
  }

  @Test
  void token_without_iat_is_rejected() {
    assertRejected(signed(baseline().issueTime(null).build()), 400, "lti.launch.missingClaim");
  }

  @Test
  void wrong_issuer_is_rejected() {
    assertRejected(
        signed(baseline().issuer("https://evil.example").build()), 401, "lti.launch.wrongIssuer");
  }

  @Test
  void wrong_audience_is_rejected() {
    assertRejected(
        signed(baseline().audience("client-2").build()), 401, "lti.launch.wrongAudience");
  }

  @Test
  void several_audiences_without_azp_are_rejected() {
    assertRejected(
        signed(baseline().audience(List.of(platform.clientId(), "other")).build()),
        401,
        "lti.launch.wrongAudience");
  }

  @Test
  void azp_naming_another_client_is_rejected() {
    assertRejected(
        signed(baseline().claim("azp", "other").build()), 401, "lti.launch.wrongAudience");
  }

  @Test
  void other_nonce_is_rejected() {
    assertRejected(
        signed(baseline().claim("nonce", "nonce-2").build()), 401, "lti.launch.nonceMismatch");
  }

  @Test
  void missing_nonce_is_rejected() {
    assertRejected(
        signed(baseline().claim("nonce", null).build()), 401, "lti.launch.nonceMismatch");
  }

  @Test
  void unknown_deployment_is_rejected() {
    assertRejected(
        signed(baseline().claim(LtiClaims.DEPLOYMENT_ID, "2").build()),
        403,
        "lti.launch.unknownDeployment");
  }

  @Test
  void unsupported_message_type_is_rejected() {
    assertRejected(
        signed(baseline().claim(LtiClaims.MESSAGE_TYPE, "LtiStartProctoring").build()),
        400,
        "lti.launch.messageType");
  }

  @Test
  void other_lti_version_is_rejected() {
    assertRejected(
        signed(baseline().claim(LtiClaims.VERSION, "1.1").build()), 400, "lti.launch.version");
  }

  @Test
  void missing_sub_is_rejected() {
    assertRejected(signed(baseline().subject(null).build()), 400, "lti.launch.missingClaim");
  }

  @Test
  void missing_roles_is_rejected() {
    assertRejected(
        signed(baseline().claim(LtiClaims.ROLES, null).build()), 400, "lti.launch.missingClaim");
  }

  @Test
  void resource_link_launch_without_resource_link_id_is_rejected() {
    assertRejected(
        signed(baseline().claim(LtiClaims.RESOURCE_LINK, Map.of("title", "x")).build()),
        400,
        "lti.launch.missingClaim");
  }

  @Test
  void deep_linking_request_without_return_url_is_rejected() {
    JWTClaimsSet claims =
        baseline()
            .claim(LtiClaims.MESSAGE_TYPE, "LtiDeepLinkingRequest")
            .claim(
                LtiClaims.DEEP_LINKING_SETTINGS, Map.of("accept_types", List.of("ltiResourceLink")))
            .build();
    assertRejected(signed(claims), 400, "lti.launch.missingClaim");
  }

  @Test
  void submission_review_without_for_user_is_accepted_as_moodle_sends_it_for_the_whole_activity() {
    JWTClaimsSet claims =
        validator.validate(
            signed(baseline().claim(LtiClaims.MESSAGE_TYPE, "LtiSubmissionReviewRequest").build()),
            platform,
            NONCE);
    assertEquals("LtiSubmissionReviewRequest", claims.getClaim(LtiClaims.MESSAGE_TYPE));
  }

  @Test
  void submission_review_without_resource_link_is_rejected() {
    assertRejected(
        signed(
            baseline()
                .claim(LtiClaims.MESSAGE_TYPE, "LtiSubmissionReviewRequest")
                .claim(LtiClaims.RESOURCE_LINK, null)
                .build()),
        400,
        "lti.launch.missingClaim");
  }

  @Test
  void target_link_uri_on_another_site_is_rejected() {
    assertRejected(
        signed(
            baseline()
                .claim(
                    LtiClaims.TARGET_LINK_URI, "https://tool.example.edu.evil.example/lti/launch")
                .build()),
        400,
        "lti.launch.offSiteTarget");
  }

  @Test
  void signature_by_another_key_with_the_same_kid_is_rejected() {
    assertRejected(signed(baseline().build(), otherKey), 401, "lti.launch.badSignature");
  }

  @Test
  void unknown_kid_is_rejected() throws JOSEException {
    assertRejected(
        signed(baseline().build(), new RSAKeyGenerator(2048).keyID("k9").generate()),
        401,
        "lti.launch.unknownKey");
  }

  @Test
  void unsigned_token_is_rejected() {
    assertRejected(new PlainJWT(baseline().build()).serialize(), 401, "lti.launch.algorithm");
  }

  @Test
  void hmac_token_keyed_with_the_public_key_is_rejected() throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(),
            baseline().build());
    jwt.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));
    assertRejected(jwt.serialize(), 401, "lti.launch.algorithm");
  }

  @Test
  void rs512_token_is_rejected() throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS512).keyID(key.getKeyID()).build(),
            baseline().build());
    jwt.sign(new RSASSASigner(key));
    assertRejected(jwt.serialize(), 401, "lti.launch.algorithm");
  }

  @Test
  void garbage_is_rejected_as_malformed() {
    assertRejected("not.a.jwt", 400, "lti.launch.malformed");
  }

  @Test
  void oversized_token_is_rejected_before_parsing() {
    assertRejected("x".repeat(IdTokenValidator.MAX_TOKEN_CHARS + 1), 413, "lti.launch.tooLarge");
  }
}
