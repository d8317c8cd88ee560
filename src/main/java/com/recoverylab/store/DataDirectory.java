package com.recoverylab.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The folder of an embedded H2 database, readable by the tool's own user only: the files hold
 * sessions, keys and learners' answers, and the process umask usually makes new files 0644. Applies
 * where the file system has POSIX permissions; elsewhere it does nothing.
 */
final class DataDirectory {
  private static final Set<PosixFilePermission> OWNER_DIR =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");

  private DataDirectory() {}

  /**
   * The database of an H2 file URL ({@code jdbc:h2:file:/dir/name;...}): its folder and file name.
   */
  record H2Files(Path dir, String name) {}

  static Optional<H2Files> of(String jdbcUrl) {
    if (!jdbcUrl.startsWith("jdbc:h2:file:")) {
      return Optional.empty();
    }
    String file = jdbcUrl.substring("jdbc:h2:file:".length());
    int options = file.indexOf(';');
    Path path = Path.of(options < 0 ? file : file.substring(0, options)).toAbsolutePath();
    return path.getParent() == null
        ? Optional.empty()
        : Optional.of(new H2Files(path.getParent(), path.getFileName().toString()));
  }

  /**
   * Creates the folder owner-only (or narrows it) and narrows the database's own files in it
   * ({@code name.mv.db}, {@code name.trace.db} ...); other files in the folder stay as they are.
   */
  static void secure(H2Files database) {
    Path dir = database.dir();
    try {
      boolean posix =
          Files.getFileStore(Files.exists(dir) ? dir : existingParent(dir))
              .supportsFileAttributeView("posix");
      if (!posix) {
        return;
      }
      if (!Files.exists(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
      }
      Files.setPosixFilePermissions(dir, OWNER_DIR);
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          if (Files.isRegularFile(file)
              && file.getFileName().toString().startsWith(database.name() + ".")) {
            Files.setPosixFilePermissions(file, OWNER_FILE);
          }
        }
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new StartupException(
          "Cannot make the data folder " + dir + " private to this user: " + e.getMessage(), e);
    }
  }

  private static Path existingParent(Path dir) {
    Path parent = dir.toAbsolutePath();
    while (parent != null && !Files.exists(parent)) {
      parent = parent.getParent();
    }
    return parent == null ? Path.of("/") : parent;
  }
}
