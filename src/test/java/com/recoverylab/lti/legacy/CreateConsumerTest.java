package com.recoverylab.lti.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateConsumerTest {
  private static final Pattern SECRET_LINE = Pattern.compile("Shared secret: (\\S+)");

  private record Run(int exit, String out, String err) {}

  private static Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        CreateConsumer.run(
            args,
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Map<String, String> env(TestDatabase db, Path dataDir) {
    return Map.of(
        "DATABASE_URL",
        db.url(),
        "DATABASE_USER",
        db.user(),
        "DATA_DIR",
        dataDir.toString(),
        "PUBLIC_URL",
        "https://recovery.example.edu");
  }

  @Test
  void prints_a_strong_secret_once_and_stores_it_with_a_platform(@TempDir Path dataDir) {
    TestDatabase db = TestDatabases.h2();
    Run run = run(env(db, dataDir), "--key=moodle-main", "--name=Moodle at Example University");

    assertEquals(0, run.exit(), run.err());
    Matcher matcher = SECRET_LINE.matcher(run.out());
    assertTrue(matcher.find(), run.out());
    String secret = matcher.group(1);
    assertTrue(secret.length() >= 40, "256 random bits, base64url: " + secret);
    assertEquals(
        run.out().indexOf(secret), run.out().lastIndexOf(secret), "the secret is printed once");
    assertTrue(run.out().contains("https://recovery.example.edu/lti/11/launch"), run.out());
    assertTrue(run.out().contains("moodle-main"), run.out());

    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 2)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), database.isPostgres());
      Consumer stored = new Consumers(jdbc, Clock.systemUTC()).find("moodle-main").orElseThrow();
      assertEquals(secret, stored.secret());
      assertEquals("Moodle at Example University", stored.name());
      assertFalse(stored.toString().contains(secret), "the record never prints its secret");
      assertEquals(
          "lti11:moodle-main moodle-main 1.1",
          jdbc.queryOne(
                  "SELECT issuer, client_id, lti_version FROM platforms WHERE id = ?",
                  row -> row.getString(1) + " " + row.getString(2) + " " + row.getString(3),
                  stored.platformId())
              .orElseThrow());
    }
  }

  @Test
  void existing_key_is_refused_without_a_new_secret(@TempDir Path dataDir) {
    TestDatabase db = TestDatabases.h2();
    assertEquals(0, run(env(db, dataDir), "--key=moodle-main").exit());
    Run again = run(env(db, dataDir), "--key=moodle-main", "--name=Other");
    assertEquals(1, again.exit());
    assertTrue(again.err().contains("the consumer key moodle-main already exists"), again.err());
    assertFalse(again.out().contains("Shared secret"), again.out());
  }

  @Test
  void missing_or_unusable_key_is_a_usage_error(@TempDir Path dataDir) {
    TestDatabase db = TestDatabases.h2();
    Run missing = run(env(db, dataDir), "--name=Moodle");
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("--key is required"), missing.err());
    Run unknownFlag = run(env(db, dataDir), "--key=abc", "--secret=mine");
    assertEquals(2, unknownFlag.exit());
    assertTrue(unknownFlag.err().contains("unknown argument --secret"), unknownFlag.err());
    Run badKey = run(env(db, dataDir), "--key=has spaces");
    assertEquals(1, badKey.exit());
    assertTrue(badKey.err().contains("the key must be 3 to 100 letters"), badKey.err());
  }
}
