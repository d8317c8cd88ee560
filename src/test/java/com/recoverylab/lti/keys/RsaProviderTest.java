package com.recoverylab.lti.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which RSA code does the work, and that both check, sign and make keys the same way. */
class RsaProviderTest {
  /** The machines the tool ships a native library for; elsewhere the JDK must do the work. */
  private static final boolean NATIVE_EXPECTED =
      System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
          && System.getProperty("os.arch").equals("amd64");

  private static RSAKey platformKey;
  private static RsaProvider loaded;

  @BeforeAll
  static void keys() throws Exception {
    platformKey = new RSAKeyGenerator(2048).keyID("moodle-1").generate();
    loaded = new RsaProvider();
    loaded.loadNative();
  }

  @Test
  void aws_lc_loads_where_its_library_is_shipped_and_the_jdk_does_the_work_elsewhere() {
    assertEquals(NATIVE_EXPECTED, loaded.provider().isPresent(), loaded.description());
    if (NATIVE_EXPECTED) {
      assertEquals("AmazonCorrettoCryptoProvider", loaded.provider().orElseThrow().getName());
      assertTrue(loaded.description().startsWith("AWS-LC's native RSA"), loaded.description());
    } else {
      assertTrue(loaded.description().contains("did not load"), loaded.description());
    }
  }

  @Test
  void until_it_loads_the_jdk_checks_signatures() throws Exception {
    RsaProvider notYet = new RsaProvider();
    assertTrue(notYet.provider().isEmpty());
    assertTrue(notYet.description().contains("not loaded"), notYet.description());
    SignedJWT token = signedByPlatform();
    assertTrue(token.verify(notYet.verifier(platformKey.toRSAPublicKey())));
    assertFalse(tampered(token).verify(notYet.verifier(platformKey.toRSAPublicKey())));
  }

  @Test
  void once_loaded_it_accepts_the_platform_signature_and_refuses_a_changed_claim()
      throws Exception {
    SignedJWT token = signedByPlatform();
    assertTrue(token.verify(loaded.verifier(platformKey.toRSAPublicKey())));
    assertFalse(tampered(token).verify(loaded.verifier(platformKey.toRSAPublicKey())));
  }

  @Test
  void a_signature_from_another_key_with_the_same_kid_is_refused() throws Exception {
    RSAKey impostor = new RSAKeyGenerator(2048).keyID(platformKey.getKeyID()).generate();
    SignedJWT token = sign(claims("student-1"), new RSASSASigner(impostor));
    assertFalse(token.verify(loaded.verifier(platformKey.toRSAPublicKey())));
  }

  @Test
  void a_key_it_makes_and_stores_as_json_signs_what_the_jdk_verifies() throws Exception {
    RSAKey made = loaded.generate("tool-key");
    assertEquals("tool-key", made.getKeyID());
    assertEquals(2048, made.size());
    // the tool stores its keys as JWK JSON and signs with what it reads back
    RSAKey stored = RSAKey.parse(made.toJSONString());
    SignedJWT token = sign(claims("assertion"), loaded.signer(stored));
    assertTrue(token.verify(new RSASSAVerifier(stored.toRSAPublicKey())));
    assertTrue(token.verify(loaded.verifier(stored.toRSAPublicKey())));
    assertFalse(tampered(token).verify(new RSASSAVerifier(stored.toRSAPublicKey())));
  }

  private static SignedJWT signedByPlatform() throws Exception {
    return sign(claims("student-1"), new RSASSASigner(platformKey));
  }

  private static SignedJWT sign(JWTClaimsSet claims, RSASSASigner signer) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(platformKey.getKeyID()).build(),
            claims);
    jwt.sign(signer);
    return SignedJWT.parse(jwt.serialize());
  }

  private static JWTClaimsSet claims(String subject) {
    return new JWTClaimsSet.Builder()
        .issuer("https://moodle.example.edu")
        .subject(subject)
        .audience("tool-client")
        .build();
  }

  /** The same header and signature over a payload whose subject changed. */
  private static SignedJWT tampered(SignedJWT token) throws Exception {
    String[] parts = token.serialize().split("\\.");
    String payload =
        com.nimbusds.jose.util.Base64URL.encode(claims("student-2").toString()).toString();
    return SignedJWT.parse(parts[0] + "." + payload + "." + parts[2]);
  }
}
