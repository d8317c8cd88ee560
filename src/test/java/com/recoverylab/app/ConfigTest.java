package com.recoverylab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void defaults_suit_a_laptop() {
    Config config = Config.from(env());
    assertEquals(8080, config.port());
    assertEquals("http://localhost:8080", config.publicUrl().toString());
    assertTrue(config.databaseUrl().startsWith("jdbc:h2:file:"), config.databaseUrl());
    assertTrue(config.databaseUrl().contains("data"), config.databaseUrl());
    assertEquals("127.0.0.1", config.bindAddress());
    assertTrue(config.sandbox(), "sandbox is on for a localhost PUBLIC_URL");
  }

  @Test
  void public_https_url_turns_the_sandbox_off_and_listens_on_all_interfaces() {
    Config config = Config.from(env("PUBLIC_URL", "https://recovery.example.edu/"));
    assertEquals("https://recovery.example.edu", config.publicUrl().toString());
    assertFalse(config.sandbox());
    assertEquals("0.0.0.0", config.bindAddress());
    assertEquals("https://recovery.example.edu/lti/launch", config.url("/lti/launch"));
  }

  @Test
  void unbound_launches_open_a_new_window_unless_set_otherwise() {
    assertEquals(
        com.recoverylab.lti.launch.UnboundLaunch.NEW_WINDOW, Config.from(env()).unboundLaunch());
    assertEquals(
        com.recoverylab.lti.launch.UnboundLaunch.REFUSE,
        Config.from(env("UNBOUND_LAUNCH", " Refuse ")).unboundLaunch());
    ConfigException e =
        assertThrows(ConfigException.class, () -> Config.from(env("UNBOUND_LAUNCH", "popup")));
    assertEquals("UNBOUND_LAUNCH must be new-window, frame or refuse, got: popup", e.getMessage());
  }

  @Test
  void port_that_is_not_a_number_names_the_setting() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> Config.from(env("PORT", "eighty")));
    assertEquals("PORT must be a number from 0 to 65535, got: eighty", e.getMessage());
  }

  @Test
  void port_out_of_range_is_refused() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> Config.from(env("PORT", "70000")));
    assertTrue(e.getMessage().startsWith("PORT"), e.getMessage());
  }

  @Test
  void public_url_must_be_absolute_http() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> Config.from(env("PUBLIC_URL", "ftp://x")));
    assertTrue(
        e.getMessage().startsWith("PUBLIC_URL must be an absolute http:// or https:// URL"),
        e.getMessage());
    assertThrows(
        ConfigException.class, () -> Config.from(env("PUBLIC_URL", "recovery.example.edu")));
  }

  @Test
  void database_url_must_be_jdbc_and_its_password_is_never_echoed() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> Config.from(env("DATABASE_URL", "mysql://db?user=x&password=hunter2")));
    assertTrue(e.getMessage().startsWith("DATABASE_URL must be a JDBC URL"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void postgres_url_is_accepted_and_shown_without_password() {
    Config config =
        Config.from(env("DATABASE_URL", "jdbc:postgresql://db:5432/lab?password=hunter2&ssl=true"));
    assertTrue(config.usesPostgres());
    assertEquals(
        "jdbc:postgresql://db:5432/lab?password=***&ssl=true", config.databaseUrlForDisplay());
  }

  @Test
  void content_dir_must_hold_lessons_and_quizzes(@TempDir Path dir) throws Exception {
    ConfigException e =
        assertThrows(ConfigException.class, () -> Config.from(env("CONTENT_DIR", dir.toString())));
    assertTrue(
        e.getMessage().startsWith("CONTENT_DIR must be a folder holding lessons/ and quizzes/"),
        e.getMessage());
    Files.createDirectories(dir.resolve("lessons"));
    Files.createDirectories(dir.resolve("quizzes"));
    assertEquals(dir, Config.from(env("CONTENT_DIR", dir.toString())).contentDir().orElseThrow());
  }

  @Test
  void booleans_accept_common_words_and_refuse_others() {
    assertFalse(Config.from(env("SANDBOX", "off")).sandbox());
    ConfigException e =
        assertThrows(ConfigException.class, () -> Config.from(env("SANDBOX", "maybe")));
    assertEquals("SANDBOX must be true or false, got: maybe", e.getMessage());
  }

  @Test
  void flags_mirror_environment_variables() {
    Config config = Config.fromEnvironmentAndArgs(new String[] {"--port=9123"});
    assertEquals(9123, config.port());
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> Config.fromEnvironmentAndArgs(new String[] {"9123"}));
    assertTrue(e.getMessage().startsWith("flags take the form --NAME=value"), e.getMessage());
  }

  @Test
  void edge_settings_default_open_on_a_laptop_and_closed_on_a_public_url() {
    Config laptop = Config.from(env());
    assertTrue(laptop.metricsOpen());
    assertEquals(java.time.Duration.ofHours(2), laptop.sessionIdle());
    assertTrue(laptop.keyEncryptionKey().isEmpty());
    Config server = Config.from(env("PUBLIC_URL", "https://recovery.example.edu"));
    assertFalse(server.metricsOpen());
    assertFalse(server.registration().open());
    assertFalse(server.registration().privateAddresses());
    assertEquals(
        java.util.Set.of("moodle.example.edu"),
        Config.from(env("REGISTRATION_ALLOWED_HOSTS", " Moodle.example.edu ,"))
            .registration()
            .allowedHosts());
  }

  @Test
  void bad_edge_settings_stop_the_start_with_their_name() {
    for (String[] bad :
        new String[][] {
          {"REGISTRATION", "sometimes"},
          {"REGISTRATION_ALLOWED_HOSTS", "http://x/"},
          {"SESSION_IDLE_MINUTES", "0"},
          {"METRICS_TOKEN", "short"},
          {"KEY_ENCRYPTION_KEY", "c2hvcnQ="},
          {"KEY_ENCRYPTION_KEY_PREVIOUS", "not base64!"}
        }) {
      ConfigException e =
          assertThrows(ConfigException.class, () -> Config.from(env(bad[0], bad[1])), bad[0]);
      assertTrue(e.getMessage().startsWith(bad[0] + " must"), e.getMessage());
      assertFalse(e.getMessage().contains("c2hvcnQ="), "a key is never echoed");
    }
    assertEquals(
        "EncryptionKey[***]",
        Config.from(
                env(
                    "KEY_ENCRYPTION_KEY",
                    java.util.Base64.getEncoder().encodeToString(new byte[32])))
            .keyEncryptionKey()
            .orElseThrow()
            .toString());
  }
}
