package com.recoverylab.lti.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.recoverylab.store.Jdbc;
import com.recoverylab.store.SecretSealing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The tool's RSA signing keys, kept in the database so every node signs with the same key and
 * publishes the same JWKS. Rotation is two steps: {@link #prepareNext} publishes a new key without
 * signing with it; {@link #activateNext} makes it sign and keeps the old key published for {@link
 * #RETIRED_KEY_LIFETIME}, longer than any token the tool signs lives.
 */
public final class ToolKeys {
  /** Longest lifetime of anything the tool signs (client assertions, deep-linking responses). */
  public static final Duration RETIRED_KEY_LIFETIME = Duration.ofHours(2);

  private static final Duration CACHE_FOR = Duration.ofSeconds(30);

  private final Jdbc jdbc;
  private final ToolKeyRepository repository;
  private final RsaProvider rsa;
  private final Clock clock;
  private volatile Cached cached;

  private record Cached(RSAKey signing, JWKSet published, Instant loadedAt) {}

  public ToolKeys(Jdbc jdbc, Clock clock) {
    this(jdbc, clock, SecretSealing.none());
  }

  /** With the private keys sealed in the database under KEY_ENCRYPTION_KEY. */
  public ToolKeys(Jdbc jdbc, Clock clock, SecretSealing sealing) {
    this(jdbc, clock, sealing, new RsaProvider());
  }

  /** Signing and making keys with {@code rsa}'s code. */
  public ToolKeys(Jdbc jdbc, Clock clock, SecretSealing sealing, RsaProvider rsa) {
    this.jdbc = jdbc;
    this.repository = new ToolKeyRepository(jdbc, sealing);
    this.rsa = rsa;
    this.clock = clock;
  }

  /** Seals keys stored in clear or under the previous KEY_ENCRYPTION_KEY; returns how many. */
  public int resealStored() {
    return jdbc.inTransaction(repository::resealAll);
  }

  /** Generates the first signing key when there is none (first start). */
  public void ensureSigningKey() {
    ensureSigningKey(new SigningKeyAhead(rsa));
  }

  /**
   * Stores the first signing key when there is none (first start): the one {@code ahead} made, when
   * it was begun, else one made now.
   */
  public void ensureSigningKey(SigningKeyAhead ahead) {
    jdbc.inTransaction(
        () -> {
          // nodes of a new deployment start together; the first creates the key, the others use it
          repository.lockAgainstConcurrentWriters();
          if (repository.all().stream().noneMatch(k -> k.status() == ToolKey.Status.CURRENT)) {
            Instant now = clock.instant();
            RSAKey key = ahead.take().orElseGet(() -> rsa.generate(newKid()));
            repository.insert(
                new ToolKey(key.getKeyID(), key, ToolKey.Status.CURRENT, now, now, null));
          }
          return null;
        });
    cached = null;
  }

  /** The private key that signs now, with its kid. */
  public RSAKey signingKey() {
    return load().signing();
  }

  /** The public halves of every key platforms may meet: next, current and recently retired. */
  public JWKSet publicJwks() {
    return load().published();
  }

  /** Signs the claims with the current key: RS256, with {@code kid} and {@code typ: JWT}. */
  public String sign(JWTClaimsSet claims) {
    RSAKey key = signingKey();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    try {
      jwt.sign(rsa.signer(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign with tool key " + key.getKeyID(), e);
    }
    return jwt.serialize();
  }

  /** Step 1 of rotation: publish a new key that does not sign yet. Returns its kid. */
  public String prepareNext() {
    String kid =
        jdbc.inTransaction(
            () -> {
              repository.lockAgainstConcurrentWriters();
              for (ToolKey key : repository.all()) {
                if (key.status() == ToolKey.Status.NEXT) {
                  return key.kid();
                }
              }
              String newKid = newKid();
              ToolKey next =
                  new ToolKey(
                      newKid,
                      rsa.generate(newKid),
                      ToolKey.Status.NEXT,
                      clock.instant(),
                      null,
                      null);
              repository.insert(next);
              return next.kid();
            });
    cached = null;
    return kid;
  }

  /**
   * Step 2 of rotation: the prepared key signs from now on; the old one stays published until
   * tokens it signed have expired. Returns the new current kid.
   */
  public String activateNext() {
    String kid =
        jdbc.inTransaction(
            () -> {
              List<ToolKey> keys = repository.all();
              ToolKey next =
                  keys.stream()
                      .filter(k -> k.status() == ToolKey.Status.NEXT)
                      .findFirst()
                      .orElseThrow(
                          () ->
                              new IllegalStateException(
                                  "no prepared key: run the prepare step first"));
              Instant now = clock.instant();
              for (ToolKey key : keys) {
                if (key.status() == ToolKey.Status.CURRENT) {
                  repository.changeStatus(
                      key.kid(),
                      ToolKey.Status.CURRENT,
                      ToolKey.Status.RETIRED,
                      null,
                      now.plus(RETIRED_KEY_LIFETIME));
                }
              }
              repository.changeStatus(
                  next.kid(), ToolKey.Status.NEXT, ToolKey.Status.CURRENT, now, null);
              repository.deleteRetiredBefore(now);
              return next.kid();
            });
    cached = null;
    return kid;
  }

  private Cached load() {
    Cached current = cached;
    Instant now = clock.instant();
    if (current != null && current.loadedAt().plus(CACHE_FOR).isAfter(now)) {
      return current;
    }
    List<ToolKey> keys = repository.all();
    RSAKey signing =
        keys.stream()
            .filter(k -> k.status() == ToolKey.Status.CURRENT)
            // two nodes starting together may both create one; all agree on the newest
            .max(Comparator.comparing(ToolKey::activatedAt).thenComparing(ToolKey::kid))
            .map(ToolKey::jwk)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the tool has no signing key; ensureSigningKey() was not called"));
    List<com.nimbusds.jose.jwk.JWK> published =
        keys.stream()
            .filter(k -> k.status() != ToolKey.Status.RETIRED || k.retireAfter().isAfter(now))
            .map(k -> (com.nimbusds.jose.jwk.JWK) k.jwk().toPublicJWK())
            .toList();
    Cached fresh = new Cached(signing, new JWKSet(published), now);
    cached = fresh;
    return fresh;
  }

  static String newKid() {
    return UUID.randomUUID().toString();
  }
}
