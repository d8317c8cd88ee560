package com.recoverylab.lti.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.recoverylab.lti.keys.RsaProvider;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.web.HttpError;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Unknown kids against one platform's paced JWKS with real threads, short intervals and a stub
 * platform that counts its fetches and can hold one back: requests that need a refetch share one
 * wait and one fetch, wait at most about one interval, only a bounded number of them wait, and a
 * rotated key gets in during a flood.
 */
@Timeout(30)
class SharedKeyRefetchTest {
  // long enough that 20 threads started together all ask within one interval on a loaded machine
  private static final long TOGETHER_INTERVAL_MILLIS = 1_000;
  // short enough for several intervals of flood in a second or two
  private static final long FLOOD_INTERVAL_MILLIS = 300;
  private static final int MAX_WAITING = 8;
  private static RSAKey published;
  private static RSAKey rotated;

  private final StubPlatform platform = new StubPlatform();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @BeforeAll
  static void keys() throws JOSEException {
    published = new RSAKeyGenerator(2048).keyID("published").generate();
    rotated = new RSAKeyGenerator(2048).keyID("rotated").generate();
  }

  @AfterEach
  void stop() {
    platform.open();
    threads.shutdownNow();
  }

  @Test
  void unknown_kids_arriving_together_share_one_wait_and_the_rest_are_refused_at_once()
      throws Exception {
    SharedKeyRefetch keys = keys(TOGETHER_INTERVAL_MILLIS);
    assertEquals(1, lookup(keys, "published").size());
    int fetchesBefore = platform.fetches.get();
    platform.hold(); // no refetch completes until every request has waited or been refused

    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger refused = new AtomicInteger();
    AtomicBoolean held = new AtomicBoolean(true);
    List<Future<Long>> requests = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String kid = "made-up-" + i;
      requests.add(
          threads.submit(
              () -> {
                go.await();
                long start = System.nanoTime();
                assertTrue(lookup(keys, kid).isEmpty(), kid);
                if (held.get()) {
                  refused.incrementAndGet();
                }
                return (System.nanoTime() - start) / 1_000_000;
              }));
    }
    long start = System.nanoTime();
    go.countDown();
    while (refused.get() < 20 - MAX_WAITING || keys.waiting() < MAX_WAITING) {
      Thread.sleep(5);
    }
    assertEquals(20 - MAX_WAITING, refused.get(), "answered without waiting for the fetch");
    held.set(false);
    platform.open();
    long longest = 0;
    for (Future<Long> request : requests) {
      longest = Math.max(longest, request.get());
    }
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertEquals(0, keys.waiting());
    int refetches = platform.fetches.get() - fetchesBefore;
    // one fetch for all 8; a second only when one of them arrived after that fetch had started
    assertTrue(refetches >= 1 && refetches <= 2, refetches + " refetches");
    assertTrue(
        refetches <= elapsedMillis / TOGETHER_INTERVAL_MILLIS + 1,
        refetches + " refetches in " + elapsedMillis + " ms");
    // each waiting its own interval in turn would take 8 intervals
    assertTrue(
        longest < 3 * TOGETHER_INTERVAL_MILLIS, "the longest request waited " + longest + " ms");
  }

  @Test
  void a_steady_flood_holds_each_request_for_at_most_one_refetch_and_a_rotated_key_gets_in()
      throws Exception {
    SharedKeyRefetch keys = keys(FLOOD_INTERVAL_MILLIS);
    assertEquals(1, lookup(keys, "published").size());
    int fetchesBefore = platform.fetches.get();
    long start = System.nanoTime();
    long end = start + 6 * FLOOD_INTERVAL_MILLIS * 1_000_000;
    AtomicInteger mostFetchesSeen = new AtomicInteger();
    AtomicInteger lookups = new AtomicInteger();
    List<Future<?>> flood = new ArrayList<>();
    // one fewer than may wait, so the rotated key's launch finds a place (see the next test)
    for (int i = 0; i < MAX_WAITING - 1; i++) {
      String prefix = "flood-" + i + "-";
      flood.add(
          threads.submit(
              () -> {
                for (int n = 0; System.nanoTime() < end; n++) {
                  int fetchesAtStart = platform.fetches.get();
                  assertTrue(lookup(keys, prefix + n).isEmpty());
                  mostFetchesSeen.accumulateAndGet(
                      platform.fetches.get() - fetchesAtStart, Math::max);
                  lookups.incrementAndGet();
                }
                return null;
              }));
    }
    Thread.sleep(3 * FLOOD_INTERVAL_MILLIS);
    platform.publish(rotated);
    int fetchesAtRotation = platform.fetches.get();
    long rotationStart = System.nanoTime();
    List<JWK> found = lookup(keys, "rotated");
    long rotationMillis = (System.nanoTime() - rotationStart) / 1_000_000;
    int rotationFetches = platform.fetches.get() - fetchesAtRotation;
    for (Future<?> request : flood) {
      request.get();
    }
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertEquals(1, found.size(), "the rotated key was not found");
    assertTrue(rotationFetches <= 2, "the rotated key waited for " + rotationFetches + " fetches");
    assertTrue(
        rotationMillis < 4 * FLOOD_INTERVAL_MILLIS, "rotated key found after " + rotationMillis);
    // a request that arrives while a fetch runs waits for that one and the next, never more
    assertTrue(mostFetchesSeen.get() <= 2, "a request waited for " + mostFetchesSeen + " fetches");
    int refetches = platform.fetches.get() - fetchesBefore;
    assertTrue(
        refetches <= elapsedMillis / FLOOD_INTERVAL_MILLIS + 1,
        refetches + " fetches in " + elapsedMillis + " ms");
    assertTrue(lookups.get() > refetches, lookups + " lookups, " + refetches + " fetches");
  }

  @Test
  void a_launch_beyond_the_waiting_bound_is_refused_as_an_unknown_key_at_once() throws Exception {
    PlatformKeys platformKeys =
        new PlatformKeys(url -> PlatformKeys.paced(platform, FLOOD_INTERVAL_MILLIS, 1, url));
    SharedKeyRefetch keys = (SharedKeyRefetch) platformKeys.forUrl("https://lms.example/jwks");
    assertEquals(1, lookup(keys, "published").size());
    platform.hold();
    Future<List<JWK>> waiting = threads.submit(() -> lookup(keys, "made-up"));
    while (keys.waiting() < 1) {
      Thread.sleep(5);
    }
    platform.publish(rotated);
    IdTokenValidator validator =
        new IdTokenValidator(
            platformKeys,
            (platformId, deployment) -> true,
            URI.create("https://tool.example"),
            new RsaProvider(),
            Clock.systemUTC());
    Platform lms = lms();

    HttpError error =
        assertThrows(HttpError.class, () -> validator.validate(signed(rotated), lms, "nonce"));

    assertEquals(401, error.status());
    assertEquals("lti.launch.unknownKey", error.messageKey());
    assertFalse(waiting.isDone(), "answered before the one waiting got its fetch");
    platform.open();
    assertTrue(waiting.get().isEmpty());
    // the fetch the waiting request caused has the rotated key: the next launch needs no wait
    int fetches = platform.fetches.get();
    assertEquals(1, lookup(keys, "rotated").size());
    assertEquals(fetches, platform.fetches.get());
  }

  @Test
  void
      a_platform_down_during_a_refetch_answers_the_waiting_launches_from_its_last_keys_and_a_rotated_key_gets_in_once_it_is_back()
          throws Exception {
    SharedKeyRefetch keys = keys(FLOOD_INTERVAL_MILLIS);
    assertEquals(1, lookup(keys, "published").size());
    platform.down(true);
    platform.publish(rotated);

    List<Future<List<JWK>>> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiting.add(threads.submit(() -> lookup(keys, "rotated")));
    }
    for (Future<List<JWK>> launch : waiting) {
      // no fetch gets through: each waiting launch is answered (the validator's 502 "keys
      // unavailable") instead of hanging
      ExecutionException failed =
          assertThrows(
              ExecutionException.class,
              () -> launch.get(10 * FLOOD_INTERVAL_MILLIS, TimeUnit.MILLISECONDS));
      assertInstanceOf(KeySourceException.class, failed.getCause());
    }
    assertEquals(1, lookup(keys, "published").size(), "the last keys still serve known kids");

    platform.down(false);
    Thread.sleep(2 * FLOOD_INTERVAL_MILLIS);
    assertEquals(1, lookup(keys, "rotated").size(), "back up: the rotated key is fetched");
  }

  @Test
  void a_platform_whose_keys_were_never_fetched_and_that_is_down_is_a_502_that_names_its_keys()
      throws Exception {
    platform.down(true);
    IdTokenValidator validator =
        new IdTokenValidator(
            new PlatformKeys(
                url -> PlatformKeys.paced(platform, FLOOD_INTERVAL_MILLIS, MAX_WAITING, url)),
            (platformId, deployment) -> true,
            URI.create("https://tool.example"),
            new RsaProvider(),
            Clock.systemUTC());

    HttpError error =
        assertThrows(HttpError.class, () -> validator.validate(signed(published), lms(), "nonce"));

    assertEquals(502, error.status());
    assertEquals("lti.launch.keysUnavailable", error.messageKey());
  }

  private static Platform lms() {
    return new Platform(
        7,
        "https://lms.example",
        "client",
        "LMS",
        "https://lms.example/auth",
        "https://lms.example/token",
        "https://lms.example/jwks");
  }

  private SharedKeyRefetch keys(long intervalMillis) {
    return (SharedKeyRefetch)
        PlatformKeys.paced(platform, intervalMillis, MAX_WAITING, "https://lms.example/jwks");
  }

  private static List<JWK> lookup(JWKSource<SecurityContext> keys, String kid) throws Exception {
    return keys.get(new JWKSelector(new JWKMatcher.Builder().keyID(kid).build()), null);
  }

  private static String signed(RSAKey key) throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
            new JWTClaimsSet.Builder().issuer("https://lms.example").build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  /** A platform's JWKS endpoint: counts fetches as they start and can hold them until opened. */
  private static final class StubPlatform implements JWKSetSource<SecurityContext> {
    final AtomicInteger fetches = new AtomicInteger();
    private volatile JWKSet keys = new JWKSet(published.toPublicJWK());
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile boolean down;

    void down(boolean unreachable) {
      down = unreachable;
    }

    void publish(RSAKey key) {
      keys = new JWKSet(key.toPublicJWK());
    }

    void hold() {
      gate = new CountDownLatch(1);
    }

    void open() {
      gate.countDown();
    }

    @Override
    public JWKSet getJWKSet(
        JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
        throws JWKSetUnavailableException {
      fetches.incrementAndGet();
      if (down) {
        // what the URL source throws when the platform cannot be reached
        throw new JWKSetUnavailableException(
            "connection refused (the stub platform is down)", new java.net.ConnectException());
      }
      try {
        if (!gate.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never opened the stub platform");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return keys;
    }

    @Override
    public void close() {}
  }
}
