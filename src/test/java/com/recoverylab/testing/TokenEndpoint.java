package com.recoverylab.testing;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The platform's OAuth 2 token endpoint ({@code /mod/lti/token.php}): client credentials with a JWT
 * assertion signed by the tool (Security Framework 4.1), checked against the tool's published keys;
 * opaque bearer tokens for the granted scopes. Answers can be scripted ahead.
 */
public final class TokenEndpoint {
  private static final String ASSERTION_TYPE =
      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private final String url;
  private final Supplier<String> clientId;
  private volatile Supplier<JWKSet> toolKeys =
      () -> {
        throw new IllegalStateException(
            "the platform does not know the tool's keys yet (registerWith or trustToolKeys)");
      };

  /** Like real platforms, the JWKS is kept and read again only for a kid it does not hold. */
  private volatile JWKSet cachedKeys;

  private volatile long lifetimeSeconds = 3600;
  private volatile Set<String> refusedScopes = Set.of();
  private final ConcurrentLinkedDeque<Answer> script = new ConcurrentLinkedDeque<>();
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final List<JWTClaimsSet> assertions = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> seenJti = ConcurrentHashMap.newKeySet();
  private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());

  TokenEndpoint(String url, Supplier<String> clientId) {
    this.url = url;
    this.clientId = clientId;
  }

  public String url() {
    return url;
  }

  /** The tool's published keys, read from its JWKS URL when a kid is new. */
  public TokenEndpoint trustJwksAt(URI jwksUrl) {
    return trustKeys(
        () -> {
          try {
            return JWKSet.load(jwksUrl.toURL());
          } catch (IOException | java.text.ParseException e) {
            throw new IllegalStateException("cannot read the tool's JWKS at " + jwksUrl, e);
          }
        });
  }

  public TokenEndpoint trustKeys(Supplier<JWKSet> keys) {
    this.toolKeys = keys;
    this.cachedKeys = null;
    return this;
  }

  public void setTokenLifetimeSeconds(long seconds) {
    this.lifetimeSeconds = seconds;
  }

  public void refuseScopes(String... scopes) {
    this.refusedScopes = Set.of(scopes);
  }

  /** Makes every token issued so far invalid (revoked early). */
  public void revokeTokens() {
    tokens.clear();
  }

  /** Answers for the next token requests, in order; then requests are checked and granted. */
  public void enqueueToken(Answer... answers) {
    script.addAll(Arrays.asList(answers));
  }

  /** A valid token handed out directly, for tests of a service client alone. */
  public String grantDirectly() {
    String token = "tok-direct-" + requests.get() + "-" + tokens.size();
    tokens.put(token, Instant.now().plusSeconds(lifetimeSeconds));
    return token;
  }

  /** Every token request, in order. */
  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  public int tokenRequests() {
    return requests.get();
  }

  /** Why assertions were refused, in order. */
  public List<String> assertionProblems() {
    synchronized (problems) {
      return List.copyOf(problems);
    }
  }

  /** The claims of every assertion whose signature verified. */
  public List<JWTClaimsSet> assertions() {
    synchronized (assertions) {
      return List.copyOf(assertions);
    }
  }

  /** True when the request carries a token this endpoint issued and that has not run out. */
  boolean authorized(Received request) {
    String header = request.authorization();
    Instant until =
        header != null && header.startsWith("Bearer ") ? tokens.get(header.substring(7)) : null;
    return until != null && !Instant.now().isAfter(until);
  }

  void handle(HttpExchange exchange, Received request) throws IOException {
    requests.incrementAndGet();
    received.add(request);
    Answer scripted = script.poll();
    if (scripted != null && scripted.scripted()) {
      Exchanges.send(exchange, scripted);
      return;
    }
    Map<String, String> form = request.form();
    String problem = checkAssertion(form);
    if (problem != null) {
      problems.add(problem);
      Exchanges.send(
          exchange,
          401,
          "{\"error\":\"invalid_client\",\"error_description\":\"" + problem + "\"}",
          Map.of());
      return;
    }
    List<String> asked = Arrays.asList(form.getOrDefault("scope", "").split(" "));
    for (String scope : asked) {
      if (refusedScopes.contains(scope)) {
        Exchanges.send(
            exchange,
            400,
            "{\"error\":\"invalid_scope\",\"error_description\":\"scope not granted: "
                + scope
                + "\"}",
            Map.of());
        return;
      }
    }
    String token = "tok-" + requests.get();
    tokens.put(token, Instant.now().plusSeconds(lifetimeSeconds));
    Exchanges.send(
        exchange,
        200,
        "{\"access_token\":\""
            + token
            + "\",\"token_type\":\"Bearer\",\"expires_in\":"
            + lifetimeSeconds
            + ",\"scope\":\""
            + String.join(" ", asked)
            + "\"}",
        Map.of());
  }

  /** Security Framework 4.1: the client assertion, verified with the tool's published keys. */
  private String checkAssertion(Map<String, String> form) {
    if (!"client_credentials".equals(form.get("grant_type"))) {
      return "grant_type must be client_credentials";
    }
    if (!ASSERTION_TYPE.equals(form.get("client_assertion_type"))) {
      return "wrong client_assertion_type";
    }
    try {
      SignedJWT jwt = SignedJWT.parse(form.get("client_assertion"));
      if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
        return "alg must be RS256";
      }
      String kid = jwt.getHeader().getKeyID();
      JWK key = cachedKeys == null ? null : cachedKeys.getKeyByKeyId(kid);
      if (key == null) {
        cachedKeys = toolKeys.get();
        key = cachedKeys.getKeyByKeyId(kid);
      }
      if (key == null) {
        return "unknown kid " + kid;
      }
      if (!jwt.verify(new RSASSAVerifier(key.toRSAKey()))) {
        return "bad signature";
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      assertions.add(claims);
      Instant now = Instant.now();
      String client = clientId.get();
      if (!client.equals(claims.getIssuer()) || !client.equals(claims.getSubject())) {
        return "iss and sub must be the client id";
      }
      if (!List.of(url).equals(claims.getAudience())) {
        return "aud must be the token endpoint";
      }
      // Moodle refuses assertions dated in the future
      if (claims.getIssueTime() == null || claims.getIssueTime().toInstant().isAfter(now)) {
        return "iat in the future";
      }
      if (claims.getExpirationTime() == null
          || !claims.getExpirationTime().toInstant().isAfter(now)) {
        return "expired";
      }
      if (Duration.between(
                  claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant())
              .compareTo(Duration.ofMinutes(5).plusSeconds(5))
          > 0) {
        return "lives too long";
      }
      if (claims.getJWTID() == null || !seenJti.add(claims.getJWTID())) {
        return "jti missing or reused";
      }
      return null;
    } catch (Exception e) {
      return "unreadable assertion: " + e;
    }
  }
}
