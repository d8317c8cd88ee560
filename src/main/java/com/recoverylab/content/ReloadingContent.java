package com.recoverylab.content;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development mode: the content folder is re-read when a file in it changes (checked at most once a
 * second). A broken edit keeps the last good library and logs every problem, so the running tool
 * never shows half-valid content.
 */
final class ReloadingContent implements Supplier<ContentLibrary> {
  private static final Logger log = LoggerFactory.getLogger(ReloadingContent.class);
  private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

  private final Path folder;
  private final Clock clock;
  private ContentLibrary current;
  private String fingerprint;
  private Instant lastCheck;

  /** Loads the folder now; a broken folder throws {@link ContentException}, as at any start. */
  ReloadingContent(Path folder, Clock clock) {
    this.folder = folder;
    this.clock = clock;
    this.fingerprint = fingerprint();
    this.current = ContentLoader.load(folder);
    this.lastCheck = clock.instant();
  }

  @Override
  public synchronized ContentLibrary get() {
    Instant now = clock.instant();
    if (now.isBefore(lastCheck.plus(CHECK_EVERY))) {
      return current;
    }
    lastCheck = now;
    String seen = fingerprint();
    if (seen.equals(fingerprint)) {
      return current;
    }
    fingerprint = seen;
    try {
      current = ContentLoader.load(folder);
      log.info(
          "event=content_reloaded lessons={} quizzes={}",
          current.lessons().size(),
          current.quizzes().size());
    } catch (ContentException e) {
      log.warn("event=content_reload_failed kept=last_good\n{}", e.getMessage());
    }
    return current;
  }

  /** Names, sizes and modification times of every content file: cheap to compare each second. */
  private String fingerprint() {
    StringBuilder text = new StringBuilder();
    for (String sub : new String[] {"lessons", "quizzes"}) {
      Path dir = folder.resolve(sub);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        files
            .sorted()
            .forEach(
                file -> {
                  try {
                    text.append(file.getFileName())
                        .append(':')
                        .append(Files.size(file))
                        .append(':')
                        .append(Files.getLastModifiedTime(file).toMillis())
                        .append('\n');
                  } catch (IOException e) {
                    text.append(file.getFileName()).append(":gone\n");
                  }
                });
      } catch (IOException e) {
        text.append(sub).append(":unreadable\n");
      }
    }
    return text.toString();
  }
}
