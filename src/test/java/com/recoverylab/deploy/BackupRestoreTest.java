package com.recoverylab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/backup.sh and deploy/restore.sh, run as documented against a real PostgreSQL. */
class BackupRestoreTest {

  /** Exit code and combined output of one script run. */
  private record Run(int code, String output) {}

  private static Run script(TestDatabase db, Path workDir, String... args)
      throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("bash"));
    command.add(DeployFiles.DEPLOY.resolve(args[0]).toAbsolutePath().toString());
    command.addAll(List.of(args).subList(1, args.length));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().put("DATABASE_URL", db.url());
    builder.environment().put("DATABASE_USER", db.user());
    builder.environment().put("DATABASE_PASSWORD", db.password());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    return new Run(process.exitValue(), output);
  }

  /**
   * Skips without the programs, but fails under CI (REQUIRE_POSTGRES=true), where they must be
   * there.
   */
  private static void assumeOnPath(String... programs) {
    List<String> missing = Stream.of(programs).filter(program -> !onPath(program)).toList();
    if (missing.isEmpty()) {
      return;
    }
    String message = missing + " not on PATH; the backup scripts need them";
    if (Boolean.parseBoolean(System.getenv("REQUIRE_POSTGRES"))) {
      throw new IllegalStateException(message + "; REQUIRE_POSTGRES=true");
    }
    System.err.println("SKIPPED backup and restore tests: " + message);
    Assumptions.abort(message);
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static long platforms(Jdbc jdbc) {
    return jdbc.queryOne("SELECT COUNT(*) AS n FROM platforms", row -> row.getLong("n"))
        .orElseThrow();
  }

  @Test
  void a_backup_restores_the_database_as_it_was(@TempDir Path dir) throws Exception {
    assumeOnPath("pg_dump", "pg_restore", "bash");
    TestDatabase db = TestDatabases.postgres();
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 2)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), true);
      jdbc.insert(
          "INSERT INTO platforms (issuer, client_id, created_at) VALUES (?, ?, ?)",
          "https://moodle.example.edu",
          "client-1",
          Instant.parse("2026-11-28T10:00:00Z"));

      Run backup = script(db, dir, "backup.sh", "nightly.dump");
      assertEquals(0, backup.code(), backup.output());
      assertTrue(Files.size(dir.resolve("nightly.dump")) > 0);
      assertTrue(Files.notExists(dir.resolve("nightly.dump.partial")));

      jdbc.update("DELETE FROM platforms");
      jdbc.insert(
          "INSERT INTO platforms (issuer, client_id, created_at) VALUES (?, ?, ?)",
          "https://wrong.example.edu",
          "client-2",
          Instant.now());

      Run unconfirmed = script(db, dir, "restore.sh", "nightly.dump");
      assertEquals(1, unconfirmed.code(), unconfirmed.output());
      assertTrue(unconfirmed.output().contains("add --yes to confirm"), unconfirmed.output());
      assertEquals(
          "https://wrong.example.edu",
          jdbc.queryOne("SELECT issuer FROM platforms", r -> r.getString("issuer")).orElseThrow(),
          "nothing changes without confirmation");

      database.close(); // the tool is stopped while restoring
      Run restore = script(db, dir, "restore.sh", "nightly.dump", "--yes");
      assertEquals(0, restore.code(), restore.output());
    }
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 2)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), true);
      assertEquals(1, platforms(jdbc));
      assertEquals(
          "https://moodle.example.edu",
          jdbc.queryOne("SELECT issuer FROM platforms", r -> r.getString("issuer")).orElseThrow());
    }
  }

  @Test
  void restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing(@TempDir Path dir)
      throws Exception {
    assumeOnPath("pg_restore", "bash");
    TestDatabase db = TestDatabases.postgres();
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 2)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), true);
      jdbc.insert(
          "INSERT INTO platforms (issuer, client_id, created_at) VALUES (?, ?, ?)",
          "https://moodle.example.edu",
          "client-1",
          Instant.now());
      Files.writeString(dir.resolve("notes.txt"), "not a dump");
      Run restore = script(db, dir, "restore.sh", "notes.txt", "--yes");
      assertEquals(1, restore.code(), restore.output());
      assertEquals(1, platforms(jdbc));
    }
  }

  @Test
  void backup_of_the_embedded_database_explains_copying_the_data_folder(@TempDir Path dir)
      throws Exception {
    assumeOnPath("bash");
    Run backup = script(TestDatabases.h2(), dir, "backup.sh");
    assertEquals(1, backup.code());
    assertTrue(backup.output().contains("stop the tool, copy DATA_DIR"), backup.output());
  }
}
