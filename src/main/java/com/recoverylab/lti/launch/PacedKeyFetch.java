package com.recoverylab.lti.launch;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;

/**
 * Fetches one platform's JWKS at most once per {@code minIntervalMillis}. A fetch asked for sooner
 * (an unknown kid right after another) waits for the interval instead of failing, so a flood of
 * made-up kids costs the platform one fetch per interval and uses up nothing: a real key rotation
 * right after it is picked up by the next fetch, at most one interval later.
 */
final class PacedKeyFetch implements JWKSetSource<SecurityContext> {
  private final JWKSetSource<SecurityContext> source;
  private final long minIntervalMillis;
  private long lastFetchNanos;
  private boolean fetched;

  PacedKeyFetch(JWKSetSource<SecurityContext> source, long minIntervalMillis) {
    this.source = source;
    this.minIntervalMillis = minIntervalMillis;
  }

  @Override
  public synchronized JWKSet getJWKSet(
      JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
      throws KeySourceException {
    if (fetched) {
      long waitMillis = minIntervalMillis - (System.nanoTime() - lastFetchNanos) / 1_000_000;
      if (waitMillis > 0) {
        try {
          // holding the lock: callers queue behind this one and find the keys it fetched in the
          // cache
          Thread.sleep(waitMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new KeySourceException(
              "interrupted while waiting to refetch the platform's keys", e);
        }
      }
    }
    fetched = true;
    lastFetchNanos = System.nanoTime();
    return source.getJWKSet(refreshEvaluator, currentTime, context);
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
