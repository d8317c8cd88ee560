package com.recoverylab.content;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/** Where the running tool gets its content from, chosen once at start. */
public final class ContentSources {
  private ContentSources() {}

  /**
   * The content folder when one is configured (re-read on change in development mode), else the
   * copy packaged in the jar. Loads at once: broken content throws {@link ContentException} listing
   * every problem, so the tool does not start with it.
   */
  public static Supplier<ContentLibrary> open(Optional<Path> folder, boolean devMode) {
    if (folder.isPresent() && devMode) {
      return new ReloadingContent(folder.get(), Clock.systemUTC());
    }
    ContentLibrary library =
        folder
            .map(ContentLoader::load)
            .orElseGet(() -> PackagedContent.load(ContentSources.class.getClassLoader()));
    return () -> library;
  }
}
