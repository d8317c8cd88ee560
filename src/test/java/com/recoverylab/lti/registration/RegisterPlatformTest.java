package com.recoverylab.lti.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegisterPlatformTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    return RegisterPlatform.run(
        args,
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void registers_a_platform_and_its_deployments_and_prints_the_tool_urls() {
    TestDatabases.TestDatabase db = TestDatabases.h2();
    Map<String, String> env =
        Map.of("DATABASE_URL", db.url(), "PUBLIC_URL", "https://lab.example.edu");
    String[] args = {
      "--issuer=https://moodle.example.edu",
      "--client-id=AbC123",
      "--auth=https://moodle.example.edu/mod/lti/auth.php",
      "--token=https://moodle.example.edu/mod/lti/token.php",
      "--jwks=https://moodle.example.edu/mod/lti/certs.php",
      "--deployment=1,2"
    };
    assertEquals(0, run(env, args), err.toString(StandardCharsets.UTF_8));
    assertEquals(0, run(env, args), "running it again is harmless");
    String printed = out.toString(StandardCharsets.UTF_8);
    assertTrue(
        printed.contains("https://lab.example.edu/lti/login")
            && printed.contains("https://lab.example.edu/lti/launch"),
        printed);
    try (Database database = Database.open(db.url(), "", "", db.url(), 2)) {
      PlatformRepository platforms = new PlatformRepository(new Jdbc(database.dataSource(), false));
      Platform platform = platforms.find("https://moodle.example.edu", "AbC123").orElseThrow();
      assertEquals("https://moodle.example.edu/mod/lti/auth.php", platform.authEndpoint());
      assertEquals(List.of("1", "2"), platforms.deployments(platform.id()));
      assertEquals(1, platforms.all().size());
    }
  }

  @Test
  void missing_or_bad_arguments_explain_themselves_and_exit_2() {
    Map<String, String> env = Map.of("DATABASE_URL", TestDatabases.h2().url());
    assertEquals(2, run(env, "--issuer=https://moodle.example.edu"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--client-id= is required"));
    assertEquals(
        2,
        run(
            env,
            "--issuer=moodle",
            "--client-id=a",
            "--auth=https://m/a",
            "--jwks=https://m/j",
            "--deployment=1"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--issuer must be an http(s) URL"));
    assertEquals(2, run(env, "--colour=blue"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown argument: --colour=blue"));
  }
}
