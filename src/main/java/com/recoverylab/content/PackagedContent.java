package com.recoverylab.content;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lessons and quizzes the build copied into the jar under {@code content/}, so {@code java
 * -jar} works from any folder. Read once: the jar does not change while it runs.
 */
final class PackagedContent {
  static final String RESOURCE = "content/";
  private static final Logger log = LoggerFactory.getLogger(PackagedContent.class);

  private PackagedContent() {}

  /** Loads {@code content/} from the class path; an empty library when the build carried none. */
  static ContentLibrary load(ClassLoader classLoader) {
    URL url = classLoader.getResource(RESOURCE);
    if (url == null) {
      log.warn("event=content_missing reason=\"no content/ on the class path and no CONTENT_DIR\"");
      return new ContentLibrary(List.of(), List.of(), Map.of());
    }
    URI uri;
    try {
      uri = url.toURI();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("unusable content location: " + url, e);
    }
    if (!"jar".equals(uri.getScheme())) {
      return ContentLoader.load(Path.of(uri), false);
    }
    // a jar: URI needs its zip file system open while the files are read
    try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
      return ContentLoader.load(jar.provider().getPath(uri), false);
    } catch (FileSystemAlreadyExistsException e) {
      return ContentLoader.load(Path.of(uri), false);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot open the content in " + uri + ": " + e.getMessage(), e);
    }
  }
}
