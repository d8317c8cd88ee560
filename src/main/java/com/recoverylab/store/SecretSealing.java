package com.recoverylab.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets the tool keeps in the database (its private keys, LTI 1.1 shared secrets) with
 * AES-256-GCM from the JDK, under KEY_ENCRYPTION_KEY. A sealed value reads {@code aesgcm:<key
 * id>:<base64 of nonce, ciphertext and tag>}; the key id (the start of the key's SHA-256) says
 * which key sealed it, so a value sealed with KEY_ENCRYPTION_KEY_PREVIOUS still opens during a
 * rotation. Each value is bound to its row ({@code context}), so a sealed value copied into another
 * row does not open. Without a key, values stay as they are.
 */
public final class SecretSealing {
  private static final String PREFIX = "aesgcm:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final ThreadLocal<SecureRandom> RANDOM =
      ThreadLocal.withInitial(SecureRandom::new);

  private final Optional<Key> current;
  private final Optional<Key> previous;

  private record Key(String id, SecretKeySpec spec) {
    static Key of(byte[] bytes) {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
        return new Key(
            HexFormat.of().formatHex(digest, 0, 4), new SecretKeySpec(bytes.clone(), "AES"));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("SHA-256 missing from the JDK", e);
      }
    }
  }

  /**
   * @param current KEY_ENCRYPTION_KEY (32 bytes) or empty; @param previous the key it replaces, or
   *     empty
   */
  public SecretSealing(Optional<byte[]> current, Optional<byte[]> previous) {
    this.current = current.map(Key::of);
    this.previous = previous.map(Key::of);
  }

  /** Stores values as they are (no KEY_ENCRYPTION_KEY). */
  public static SecretSealing none() {
    return new SecretSealing(Optional.empty(), Optional.empty());
  }

  public boolean encrypts() {
    return current.isPresent();
  }

  /** The value to store: sealed under the current key, or the value itself without one. */
  public String seal(String plain, String context) {
    if (current.isEmpty()) {
      return plain;
    }
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.get().nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, current.get().spec(), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return PREFIX + current.get().id() + ":" + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    }
  }

  /** The stored value in clear; a plain (never sealed) value comes back as it is. */
  public String open(String stored, String context) {
    if (!stored.startsWith(PREFIX)) {
      return stored;
    }
    int colon = stored.indexOf(':', PREFIX.length());
    String keyId = colon < 0 ? "" : stored.substring(PREFIX.length(), colon);
    Key key =
        current
            .filter(k -> k.id().equals(keyId))
            .or(() -> previous.filter(k -> k.id().equals(keyId)))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "a stored secret ("
                            + context
                            + ") is encrypted with key "
                            + keyId
                            + ", which is neither KEY_ENCRYPTION_KEY nor KEY_ENCRYPTION_KEY_PREVIOUS"));
    try {
      byte[] in = Base64.getDecoder().decode(stored.substring(colon + 1));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return new String(
          cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "a stored secret ("
              + context
              + ") does not decrypt: altered, or moved from"
              + " another row",
          e);
    }
  }

  /**
   * True when the stored value is not sealed under the current key (plain, or the previous key).
   */
  public boolean needsResealing(String stored) {
    return current.isPresent() && !stored.startsWith(PREFIX + current.get().id() + ":");
  }
}
