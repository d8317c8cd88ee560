package com.recoverylab.lti.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.app.Config;
import com.recoverylab.app.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ADMIN_TOKEN setting that guards the consumer list. */
class LegacyConfigTest {
  private static final String TOKEN = "k3Q9-vR2xT8mW4pL7nB1cZ6y";

  @Test
  void admin_token_is_off_unless_set() {
    assertTrue(Config.from(Map.of()).adminToken().isEmpty());
    assertTrue(Config.from(Map.of("ADMIN_TOKEN", "  ")).adminToken().isEmpty());
  }

  @Test
  void admin_token_matches_only_itself_and_never_prints() {
    Config config = Config.from(Map.of("ADMIN_TOKEN", TOKEN));
    Config.AdminToken token = config.adminToken().orElseThrow();
    assertTrue(token.matches(TOKEN));
    assertFalse(token.matches(TOKEN.substring(1)));
    assertFalse(token.matches(null));
    assertFalse(config.toString().contains(TOKEN), "settings can be logged without the token");
  }

  @Test
  void short_admin_token_is_refused_naming_the_setting() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> Config.from(Map.of("ADMIN_TOKEN", "hunter2hunter2")));
    assertTrue(
        e.getMessage().startsWith("ADMIN_TOKEN must be at least 20 printable characters"),
        e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), "the refused value is not echoed");
  }

  @Test
  void admin_token_with_spaces_is_refused() {
    assertThrows(
        ConfigException.class,
        () -> Config.from(Map.of("ADMIN_TOKEN", "correct horse battery staple")));
  }

  @Test
  void admin_token_survives_the_port_change_of_tests() {
    Config config = Config.from(Map.of("ADMIN_TOKEN", TOKEN, "PORT", "0"));
    Config moved = config.withPort(1234, java.net.URI.create("http://localhost:1234"));
    assertEquals(config.adminToken(), moved.adminToken());
  }
}
