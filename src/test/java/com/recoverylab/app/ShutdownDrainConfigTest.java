package com.recoverylab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShutdownDrainConfigTest {

  @Test
  void a_local_node_stops_without_draining() {
    assertEquals(Duration.ZERO, Config.from(Map.of()).shutdownDrain());
    assertEquals(Duration.ZERO, Config.from(Map.of("SHUTDOWN_DRAIN_SECONDS", " ")).shutdownDrain());
  }

  @Test
  void drain_seconds_are_read_and_kept_when_the_port_is_filled_in() {
    Config config = Config.from(Map.of("SHUTDOWN_DRAIN_SECONDS", " 5 ", "PORT", "0"));
    assertEquals(Duration.ofSeconds(5), config.shutdownDrain());
    assertEquals(Duration.ofSeconds(5), config.withPort(8081, config.publicUrl()).shutdownDrain());
  }

  @Test
  void drain_must_be_whole_seconds_in_range_and_the_message_names_the_setting() {
    for (String bad : new String[] {"five", "-1", "121", "2.5"}) {
      ConfigException e =
          assertThrows(
              ConfigException.class, () -> Config.from(Map.of("SHUTDOWN_DRAIN_SECONDS", bad)), bad);
      assertEquals(
          "SHUTDOWN_DRAIN_SECONDS must be a whole number of seconds from 0 to 120, got: " + bad,
          e.getMessage());
    }
  }
}
