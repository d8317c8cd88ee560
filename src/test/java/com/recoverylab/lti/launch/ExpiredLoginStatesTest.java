package com.recoverylab.lti.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.recoverylab.lti.registration.Platform;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ExpiredLoginStatesTest {

  @Test
  void states_and_nonces_an_hour_past_their_expiry_are_removed_and_recent_ones_kept() {
    var db = TestDatabases.h2();
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 2)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), false);
      Instant now = Instant.parse("2026-11-28T12:00:00Z");
      long platform =
          new PlatformRepository(jdbc)
              .insert(new Platform(0, "https://lms", "c", null, "a", "t", "j"), now)
              .id();
      for (var entry :
          java.util.Map.of(
                  "old", now.minus(Duration.ofHours(2)), "recent", now.minus(Duration.ofMinutes(5)))
              .entrySet()) {
        jdbc.update(
            "INSERT INTO oidc_states (state, nonce, platform_id, target_link_uri, browser_binding_hash,"
                + " created_at, expires_at) VALUES (?, ?, ?, 'https://tool/lti/launch', 'h', ?, ?)",
            entry.getKey(),
            "n-" + entry.getKey(),
            platform,
            entry.getValue(),
            entry.getValue());
        jdbc.update(
            "INSERT INTO used_nonces (platform_id, nonce, expires_at) VALUES (?, ?, ?)",
            platform,
            "n-" + entry.getKey(),
            entry.getValue());
      }

      assertEquals(
          2,
          new LaunchFeature.ExpiredStates(
                  new OidcStateRepository(jdbc),
                  new LaunchTicketRepository(jdbc),
                  Clock.fixed(now, ZoneOffset.UTC))
              .delete());
      assertEquals(
          "recent",
          jdbc.queryOne("SELECT state FROM oidc_states", r -> r.getString(1)).orElseThrow());
      assertEquals(
          "n-recent",
          jdbc.queryOne("SELECT nonce FROM used_nonces", r -> r.getString(1)).orElseThrow());
    }
  }
}
