package com.recoverylab.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * What the tool stores in place of a secret it hands out (login binding secrets, browser ids,
 * launch tickets, registration invitations): its SHA-256, so a database copy gives none of them
 * away, compared in constant time.
 */
public final class SecretDigest {
  private SecretDigest() {}

  /** The URL-safe base64 SHA-256 of the secret. */
  public static String hash(String secret) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /** Whether the presented secret hashes to the stored value; a missing secret never matches. */
  public static boolean matches(String secret, String storedHash) {
    return secret != null
        && storedHash != null
        && MessageDigest.isEqual(
            hash(secret).getBytes(StandardCharsets.US_ASCII),
            storedHash.getBytes(StandardCharsets.US_ASCII));
  }
}
