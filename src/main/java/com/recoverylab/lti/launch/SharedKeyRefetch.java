package com.recoverylab.lti.launch;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One platform's keys by kid. A kid missing from the cached JWKS joins the one refetch that has not
 * started yet (or starts it): its first caller waits, outside every lock, until {@link
 * PacedKeyFetch} allows the next fetch, fetches once, and every caller that joined gets that
 * result. So a flood of made-up kids costs each request at most one interval plus the fetch that
 * was running when it came and its own, and the platform one fetch per interval. A refetch that has
 * started takes no one new: its keys may predate a launch that arrives now, which waits for the
 * next one instead.
 *
 * <p>At most {@code maxWaiting} requests wait for this platform's keys at once; one more is
 * answered at once with no key (the launch is refused as signed with an unknown key), so a flood
 * cannot hold the request threads that other platforms' launches need.
 */
final class SharedKeyRefetch implements JWKSource<SecurityContext> {
  private static final Logger log = LoggerFactory.getLogger("lti.launch");

  private final JWKSetSource<SecurityContext> cachedKeys;
  private final PacedKeyFetch fetch;
  private final int maxWaiting;
  private final String jwksUrl;

  private CompletableFuture<JWKSet> notStarted; // guarded by this
  private int waiting; // guarded by this
  private long nextRefetchNanos; // guarded by this

  /**
   * @param cachedKeys the cached JWKS, refetched from {@code fetch} when forced
   * @param fetch the paced fetch under {@code cachedKeys}, asked when the next fetch may start
   */
  SharedKeyRefetch(
      JWKSetSource<SecurityContext> cachedKeys,
      PacedKeyFetch fetch,
      int maxWaiting,
      String jwksUrl) {
    if (maxWaiting < 1) {
      throw new IllegalArgumentException("maxWaiting must be at least 1: " + maxWaiting);
    }
    this.cachedKeys = cachedKeys;
    this.fetch = fetch;
    this.maxWaiting = maxWaiting;
    this.jwksUrl = jwksUrl;
    this.nextRefetchNanos = System.nanoTime();
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    JWKSet cached =
        cachedKeys.getJWKSet(
            JWKSetCacheRefreshEvaluator.noRefresh(), System.currentTimeMillis(), context);
    List<JWK> found = selector.select(cached);
    if (!found.isEmpty()) {
      return found;
    }
    JWKSet refetched = refetched(context);
    return refetched == null ? List.of() : selector.select(refetched);
  }

  /** Requests waiting for this platform's next key fetch now. */
  synchronized int waiting() {
    return waiting;
  }

  /** The JWKS as fetched after this call, or null when too many requests wait already. */
  private JWKSet refetched(SecurityContext context) throws KeySourceException {
    CompletableFuture<JWKSet> refetch = null;
    boolean leads = false;
    synchronized (this) {
      if (waiting < maxWaiting) {
        waiting++;
        leads = notStarted == null;
        if (leads) {
          notStarted = new CompletableFuture<>();
        }
        refetch = notStarted;
      }
    }
    if (refetch == null) {
      log.warn(
          "event=key_refetch_full jwks={} max_waiting={} detail=\"as many requests as allowed"
              + " already wait for this platform's next key fetch: this kid is answered as"
              + " unknown at once\"",
          jwksUrl,
          maxWaiting);
      return null;
    }
    try {
      if (leads) {
        fetchFor(refetch, context);
      }
      return refetch.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeySourceException("interrupted while waiting for the platform's keys", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof KeySourceException keys) {
        throw keys;
      }
      throw new KeySourceException("fetching the platform's keys failed: " + e.getCause(), e);
    } finally {
      synchronized (this) {
        waiting--;
      }
    }
  }

  private void fetchFor(CompletableFuture<JWKSet> refetch, SecurityContext context) {
    try {
      long waitMillis;
      while ((waitMillis = startWhenDue(refetch)) > 0) {
        Thread.sleep(waitMillis);
      }
      refetch.complete(
          cachedKeys.getJWKSet(
              JWKSetCacheRefreshEvaluator.forceRefresh(), System.currentTimeMillis(), context));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopJoining(refetch);
      refetch.completeExceptionally(
          new KeySourceException("interrupted while waiting to refetch the platform's keys", e));
    } catch (Throwable e) { // whatever went wrong, the requests that joined must not wait forever
      stopJoining(refetch);
      refetch.completeExceptionally(e);
    }
  }

  /**
   * 0 when {@code refetch} may fetch now, and then no one joins it any more: its keys may predate a
   * launch that arrives from now on. Otherwise the milliseconds to wait. Both the paced fetch and
   * the last refetch started here count, so a refetch still on its way to the fetch does not let
   * the next one start too.
   */
  private synchronized long startWhenDue(CompletableFuture<JWKSet> refetch) {
    long waitMillis =
        Math.max(PacedKeyFetch.millisUntil(nextRefetchNanos), fetch.millisUntilNextFetch());
    if (waitMillis == 0) {
      stopJoining(refetch);
      nextRefetchNanos = System.nanoTime() + fetch.minIntervalNanos();
    }
    return waitMillis;
  }

  /** From now on an unknown kid starts the next refetch instead of joining this one. */
  private synchronized void stopJoining(CompletableFuture<JWKSet> refetch) {
    if (notStarted == refetch) {
      notStarted = null;
    }
  }
}
