package com.recoverylab.lti.launch;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;

/**
 * Fetches one platform's JWKS at most once per {@code minIntervalMillis}. A fetch asked for sooner
 * waits for the interval instead of failing, so a real key rotation right after other fetches is
 * picked up at most one interval later. Unknown kids do not wait here: {@link SharedKeyRefetch}
 * waits for {@link #millisUntilNextFetch()} outside every lock and sends one fetch for all of them;
 * the wait here holds the cache's lock and is the floor for every other fetch (cache expiry, a
 * retry after a failed fetch).
 */
final class PacedKeyFetch implements JWKSetSource<SecurityContext> {
  private final JWKSetSource<SecurityContext> source;
  private final long minIntervalNanos;
  // written before fetched, read after it: who sees fetched also sees the fetch's time
  private volatile long nextFetchNanos;
  private volatile boolean fetched;

  PacedKeyFetch(JWKSetSource<SecurityContext> source, long minIntervalMillis) {
    this.source = source;
    this.minIntervalNanos = minIntervalMillis * 1_000_000;
  }

  long minIntervalNanos() {
    return minIntervalNanos;
  }

  /** How long until a fetch may start, rounded up to whole milliseconds; 0 when it may now. */
  long millisUntilNextFetch() {
    if (!fetched) {
      return 0;
    }
    return millisUntil(nextFetchNanos);
  }

  /** Whole milliseconds from now until {@code nanoTime} (rounded up), 0 once it has passed. */
  static long millisUntil(long nanoTime) {
    long nanos = nanoTime - System.nanoTime();
    return nanos <= 0 ? 0 : (nanos + 999_999) / 1_000_000;
  }

  @Override
  public synchronized JWKSet getJWKSet(
      JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
      throws KeySourceException {
    long waitMillis;
    while ((waitMillis = millisUntilNextFetch()) > 0) {
      try {
        Thread.sleep(waitMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KeySourceException("interrupted while waiting to refetch the platform's keys", e);
      }
    }
    nextFetchNanos = System.nanoTime() + minIntervalNanos;
    fetched = true;
    return source.getJWKSet(refreshEvaluator, currentTime, context);
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
