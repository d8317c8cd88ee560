package com.recoverylab.lti.registration;

import com.recoverylab.store.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Platform registrations and their deployments (LTI 1.3 ones have lti_version '1.3'). */
public final class PlatformRepository {
  private final Jdbc jdbc;

  /**
   * Counts this repository's writes, each counted once its statement has run (a registration's
   * again after its commit), so {@link RememberedRegistrations} drops what it remembered from
   * before.
   */
  private final AtomicLong writes = new AtomicLong();

  public PlatformRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** How many writes this repository has made; a change means a registration may have changed. */
  long writes() {
    return writes.get();
  }

  public Optional<Platform> find(long id) {
    return jdbc.queryOne("SELECT * FROM platforms WHERE id = ?", PlatformRepository::map, id);
  }

  public Optional<Platform> find(String issuer, String clientId) {
    return jdbc.queryOne(
        "SELECT * FROM platforms WHERE issuer = ? AND client_id = ? AND lti_version = '1.3'",
        PlatformRepository::map,
        issuer,
        clientId);
  }

  public List<Platform> findByIssuer(String issuer) {
    return jdbc.query(
        "SELECT * FROM platforms WHERE issuer = ? AND lti_version = '1.3' ORDER BY id",
        PlatformRepository::map,
        issuer);
  }

  public List<Platform> all() {
    return jdbc.query(
        "SELECT * FROM platforms WHERE lti_version = '1.3' ORDER BY id", PlatformRepository::map);
  }

  /** Stores a new registration and returns it with its id. */
  public Platform insert(Platform platform, Instant now) {
    long id =
        jdbc.insert(
            "INSERT INTO platforms (issuer, client_id, name, lti_version, auth_endpoint, token_endpoint, jwks_url,"
                + " created_at) VALUES (?, ?, ?, '1.3', ?, ?, ?, ?)",
            platform.issuer(),
            platform.clientId(),
            platform.name(),
            platform.authEndpoint(),
            platform.tokenEndpoint(),
            platform.jwksUrl(),
            now);
    writes.incrementAndGet();
    return platform.withId(id);
  }

  /**
   * Stores the platform row of an LTI 1.1 consumer (lti_version '1.1', no OIDC endpoints) and
   * returns its id; a taken issuer and client id is a unique violation.
   */
  public long insertLegacyConsumer(String issuer, String clientId, String name, Instant now) {
    return jdbc.insert(
        "INSERT INTO platforms (issuer, client_id, name, lti_version, created_at) VALUES (?, ?, ?, '1.1', ?)",
        issuer,
        clientId,
        name,
        now);
  }

  /** Changes the endpoints of an existing registration (same issuer and client id). */
  public void updateEndpoints(Platform platform) {
    jdbc.update(
        "UPDATE platforms SET name = ?, auth_endpoint = ?, token_endpoint = ?, jwks_url = ? WHERE id = ?",
        platform.name(),
        platform.authEndpoint(),
        platform.tokenEndpoint(),
        platform.jwksUrl(),
        platform.id());
    writes.incrementAndGet();
  }

  /** Adds a deployment id; adding one twice is harmless. */
  public void addDeployment(long platformId, String deploymentId, Instant now) {
    if (!hasDeployment(platformId, deploymentId)) {
      jdbc.update(
          "INSERT INTO deployments (platform_id, deployment_id, created_at) VALUES (?, ?, ?)",
          platformId,
          deploymentId,
          now);
      writes.incrementAndGet();
    }
  }

  /** True when a registration other than (issuer, client id) already shows this name. */
  public boolean nameTakenByOther(String name, String issuer, String clientId) {
    return jdbc.queryOne(
            "SELECT 1 AS one FROM platforms WHERE name = ? AND NOT (issuer = ? AND client_id = ?)"
                + " FETCH FIRST 1 ROWS ONLY",
            row -> row.getInt("one"),
            name,
            issuer,
            clientId)
        .isPresent();
  }

  public boolean hasDeployment(long platformId, String deploymentId) {
    return jdbc.queryOne(
            "SELECT 1 AS one FROM deployments WHERE platform_id = ? AND deployment_id = ?",
            row -> row.getInt("one"),
            platformId,
            deploymentId)
        .isPresent();
  }

  public List<String> deployments(long platformId) {
    return jdbc.query(
        "SELECT deployment_id FROM deployments WHERE platform_id = ? ORDER BY id",
        row -> row.getString("deployment_id"),
        platformId);
  }

  private static Platform map(ResultSet row) throws SQLException {
    return new Platform(
        row.getLong("id"),
        row.getString("issuer"),
        row.getString("client_id"),
        row.getString("name"),
        row.getString("auth_endpoint"),
        row.getString("token_endpoint"),
        row.getString("jwks_url"));
  }

  /**
   * Stores a registration and its deployments in one transaction: a known issuer and client id gets
   * its endpoints updated (re-registering after the platform moved), a new one is inserted.
   */
  public Platform register(Platform platform, List<String> deploymentIds, Instant now) {
    Platform registered =
        jdbc.inTransaction(
            () -> {
              Platform stored =
                  find(platform.issuer(), platform.clientId())
                      .map(
                          existing -> {
                            Platform updated = platform.withId(existing.id());
                            updateEndpoints(updated);
                            return updated;
                          })
                      .orElseGet(() -> insert(platform, now));
              for (String deploymentId : deploymentIds) {
                addDeployment(stored.id(), deploymentId, now);
              }
              return stored;
            });
    // counted again after the commit: a launch may have read the old row in between
    writes.incrementAndGet();
    return registered;
  }
}
