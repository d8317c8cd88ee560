package com.recoverylab.lti.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node's memory of registrations (logins, launches, grades): this node's own writes are seen at
 * once, another node's (or the command's, or a hand edit) within the age limit, and a miss is never
 * remembered.
 */
class RememberedRegistrationsTest {
  private static final Duration AGE = Duration.ofSeconds(30);

  private Database database;
  private Jdbc jdbc;
  private PlatformRepository thisNode;
  private PlatformRepository otherNode;
  private final AtomicLong nanos = new AtomicLong(1_000);
  private RememberedRegistrations registrations;
  private Platform moodle;

  @BeforeEach
  void open() {
    TestDatabases.TestDatabase db = TestDatabases.h2();
    database = Database.open(db.url(), db.user(), db.password(), db.url(), 2);
    jdbc = new Jdbc(database.dataSource(), false);
    thisNode = new PlatformRepository(jdbc);
    otherNode = new PlatformRepository(jdbc);
    registrations = new RememberedRegistrations(thisNode, AGE, nanos::get);
    moodle =
        thisNode.register(
            platform("https://moodle.example.edu/mod/lti/certs.php"), List.of("1"), Instant.now());
  }

  @AfterEach
  void close() {
    database.close();
  }

  private static Platform platform(String jwks) {
    return new Platform(
        0,
        "https://moodle.example.edu",
        "client-1",
        "Moodle",
        "https://moodle.example.edu/mod/lti/auth.php",
        "https://moodle.example.edu/mod/lti/token.php",
        jwks);
  }

  private void later(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  @Test
  void another_nodes_change_is_seen_once_the_age_limit_has_passed() {
    assertEquals(moodle.jwksUrl(), registrations.find(moodle.id()).orElseThrow().jwksUrl());
    assertEquals(
        moodle.jwksUrl(),
        registrations.find(moodle.issuer(), moodle.clientId()).orElseThrow().jwksUrl());

    otherNode.register(
        platform("https://moodle.example.edu/new/certs.php"), List.of(), Instant.now());
    later(AGE.minusSeconds(1));
    assertEquals(
        moodle.jwksUrl(),
        registrations.find(moodle.id()).orElseThrow().jwksUrl(),
        "remembered within the age limit");
    later(Duration.ofSeconds(1));
    assertEquals(
        "https://moodle.example.edu/new/certs.php",
        registrations.find(moodle.id()).orElseThrow().jwksUrl());
    assertEquals(
        "https://moodle.example.edu/new/certs.php",
        registrations.find(moodle.issuer(), moodle.clientId()).orElseThrow().jwksUrl());
  }

  @Test
  void this_nodes_own_change_is_seen_at_once() {
    assertTrue(registrations.find(moodle.id()).isPresent());
    assertTrue(registrations.hasDeployment(moodle.id(), "1"));

    thisNode.register(
        platform("https://moodle.example.edu/new/certs.php"), List.of(), Instant.now());
    assertEquals(
        "https://moodle.example.edu/new/certs.php",
        registrations.find(moodle.id()).orElseThrow().jwksUrl());
    assertEquals(
        "https://moodle.example.edu/new/certs.php",
        registrations.find(moodle.issuer(), moodle.clientId()).orElseThrow().jwksUrl());
  }

  @Test
  void a_miss_is_never_remembered() {
    assertTrue(registrations.find("https://canvas.example.edu", "c").isEmpty());
    assertFalse(registrations.hasDeployment(moodle.id(), "2"));

    otherNode.register(
        new Platform(
            0,
            "https://canvas.example.edu",
            "c",
            null,
            "https://canvas.example.edu/auth",
            null,
            "https://canvas.example.edu/jwks"),
        List.of(),
        Instant.now());
    otherNode.addDeployment(moodle.id(), "2", Instant.now());

    assertTrue(registrations.find("https://canvas.example.edu", "c").isPresent());
    assertTrue(registrations.hasDeployment(moodle.id(), "2"));
  }

  @Test
  void a_deployment_deleted_by_hand_is_refused_once_the_age_limit_has_passed() {
    assertTrue(registrations.hasDeployment(moodle.id(), "1"));
    jdbc.update(
        "DELETE FROM deployments WHERE platform_id = ? AND deployment_id = ?", moodle.id(), "1");
    assertTrue(registrations.hasDeployment(moodle.id(), "1"), "remembered within the age limit");
    later(AGE);
    assertFalse(registrations.hasDeployment(moodle.id(), "1"));
  }

  @Test
  void only_lti_1_3_registrations_are_found_by_issuer_and_client_id() {
    long legacy = thisNode.insertLegacyConsumer("urn:consumer:k", "k", "Old Moodle", Instant.now());
    assertTrue(registrations.find("urn:consumer:k", "k").isEmpty());
    assertEquals("Old Moodle", registrations.find(legacy).orElseThrow().name());
  }
}
