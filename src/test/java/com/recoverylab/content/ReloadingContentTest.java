package com.recoverylab.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Development mode picks up edits, at most once a second, and keeps the last good content on a
 * broken edit.
 */
class ReloadingContentTest {
  private Instant now = Instant.parse("2026-01-01T10:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @Test
  void an_edit_is_picked_up_after_a_second_and_a_broken_edit_keeps_the_last_good_content()
      throws Exception {
    Path folder = ContentFixtures.validCopy();
    Path lesson = folder.resolve("lessons/limits.md");
    ReloadingContent content = new ReloadingContent(folder, clock);
    assertEquals("What tools cannot do", content.get().lesson("limits").orElseThrow().title());

    change(lesson, "title: What tools cannot do", "title: What no tool can do");
    now = now.plus(Duration.ofMillis(500));
    assertEquals(
        "What tools cannot do",
        content.get().lesson("limits").orElseThrow().title(),
        "checked at most once a second");
    now = now.plus(Duration.ofMillis(600));
    assertEquals("What no tool can do", content.get().lesson("limits").orElseThrow().title());

    change(lesson, "order: 3", "order: soon");
    now = now.plus(Duration.ofSeconds(2));
    assertEquals("What no tool can do", content.get().lesson("limits").orElseThrow().title());
    assertEquals(3, content.get().lessons().size());

    change(lesson, "order: soon", "order: 0");
    now = now.plus(Duration.ofSeconds(2));
    assertEquals("limits", content.get().lessons().get(0).id(), "the fixed edit is loaded");
  }

  private void change(Path file, String from, String to) throws Exception {
    Files.writeString(file, Files.readString(file).replace(from, to));
    // file systems with coarse timestamps: make the change visible whatever the clock resolution
    Files.setLastModifiedTime(file, FileTime.from(now.plusSeconds(1)));
  }
}
