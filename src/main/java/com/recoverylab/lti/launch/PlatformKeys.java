package com.recoverylab.lti.launch;

import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
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
 * {@link #MIN_FETCH_INTERVAL_MILLIS} (a refetch asked for sooner waits, and all requests that wait
 * share one wait and one fetch, see {@link SharedKeyRefetch}), so made-up kids cannot hammer the
 * platform nor use up a budget that a real rotation then lacks, and hold at most {@link
 * #MAX_WAITING_FOR_KEYS} request threads per JWKS; a platform outage is bridged by the last keys
 * fetched.
 */
public final class PlatformKeys {
  private static final long CACHE_MILLIS = 15 * 60_000L;
  private static final long REFRESH_TIMEOUT_MILLIS = 15_000L;
  static final long MIN_FETCH_INTERVAL_MILLIS = 3_000L;

  /**
   * Requests that may wait at once for one JWKS's next fetch, of {@code App.MAX_REQUEST_THREADS} =
   * 64, so a flood of made-up kids against one platform leaves the other 56 to everyone else. The
   * price: while 8 wait, a launch signed with a key rotated moments ago is refused as an unknown
   * key too, for at most one interval, until the fetch those 8 wait for has put the new key in the
   * cache; a relaunch then goes through without waiting.
   */
  static final int MAX_WAITING_FOR_KEYS = 8;

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
      return paced(
          new URLBasedJWKSetSource<>(
              URI.create(jwksUrl).toURL(),
              new DefaultResourceRetriever(
                  JWKSourceBuilder.DEFAULT_HTTP_CONNECT_TIMEOUT,
                  JWKSourceBuilder.DEFAULT_HTTP_READ_TIMEOUT,
                  JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT)),
          MIN_FETCH_INTERVAL_MILLIS,
          MAX_WAITING_FOR_KEYS,
          jwksUrl);
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a JWKS URL: " + jwksUrl, e);
    }
  }

  /**
   * The keys {@code platform} serves, cached, with fetches paced and shared as this class says
   * (tests pass a stub platform and a short interval).
   */
  static JWKSource<SecurityContext> paced(
      JWKSetSource<SecurityContext> platform,
      long minFetchIntervalMillis,
      int maxWaitingForKeys,
      String jwksUrl) {
    PacedKeyFetch fetch = new PacedKeyFetch(platform, minFetchIntervalMillis);
    JWKSource<SecurityContext> cached =
        JWKSourceBuilder.create(fetch)
            .cache(CACHE_MILLIS, REFRESH_TIMEOUT_MILLIS)
            .rateLimited(false)
            .retrying(true)
            .outageTolerant(OUTAGE_TOLERANCE_MILLIS)
            .build();
    if (!(cached instanceof JWKSetBasedJWKSource<SecurityContext> keys)) {
      throw new IllegalStateException(
          "JWKSourceBuilder built a " + cached.getClass().getName() + " for " + jwksUrl);
    }
    return new SharedKeyRefetch(keys.getJWKSetSource(), fetch, maxWaitingForKeys, jwksUrl);
  }
}
