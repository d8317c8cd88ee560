package com.recoverylab.lti.launch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.lti.registration.Platform;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The login state's single use, which is also the single use of its nonce: the launch keeps no
 * table of used nonces, so two posts of one state racing on two nodes must end with one launch.
 */
class OidcStateRepositoryTest {
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void a_second_post_of_the_state_waits_for_the_first_launch_and_is_refused_once_it_commits(
      TestDatabase db) throws Exception {
    // three connections: the first launch's, the second's and the one that watches them
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 3)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), database.isPostgres());
      OidcStateRepository states = new OidcStateRepository(jdbc);
      states.insert(state(jdbc, "s-1"));
      ExecutorService secondPost = Executors.newSingleThreadExecutor();
      try {
        Future<Boolean> secondUsed =
            jdbc.inTransaction(
                () -> {
                  assertTrue(states.markUsed("s-1", NOW), "the first launch uses the state");
                  Future<Boolean> second =
                      secondPost.submit(
                          () -> jdbc.inTransaction(() -> states.markUsed("s-1", NOW)));
                  await()
                      .atMost(Duration.ofSeconds(10))
                      .until(() -> TestDatabases.waitingForARowLock(database));
                  assertFalse(second.isDone(), "the second post waits for the first launch");
                  return second;
                });
        assertFalse(
            secondUsed.get(10, TimeUnit.SECONDS),
            "the second post finds the state used once the first launch committed");
      } finally {
        secondPost.shutdownNow();
      }
      assertFalse(states.markUsed("s-1", NOW.plusSeconds(1)), "and so does any later post");
      assertEquals(NOW, states.find("s-1").orElseThrow().usedAt());
    }
  }

  private static OidcState state(Jdbc jdbc, String state) {
    long platform =
        new PlatformRepository(jdbc)
            .insert(new Platform(0, "https://lms/" + state, "c", null, "a", "t", "j"), NOW)
            .id();
    return new OidcState(
        state,
        "n-" + state,
        platform,
        "https://tool/quizzes/q",
        "hash",
        null,
        false,
        false,
        "1",
        NOW,
        NOW.plusSeconds(600),
        null);
  }
}
