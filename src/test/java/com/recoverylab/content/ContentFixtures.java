package com.recoverylab.content;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Fixture content folders under {@code src/test/resources/content/}. Tests start from the valid
 * folder and change one file, so each test shows the one thing that is wrong.
 */
final class ContentFixtures {
  static final Path VALID = Path.of("src/test/resources/content/valid");
  static final Path BROKEN = Path.of("src/test/resources/content/broken");

  private ContentFixtures() {}

  /** A fresh copy of the valid folder in a temporary directory. */
  static Path validCopy() {
    try {
      Path target = Files.createTempDirectory("content");
      copy(VALID, target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy of the valid folder with one file written (or replaced). */
  static Path withFile(String relative, String text) {
    Path folder = validCopy();
    write(folder, relative, text);
    return folder;
  }

  /**
   * A copy of the valid folder where one piece of text in one file is replaced, so line numbers
   * stay those of the valid file. The text must occur exactly once.
   */
  static Path edited(String relative, String from, String to) {
    return edit(validCopy(), relative, from, to);
  }

  /** Replaces one piece of text (occurring exactly once) in a file of the folder. */
  static Path edit(Path folder, String relative, String from, String to) {
    try {
      String text = Files.readString(folder.resolve(relative));
      if (text.indexOf(from) < 0 || text.indexOf(from) != text.lastIndexOf(from)) {
        throw new IllegalArgumentException("not exactly once in " + relative + ": " + from);
      }
      Files.writeString(folder.resolve(relative), text.replace(from, to));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return folder;
  }

  static void write(Path folder, String relative, String text) {
    try {
      Path file = folder.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path folder, String relative) {
    try {
      Files.delete(folder.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
