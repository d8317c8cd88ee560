package com.recoverylab.lti.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.recoverylab.lti.keys.ToolKeys;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.web.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Access tokens for a platform's services, got with the OAuth 2.0 client credentials grant and a
 * JWT client assertion signed by the tool's key (1EdTech Security Framework 1.0, 4.1). Tokens are
 * cached per node for each platform and scope set until shortly before they expire.
 */
public final class AccessTokens {
  static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  /** How long a client assertion lives; the platform uses it once, right away. */
  static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(2);

  /** Backdating iat absorbs small clock differences (Moodle refuses assertions from the future). */
  static final Duration ASSERTION_BACKDATE = Duration.ofSeconds(5);

  private static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);

  private final PlatformHttp http;
  private final ToolKeys keys;
  private final Clock clock;
  private final Map<Key, AccessToken> cache = new ConcurrentHashMap<>();
  private final Map<Key, Object> locks = new ConcurrentHashMap<>();

  public AccessTokens(PlatformHttp http, ToolKeys keys, Clock clock) {
    this.http = http;
    this.keys = keys;
    this.clock = clock;
  }

  /** A bearer token for the service calls of one platform. */
  public record AccessToken(String value, Set<String> scopes, Instant refreshAfter) {}

  private record Key(long platformId, String tokenEndpoint, String clientId, Set<String> scopes) {}

  /**
   * A token granting all the scopes, from the cache or fresh from the platform.
   *
   * @throws ServiceCallException.Refused when the platform refuses a scope or the tool
   * @throws ServiceCallException.Unavailable when the token endpoint cannot answer now
   */
  public AccessToken get(Platform platform, Set<String> scopes) {
    Key key = key(platform, scopes);
    AccessToken cached = cache.get(key);
    if (cached != null && clock.instant().isBefore(cached.refreshAfter())) {
      return cached;
    }
    // one request per platform and scope set, however many deliveries wait for it
    synchronized (locks.computeIfAbsent(key, k -> new Object())) {
      cached = cache.get(key);
      if (cached != null && clock.instant().isBefore(cached.refreshAfter())) {
        return cached;
      }
      AccessToken fresh = request(platform, key.scopes());
      cache.put(key, fresh);
      return fresh;
    }
  }

  /** Forgets the token (the platform answered 401 to it); the next {@link #get} asks again. */
  public void drop(Platform platform, Set<String> scopes, AccessToken token) {
    cache.remove(key(platform, scopes), token);
  }

  private static Key key(Platform platform, Set<String> scopes) {
    return new Key(
        platform.id(),
        platform.tokenEndpoint(),
        platform.clientId(),
        java.util.Collections.unmodifiableSet(new TreeSet<>(scopes)));
  }

  private AccessToken request(Platform platform, Set<String> scopes) {
    if (platform.tokenEndpoint() == null || platform.tokenEndpoint().isBlank()) {
      throw new ServiceCallException.Refused(
          "The platform registration "
              + platform.name()
              + " has no token endpoint, so the tool cannot call its services",
          0);
    }
    Instant now = clock.instant();
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("client_assertion_type", ASSERTION_TYPE);
    form.put("client_assertion", clientAssertion(platform, now));
    form.put("scope", String.join(" ", scopes));
    HttpRequest request =
        http.request(platform.tokenEndpoint())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(formBody(form)))
            .build();
    // a second token, should the first have been issued, is simply never used
    HttpResponse<String> response = http.send(request, PlatformHttp.Resend.SAFE_TO_REPEAT);
    int status = response.statusCode();
    if (status == 200) {
      return parse(response.body(), scopes, now);
    }
    String error = errorCode(response.body());
    String said =
        "HTTP "
            + status
            + (error == null ? "" : " " + error)
            + ": "
            + PlatformHttp.excerpt(response.body());
    if (status == 429 || status == 408 || status >= 500) {
      throw new ServiceCallException.Unavailable(
          "The platform's token endpoint is not answering now (" + said + ")",
          status,
          PlatformHttp.retryAfter(response, now),
          null);
    }
    if ("invalid_scope".equals(error) || status == 401 || status == 403) {
      throw new ServiceCallException.Refused(
          "The platform did not grant " + describe(scopes) + " (" + said + ")", status);
    }
    throw new ServiceCallException.Refused(
        "The platform's token endpoint refused the tool (" + said + ")", status);
  }

  /** Security Framework 4.1.1: iss and sub are the client id, aud the token endpoint. */
  private String clientAssertion(Platform platform, Instant now) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(platform.clientId())
            .subject(platform.clientId())
            .audience(platform.tokenEndpoint())
            .issueTime(Date.from(now.minus(ASSERTION_BACKDATE)))
            .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
            .jwtID(UUID.randomUUID().toString())
            .build();
    return keys.sign(claims);
  }

  private AccessToken parse(String body, Set<String> asked, Instant now) {
    JsonNode json;
    try {
      json = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new ServiceCallException.Unavailable(
          "The platform's token endpoint answered something that is not JSON: "
              + PlatformHttp.excerpt(body),
          200,
          null,
          e);
    }
    String token = json.path("access_token").asText("");
    if (token.isBlank()) {
      throw new ServiceCallException.Unavailable(
          "The platform's token endpoint answered without an access_token: "
              + PlatformHttp.excerpt(body),
          200,
          null,
          null);
    }
    // RFC 6749 5.1: scope is present when the grant differs from the request
    Set<String> granted =
        json.hasNonNull("scope")
            ? Arrays.stream(json.get("scope").asText().split("\\s+"))
                .filter(s -> !s.isBlank())
                .collect(Collectors.toCollection(TreeSet::new))
            : new TreeSet<>(asked);
    Set<String> missing = new TreeSet<>(asked);
    missing.removeAll(granted);
    if (!missing.isEmpty()) {
      throw new ServiceCallException.Refused(
          "The platform did not grant " + describe(missing), 200);
    }
    long lifetime = json.path("expires_in").asLong(3600);
    Duration life = Duration.ofSeconds(Math.max(1, lifetime));
    Duration margin =
        life.dividedBy(2).compareTo(REFRESH_MARGIN) < 0 ? life.dividedBy(2) : REFRESH_MARGIN;
    return new AccessToken(token, granted, now.plus(life).minus(margin));
  }

  private static String errorCode(String body) {
    try {
      JsonNode json = Json.MAPPER.readTree(body);
      return json != null && json.hasNonNull("error") ? json.get("error").asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** "the scope …/score", naming each scope by its last path segment and in full. */
  static String describe(Set<String> scopes) {
    String names =
        scopes.stream()
            .map(s -> s + " (" + s.substring(s.lastIndexOf('/') + 1) + ")")
            .collect(Collectors.joining(", "));
    return (scopes.size() == 1 ? "the scope " : "the scopes ") + names;
  }

  private static String formBody(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
