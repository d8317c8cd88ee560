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
    assertEquals(com.recoverylab.lti.launch.UnboundLaunch.NEW_WINDOW, Config.from(env()).unboundLaunch());
    assertEquals(com.recoverylab.lti.launch.UnboundLaunch.REFUSE,
        Config.from(env("UNBOUND_LAUNCH", " Refuse ")).unboundLaunch());
    ConfigException e = assertThrows(ConfigException.class, () -> Config.from(env("UNBOUND_LAUNCH", "popup")));
    assertEquals("UNBOUND_LAUNCH must be new-window, frame or refuse, got: popup", e.getMessage());
  }

  @Test
  void port_that_is_not_a_number_names_the_setting() {
    ConfigException e = assertThrows(ConfigException.class, () -> Config.from(env("PORT", "eighty")));
    assertEquals("PORT must be a number from 0 to 65535, got: eighty", e.getMessage());
  }

  @Test
  void port_out_of_range_is_refused() {
    ConfigException e = assertThrows(ConfigException.class, () -> Config.from(env("PORT", "70000")));
    assertTrue(e.getMessage().startsWith("PORT"), e.getMessage());
  }

  @Test
  void public_url_must_be_absolute_http() {
    ConfigException e = assertThrows(ConfigException.class, () -> Config.from(env("PUBLIC_URL", "ftp://x")));
    assertTrue(e.getMessage().startsWith("PUBLIC_URL must be an absolute http:// or https:// URL"), e.getMessage());
    assertThrows(ConfigException.class, () -> Config.from(env("PUBLIC_URL", "recovery.example.edu")));
  }

  @Test
  void database_url_must_be_jdbc_and_its_password_is_never_echoed() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> Config.from(env("DATABASE_URL", "mysql://db?user=x&password=hunter2")));
    assertTrue(e.getMessage().startsWith("DATABASE_URL must be a JDBC URL"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void postgres_url_is_accepted_and_shown_without_password() {
    Config config = Config.from(env("DATABASE_URL", "jdbc:postgresql://db:5432/lab?password=hunter2&ssl=true"));
    assertTrue(config.usesPostgres());
    assertEquals("jdbc:postgresql://db:5432/lab?password=***&ssl=true", config.databaseUrlForDisplay());
  }

  @Test
  void content_dir_must_hold_lessons_and_quizzes(@TempDir Path dir) throws Exception {
    ConfigException e = assertThrows(ConfigException.class, () -> Config.from(env("CONTENT_DIR", dir.toString())));
    assertTrue(e.getMessage().startsWith("CONTENT_DIR must be a folder holding lessons/ and quizzes/"), e.getMessage());
    Files.createDirectories(dir.resolve("lessons"));
    Files.createDirectories(dir.resolve("quizzes"));
    assertEquals(dir, Config.from(env("CONTENT_DIR", dir.toString())).contentDir().orElseThrow());
  }

  @Test
  void booleans_accept_common_words_and_refuse_others() {
    assertFalse(Config.from(env("SANDBOX", "off")).sandbox());
    ConfigException e = assertThrows(ConfigException.class, () -> Config.from(env("SANDBOX", "maybe")));
    assertEquals("SANDBOX must be true or false, got: maybe", e.getMessage());
  }

  @Test
  void flags_mirror_environment_variables() {
    Config config = Config.fromEnvironmentAndArgs(new String[] {"--port=9123"});
    assertEquals(9123, config.port());
    ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnvironmentAndArgs(new String[] {"9123"}));
    assertTrue(e.getMessage().startsWith("flags take the form --NAME=value"), e.getMessage());
  }
}
