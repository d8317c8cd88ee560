package com.recoverylab.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The copy of the content inside the jar loads through a zip file system. */
class PackagedContentTest {

  @Test
  void content_packaged_in_a_jar_loads_like_a_folder() throws Exception {
    Path jar = Files.createTempDirectory("packaged").resolve("tool.jar");
    writeJar(jar, ContentFixtures.VALID, "content/");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      ContentLibrary library = PackagedContent.load(loader);
      assertEquals(
          List.of("why-tools", "the-tools", "limits"),
          library.lessons().stream().map(Lesson::id).toList());
      assertEquals(2, library.quizzes().size());
      assertTrue(library.lesson("why-tools").orElseThrow().hasAnchor("foundations-first"));
    }
  }

  @Test
  void broken_packaged_content_names_the_files_inside_the_jar() throws Exception {
    Path jar = Files.createTempDirectory("packaged").resolve("tool.jar");
    writeJar(jar, ContentFixtures.BROKEN, "content/");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      ContentException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              ContentException.class, () -> PackagedContent.load(loader));
      assertEquals(
          ContentReportTest.BROKEN_PROBLEMS,
          e.problems().stream().map(ContentProblem::toString).toList());
      assertTrue(
          e.getMessage().startsWith("Content in the jar's /content has 21 problems:"),
          e.getMessage());
    }
  }

  @Test
  void a_jar_without_content_gives_an_empty_library() throws Exception {
    Path jar = Files.createTempDirectory("packaged").resolve("tool.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("other/"));
      out.closeEntry();
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertEquals(0, PackagedContent.load(loader).lessons().size());
    }
  }

  /**
   * Writes the folder into a jar under {@code prefix}, directory entries included, as the build
   * does.
   */
  private static void writeJar(Path jar, Path folder, String prefix) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> paths = Files.walk(folder)) {
      out.putNextEntry(new JarEntry(prefix));
      out.closeEntry();
      for (Path path : paths.sorted().toList()) {
        if (path.equals(folder)) {
          continue;
        }
        String name = prefix + folder.relativize(path).toString().replace('\\', '/');
        if (Files.isDirectory(path)) {
          out.putNextEntry(new JarEntry(name + "/"));
        } else {
          out.putNextEntry(new JarEntry(name));
          out.write(Files.readAllBytes(path));
        }
        out.closeEntry();
      }
    }
  }
}
