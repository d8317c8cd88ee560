package com.recoverylab.sandbox;

import com.nimbusds.jwt.JWTClaimsSet;
import com.recoverylab.lti.LtiClaims;
import com.recoverylab.web.Messages;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /sandbox/token}: the OAuth 2.0 token endpoint. The tool authenticates with a JWT client
 * assertion signed by its key (Security Framework 4.1, RFC 7523) and receives an opaque access
 * token for the scopes it may have.
 */
final class TokenServlet extends ServiceServlet {
  private static final long serialVersionUID = 1L;
  static final long TOKEN_SECONDS = 3600;
  static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  static final List<String> OFFERED_SCOPES =
      List.of(
          LtiClaims.SCOPE_LINEITEM,
          LtiClaims.SCOPE_LINEITEM_READONLY,
          LtiClaims.SCOPE_RESULT_READONLY,
          LtiClaims.SCOPE_SCORE,
          LtiClaims.SCOPE_MEMBERSHIPS);
  private final transient ToolJwtVerifier verifier;
  private final transient TokenRepository tokens;
  private final transient SandboxUrls urls;
  private final transient Clock clock;

  TokenServlet(
      Messages messages,
      ToolJwtVerifier verifier,
      TokenRepository tokens,
      SandboxUrls urls,
      Clock clock) {
    super(messages);
    this.verifier = verifier;
    this.tokens = tokens;
    this.urls = urls;
    this.clock = clock;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    // RFC 6749 4.4.2: parameters come form-encoded in the body, nothing else
    String contentType = request.getContentType();
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      throw ServiceError.badRequest("sandbox.token.formOnly", String.valueOf(contentType));
    }
    if (!"client_credentials".equals(request.getParameter("grant_type"))) {
      throw new ServiceError(
          400,
          "unsupported_grant_type",
          "sandbox.token.grantType",
          String.valueOf(request.getParameter("grant_type")));
    }
    if (!ASSERTION_TYPE.equals(request.getParameter("client_assertion_type"))) {
      throw ServiceError.badRequest("sandbox.token.assertionType", ASSERTION_TYPE);
    }
    String assertion = request.getParameter("client_assertion");
    if (assertion == null || assertion.isBlank()) {
      throw ServiceError.badRequest("sandbox.token.noAssertion");
    }
    JWTClaimsSet claims;
    try {
      claims = verifier.verify(assertion);
    } catch (RejectedJwt e) {
      throw new ServiceError(401, "invalid_client", e.messageKey(), e.args());
    }
    Instant now = clock.instant();
    checkAssertion(claims, now);

    Set<String> granted = new LinkedHashSet<>();
    String requested = request.getParameter("scope");
    for (String scope : (requested == null ? "" : requested.trim()).split("\\s+")) {
      if (OFFERED_SCOPES.contains(scope)) {
        granted.add(scope);
      }
    }
    if (granted.isEmpty()) {
      throw new ServiceError(
          400, "invalid_scope", "sandbox.token.noScope", String.valueOf(requested));
    }
    String token = Launches.random(32);
    String scopes = String.join(" ", granted);
    tokens.deleteExpiredBefore(now);
    tokens.insert(ServiceAccess.hash(token), scopes, now, now.plusSeconds(TOKEN_SECONDS));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", token);
    body.put("token_type", "Bearer");
    body.put("expires_in", TOKEN_SECONDS);
    body.put("scope", scopes);
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Pragma", "no-cache");
    writeJson(response, 200, "application/json", body);
  }

  // Security Framework 4.1.1 / RFC 7523 3: the claims a client assertion must carry
  private void checkAssertion(JWTClaimsSet claims, Instant now) {
    if (!SandboxUrls.CLIENT_ID.equals(claims.getIssuer())
        || !SandboxUrls.CLIENT_ID.equals(claims.getSubject())) {
      throw new ServiceError(
          401,
          "invalid_client",
          "sandbox.token.issuer",
          String.valueOf(claims.getIssuer()),
          String.valueOf(claims.getSubject()),
          SandboxUrls.CLIENT_ID);
    }
    if (claims.getAudience() == null || !claims.getAudience().contains(urls.token())) {
      throw new ServiceError(
          401,
          "invalid_client",
          "sandbox.token.audience",
          String.valueOf(claims.getAudience()),
          urls.token());
    }
    if (claims.getExpirationTime() == null
        || !claims.getExpirationTime().toInstant().isAfter(now)) {
      throw new ServiceError(401, "invalid_client", "sandbox.token.expired");
    }
    // Moodle refuses assertions dated in the future; a few seconds cover clocks a little apart
    if (claims.getIssueTime() == null
        || claims
            .getIssueTime()
            .toInstant()
            .isAfter(now.plusSeconds(DeepLinkReturnServlet.CLOCK_SKEW_SECONDS))) {
      throw new ServiceError(401, "invalid_client", "sandbox.token.issuedInFuture");
    }
    String jti = claims.getJWTID();
    if (jti == null || jti.isBlank()) {
      throw new ServiceError(401, "invalid_client", "sandbox.token.noJti");
    }
    if (jti.length() > 255
        || !tokens.rememberAssertionId(jti, claims.getExpirationTime().toInstant())) {
      throw new ServiceError(401, "invalid_client", "sandbox.token.jtiReused");
    }
  }
}
