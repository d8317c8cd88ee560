package com.recoverylab.lti.keys;

import com.nimbusds.jose.jwk.RSAKey;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The first signing key of a new database, made on a thread of its own while the start goes on:
 * making a 2048-bit RSA key pair (a search for two primes, mostly still interpreted that early) was
 * a third of a fresh start's main-thread time. It needs no database, so the start begins it as soon
 * as it knows the database is new (Flyway is about to create the schema), and {@link
 * ToolKeys#ensureSigningKey(SigningKeyAhead)} waits for it only when it stores the key; a start on
 * an existing database never makes one. /ready still answers only once the key is stored.
 */
public final class SigningKeyAhead {
  private final RsaProvider rsa;
  private volatile CompletableFuture<RSAKey> making;

  /**
   * Makes the key with {@code rsa}'s code: AWS-LC's, loaded first on the same thread (its load and
   * a native key pair cost less than the JDK's search for primes under the quick compiler), or the
   * JDK's where it does not load.
   */
  public SigningKeyAhead(RsaProvider rsa) {
    this.rsa = rsa;
  }

  /** Begins making the key pair on its own thread; a second call does nothing. */
  public synchronized void begin() {
    if (making == null) {
      CompletableFuture<RSAKey> future = new CompletableFuture<>();
      Thread maker =
          new Thread(
              () -> {
                try {
                  rsa.loadNative();
                  future.complete(rsa.generate(ToolKeys.newKid()));
                } catch (RuntimeException | Error e) {
                  future.completeExceptionally(e);
                }
              },
              "signing-key");
      maker.setDaemon(true);
      maker.start();
      making = future;
    }
  }

  /**
   * The key pair begun ahead, once made (waits for it); empty when none was begun, or when one was
   * already taken: a key is stored once.
   */
  synchronized Optional<RSAKey> take() {
    CompletableFuture<RSAKey> begun = making;
    making = null;
    if (begun == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(begun.join());
    } catch (CompletionException e) {
      throw new IllegalStateException("cannot generate an RSA key", e.getCause());
    }
  }
}
