package com.recoverylab.sandbox;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/** Checks the bearer token on service calls and the scopes it was granted. */
final class ServiceAccess {
  private final TokenRepository tokens;
  private final Clock clock;

  ServiceAccess(TokenRepository tokens, Clock clock) {
    this.tokens = tokens;
    this.clock = clock;
  }

  /**
   * The scopes of the request's token, which must hold at least one of {@code anyOf}: 401 for a
   * missing, unknown or expired token, 403 for one without a fitting scope.
   */
  Set<String> require(HttpServletRequest request, String... anyOf) {
    String header = request.getHeader("Authorization");
    if (header == null
        || !header.regionMatches(true, 0, "Bearer ", 0, 7)
        || header.substring(7).isBlank()) {
      throw new ServiceError(401, "invalid_token", "sandbox.service.noToken");
    }
    TokenRepository.IssuedToken token =
        tokens
            .find(hash(header.substring(7).trim()))
            .orElseThrow(
                () -> new ServiceError(401, "invalid_token", "sandbox.service.unknownToken"));
    if (!token.expiresAt().isAfter(clock.instant())) {
      throw new ServiceError(401, "invalid_token", "sandbox.service.expiredToken");
    }
    Set<String> granted = Set.copyOf(Arrays.asList(token.scopes().split(" ")));
    if (List.of(anyOf).stream().noneMatch(granted::contains)) {
      throw new ServiceError(
          403, "insufficient_scope", "sandbox.service.scope", String.join(" ", anyOf));
    }
    return granted;
  }

  /** Tokens are stored only as their SHA-256, so a database dump does not hand them out. */
  static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
