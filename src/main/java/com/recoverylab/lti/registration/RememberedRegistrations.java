package com.recoverylab.lti.registration;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * This node's memory of platform registrations and deployments, read through {@link
 * PlatformRepository} and kept for at most {@link #MAX_AGE}. One instance per node, shared by its
 * readers:
 *
 * <ul>
 *   <li>logins and launches ({@code lti.launch}): the platform by issuer and client id or by id,
 *       and whether a deployment id is registered. Every launch reads them twice (login and
 *       id_token), so reading them from the database each time was four of a launch's statements;
 *   <li>grade delivery over AGS ({@code lti.services}): the platform of each grade's link, for its
 *       token endpoint and client id. A backlog sends many grades to few platforms, and the read
 *       was one statement per grade.
 * </ul>
 *
 * <p>Registrations change only when a platform registers or an administrator edits one, so what
 * these readers accept as stale, and for how long: a change made through this node's {@link
 * PlatformRepository} (dynamic registration, the sandbox) is seen by the next read. A change made
 * elsewhere (another app node on the same PostgreSQL, the {@code RegisterPlatform} command, a row
 * edited or deleted by hand) reaches this node within {@link #MAX_AGE}: until then a launch may
 * still use the old endpoints or JWKS URL (the keys behind a JWKS URL are already cached for
 * minutes by {@code PlatformKeys}) or accept a deployment deleted moments ago, and a grade may
 * still ask the old token endpoint with the old client id. A grade put off for that (a second 401,
 * an endpoint that does not answer) is tried again with backoff, and every try more than {@link
 * #MAX_AGE} after the change reads the new row; access tokens are cached by token endpoint and
 * client id, so the new row also asks for a new token. Only rows found are remembered, never a
 * miss: a platform or deployment registered a moment ago, on any node, is found at once.
 */
public final class RememberedRegistrations {
  /** How long a row read here is used before it is read again. */
  public static final Duration MAX_AGE = Duration.ofSeconds(30);

  /**
   * Only registered rows are kept, so this bounds memory against nothing an outsider controls; a
   * tool with this many registrations reads them again rather than grow.
   */
  private static final int MAX_ENTRIES = 2_000;

  private final PlatformRepository repository;
  private final long maxAgeNanos;
  private final LongSupplier nanoTime;
  private final Map<Long, Remembered<Platform>> byId = new ConcurrentHashMap<>();
  private final Map<IssuerClient, Remembered<Platform>> byIssuerClient = new ConcurrentHashMap<>();
  private final Map<Deployment, Remembered<Boolean>> deployments = new ConcurrentHashMap<>();

  public RememberedRegistrations(PlatformRepository repository) {
    this(repository, MAX_AGE, System::nanoTime);
  }

  /** With another age limit and time source (tests). */
  RememberedRegistrations(PlatformRepository repository, Duration maxAge, LongSupplier nanoTime) {
    this.repository = repository;
    this.maxAgeNanos = maxAge.toNanos();
    this.nanoTime = nanoTime;
  }

  private record IssuerClient(String issuer, String clientId) {}

  private record Deployment(long platformId, String deploymentId) {}

  /** A row as read at {@code readAt}, when the repository had made {@code writes} writes. */
  private record Remembered<T>(T value, long readAt, long writes) {}

  /** The registration with this id (any LTI version), as {@link PlatformRepository#find(long)}. */
  public Optional<Platform> find(long id) {
    return Optional.ofNullable(remembered(byId, id, () -> repository.find(id).orElse(null)));
  }

  /** The LTI 1.3 registration of this client id at this issuer. */
  public Optional<Platform> find(String issuer, String clientId) {
    return Optional.ofNullable(
        remembered(
            byIssuerClient,
            new IssuerClient(issuer, clientId),
            () -> repository.find(issuer, clientId).orElse(null)));
  }

  /**
   * Whether {@code used} is still the stored registration, read anew (and remembered from now on).
   * For a caller whose platform refused it: a refusal earned with a row changed elsewhere in the
   * last {@link #MAX_AGE} (a new client id or token endpoint) is worth one more try with the row as
   * it is now, while a refusal with the current row stands.
   */
  public boolean isCurrent(Platform used) {
    byId.remove(used.id());
    return find(used.id()).map(used::equals).orElse(false);
  }

  /**
   * The LTI 1.3 registrations of an issuer, always read anew: a login without client_id (Moodle
   * sends it) must see a second registration of the issuer at once to ask for the client id.
   */
  public List<Platform> findByIssuer(String issuer) {
    return repository.findByIssuer(issuer);
  }

  /** Whether this deployment id is registered for the platform. */
  public boolean hasDeployment(long platformId, String deploymentId) {
    return remembered(
            deployments,
            new Deployment(platformId, deploymentId),
            () -> repository.hasDeployment(platformId, deploymentId) ? Boolean.TRUE : null)
        != null;
  }

  /** The remembered row while fresh, else {@code read}'s (null: there is none). */
  private <K, T> T remembered(Map<K, Remembered<T>> rows, K key, Supplier<T> read) {
    // the write count is taken before the read: a write that lands during the read makes the row
    // stale at once
    long writes = repository.writes();
    long now = nanoTime.getAsLong();
    Remembered<T> row = rows.get(key);
    if (row != null && row.writes() == writes && now - row.readAt() < maxAgeNanos) {
      return row.value();
    }
    T value = read.get();
    if (value == null) {
      rows.remove(key);
      return null;
    }
    if (rows.size() >= MAX_ENTRIES) {
      rows.clear();
    }
    rows.put(key, new Remembered<>(value, now, writes));
    return value;
  }
}
