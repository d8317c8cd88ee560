package com.recoverylab.lti.launch;

import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.net.MalformedURLException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The platforms' public keys, one cached remote JWKS source per JWKS URL on this node. A cache miss
 * on a kid (the platform rotated its key) refetches; fetches of one JWKS are paced to one per
 * {@link #MIN_FETCH_INTERVAL_MILLIS} (a refetch asked for sooner waits), so made-up kids cannot
 * hammer the platform nor use up a budget that a real rotation then lacks; a platform outage is
 * bridged by the last keys fetched.
 */
public final class PlatformKeys {
  private static final long CACHE_MILLIS = 15 * 60_000L;
  private static final long REFRESH_TIMEOUT_MILLIS = 15_000L;
  static final long MIN_FETCH_INTERVAL_MILLIS = 3_000L;
  private static final long OUTAGE_TOLERANCE_MILLIS = 6 * 60 * 60_000L;

  private final Map<String, JWKSource<SecurityContext>> sources = new ConcurrentHashMap<>();
  private final Function<String, JWKSource<SecurityContext>> factory;

  public PlatformKeys() {
    this(PlatformKeys::remote);
  }

  /** With another way to turn a JWKS URL into keys (tests use fixed key sets). */
  PlatformKeys(Function<String, JWKSource<SecurityContext>> factory) {
    this.factory = factory;
  }

  JWKSource<SecurityContext> forUrl(String jwksUrl) {
    return sources.computeIfAbsent(jwksUrl, factory);
  }

  private static JWKSource<SecurityContext> remote(String jwksUrl) {
    try {
      JWKSetSource<SecurityContext> fetch =
          new URLBasedJWKSetSource<>(
              URI.create(jwksUrl).toURL(),
              new DefaultResourceRetriever(
                  JWKSourceBuilder.DEFAULT_HTTP_CONNECT_TIMEOUT,
                  JWKSourceBuilder.DEFAULT_HTTP_READ_TIMEOUT,
                  JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT));
      return JWKSourceBuilder.create(new PacedKeyFetch(fetch, MIN_FETCH_INTERVAL_MILLIS))
          .cache(CACHE_MILLIS, REFRESH_TIMEOUT_MILLIS)
          .rateLimited(false)
          .retrying(true)
          .outageTolerant(OUTAGE_TOLERANCE_MILLIS)
          .build();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a JWKS URL: " + jwksUrl, e);
    }
  }
}
