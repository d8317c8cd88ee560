package com.recoverylab.lti.legacy;

import com.recoverylab.store.Jdbc;
import com.recoverylab.store.Jdbc.DataAccessException;
import com.recoverylab.store.SecretSealing;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Creates and looks up LTI 1.1 consumer keys. */
public final class Consumers {
  /** Keys go into URLs, logs and the platform's settings form: keep them plain. */
  static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]{3,100}");

  private static final int SECRET_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ConsumerRepository repository;
  private final Clock clock;

  public Consumers(Jdbc jdbc, Clock clock) {
    this(jdbc, clock, SecretSealing.none());
  }

  /** With the shared secrets sealed in the database under KEY_ENCRYPTION_KEY. */
  public Consumers(Jdbc jdbc, Clock clock, SecretSealing sealing) {
    this.repository = new ConsumerRepository(jdbc, sealing);
    this.clock = clock;
  }

  /** Seals secrets stored in clear or under the previous KEY_ENCRYPTION_KEY; returns how many. */
  public int resealStored() {
    return repository.resealAll();
  }

  /**
   * Creates a consumer with a new random secret (256 bits) and its platform row.
   *
   * @throws IllegalArgumentException when the key or name is not acceptable or the key is taken
   */
  public NewConsumer create(String key, String name) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "the key must be 3 to 100 letters, digits, dots, dashes or underscores, got: " + key);
    }
    String label = name == null || name.isBlank() ? key : name.strip();
    if (label.length() > 300) {
      throw new IllegalArgumentException("the name must be at most 300 characters");
    }
    if (repository.exists(key)) {
      throw new IllegalArgumentException("the consumer key " + key + " already exists");
    }
    String secret = newSecret();
    try {
      repository.insert(key, secret, label, clock.instant());
    } catch (DataAccessException e) {
      if (e.isUniqueViolation()) {
        // created by someone else between the check and the insert
        throw new IllegalArgumentException("the consumer key " + key + " already exists", e);
      }
      throw e;
    }
    return new NewConsumer(key, label, secret);
  }

  /** Every consumer without its secret, for the administrator list. */
  public List<ConsumerEntry> list() {
    return repository.list();
  }

  Optional<Consumer> find(String key) {
    return repository.find(key);
  }

  private static String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
