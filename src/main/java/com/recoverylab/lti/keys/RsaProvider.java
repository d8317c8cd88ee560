package com.recoverylab.lti.keys;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jca.JCAAware;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.JWKGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.security.Provider;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The code that does the tool's RSA work: checking each launch's id_token signature, signing the
 * tool's own messages, making its signing keys.
 *
 * <p>The image runs the JVM with its quick compiler only, for memory; that compiler has none of the
 * big-number intrinsics the JDK's RSA leans on, and parsing and checking one id_token cost about
 * 0.23 ms of CPU, the largest single piece of a launch. With AWS-LC's native code, through the
 * Amazon Corretto Crypto Provider, the same took about 0.04 ms whatever the compiler. Loading its
 * library costs about 0.3 s of CPU, so it is loaded off the start's path ({@link
 * #loadNativeInBackground}); until it has loaded, and wherever it cannot (another operating system
 * or processor, a temporary folder it cannot use), the JDK's providers do the work: the same
 * checks, only slower.
 */
public final class RsaProvider {
  private static final Logger LOG = LoggerFactory.getLogger(RsaProvider.class);
  private static final int KEY_BITS = 2048;

  /** AWS-LC's provider once it has loaded; null while the JDK's providers do the work. */
  private volatile Provider loaded;

  /** Why AWS-LC's library did not load; null until a load was tried, or when it loaded. */
  private volatile Throwable problem;

  private boolean tried;

  /** Loads AWS-LC's library now, unless tried before; true when its RSA does the work from now. */
  public synchronized boolean loadNative() {
    if (!tried) {
      tried = true;
      try {
        AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        problem = accp.getLoadingError();
        if (problem == null) {
          accp.assertHealthy();
          loaded = accp;
        }
      } catch (RuntimeException | LinkageError e) {
        problem = e;
      }
    }
    return loaded != null;
  }

  /** Loads AWS-LC's library on a thread of its own, and logs which RSA does the work. */
  public void loadNativeInBackground() {
    Thread loader =
        new Thread(
            () -> {
              loadNative();
              LOG.info("event=rsa_code native={} code=\"{}\"", loaded != null, description());
            },
            "rsa-native-load");
    loader.setDaemon(true);
    loader.start();
  }

  /** AWS-LC's provider once loaded; empty while the JDK's providers do the work. */
  public Optional<Provider> provider() {
    return Optional.ofNullable(loaded);
  }

  /** Which code does the work, and why when it is not AWS-LC's. */
  public String description() {
    Provider provider = loaded;
    if (provider != null) {
      return "AWS-LC's native RSA (" + provider.getName() + " " + provider.getVersionStr() + ")";
    }
    Throwable failed = problem;
    return failed == null
        ? "the JDK's RSA (AWS-LC's native library not loaded)"
        : "the JDK's RSA (AWS-LC's native library did not load: " + failed + ")";
  }

  /** Checks RS256 signatures made with {@code key}'s private half. */
  public RSASSAVerifier verifier(RSAPublicKey key) {
    return withLoaded(new RSASSAVerifier(key));
  }

  /** Makes RS256 signatures with {@code key}'s private half. */
  public RSASSASigner signer(RSAKey key) throws JOSEException {
    return withLoaded(new RSASSASigner(key));
  }

  /** A new 2048-bit RS256 signing key named {@code kid}. */
  public RSAKey generate(String kid) {
    JWKGenerator<RSAKey> generator =
        new RSAKeyGenerator(KEY_BITS)
            .keyID(kid)
            .keyUse(KeyUse.SIGNATURE)
            .algorithm(JWSAlgorithm.RS256);
    Provider provider = loaded;
    if (provider != null) {
      generator.provider(provider);
    }
    try {
      return generator.generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an RSA key", e);
    }
  }

  /** Nimbus's signer or verifier, set to AWS-LC's provider when it has loaded. */
  private <T extends JCAAware<JCAContext>> T withLoaded(T signerOrVerifier) {
    Provider provider = loaded;
    if (provider != null) {
      signerOrVerifier.getJCAContext().setProvider(provider);
    }
    return signerOrVerifier;
  }
}
