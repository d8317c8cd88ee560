package com.recoverylab.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a content folder ({@code lessons/*.md}, {@code quizzes/*.yaml}, {@code
 * quizzes/_misconceptions.yaml}) into a {@link ContentLibrary}. The folder may be on disk or inside
 * the jar (a zip file system); every problem is collected before anything fails.
 */
public final class ContentLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ContentLoader.class);

  private ContentLoader() {}

  /** The library, or a {@link ContentException} listing every problem. */
  public static ContentLibrary load(Path folder) {
    return load(folder, true);
  }

  static ContentLibrary load(Path folder, boolean foldersRequired) {
    ContentReport report = check(folder, foldersRequired);
    // downgraded checks do not stop the start, but the log keeps them in view
    report.warnings().forEach(w -> LOG.warn("content: {}", w));
    return report
        .library()
        .orElseThrow(() -> new ContentException(display(folder), report.problems()));
  }

  /** Reads and validates the folder; never throws for problems in the content. */
  public static ContentReport check(Path folder) {
    return check(folder, true);
  }

  /**
   * @param foldersRequired false for the copy in the jar, where a folder without files may not have
   *     been packaged at all
   */
  static ContentReport check(Path folder, boolean foldersRequired) {
    Problems problems = new Problems();
    List<LessonReader.Read> lessons = new ArrayList<>();
    // files that exist but could not be read: references to them are not reported as missing
    Set<String> unreadable = new HashSet<>();
    for (Path file : files(folder, "lessons", foldersRequired, problems)) {
      String name = file.getFileName().toString();
      if (!name.endsWith(".md")) {
        continue;
      }
      String relative = "lessons/" + name;
      Optional<LessonReader.Read> lesson =
          read(file, relative, problems)
              .flatMap(text -> LessonReader.read(relative, text, problems));
      lesson.ifPresentOrElse(
          lessons::add, () -> unreadable.add("lessons/" + name.substring(0, name.length() - 3)));
    }
    List<QuizReader.Read> quizzes = new ArrayList<>();
    MisconceptionReader.Read misconceptions =
        new MisconceptionReader.Read(Map.of(), List.of(), true);
    for (Path file : files(folder, "quizzes", foldersRequired, problems)) {
      String name = file.getFileName().toString();
      String relative = "quizzes/" + name;
      if (relative.equals(MisconceptionReader.FILE)) {
        misconceptions =
            read(file, relative, problems)
                .map(text -> MisconceptionReader.read(text, problems))
                .orElse(new MisconceptionReader.Read(Map.of(), List.of(), false));
      } else if (name.endsWith(".yml")) {
        problems.add(
            Location.start(relative),
            "quiz files end in .yaml; rename it to "
                + name.substring(0, name.length() - 4)
                + ".yaml");
      } else if (name.endsWith(".yaml")) {
        Optional<QuizReader.Read> quiz =
            read(file, relative, problems)
                .flatMap(text -> QuizReader.read(relative, text, problems));
        quiz.ifPresentOrElse(
            quizzes::add, () -> unreadable.add("quizzes/" + name.substring(0, name.length() - 5)));
      }
    }
    List<BranchingReport> branching =
        new ContentValidator(problems, unreadable).validate(lessons, quizzes, misconceptions);
    if (!problems.isEmpty()) {
      return new ContentReport(problems.sorted(), problems.warnings(), branching, Optional.empty());
    }
    ContentLibrary library =
        new ContentLibrary(
            lessons.stream().map(LessonReader.Read::lesson).toList(),
            quizzes.stream().map(QuizReader.Read::quiz).toList(),
            misconceptions.misconceptions());
    return new ContentReport(List.of(), problems.warnings(), branching, Optional.of(library));
  }

  /** The folder as shown in messages: its absolute path, or its place inside the jar. */
  static String display(Path folder) {
    return folder.getFileSystem() == FileSystems.getDefault()
        ? folder.toAbsolutePath().normalize().toString()
        : "the jar's " + folder;
  }

  /** Regular files directly in {@code folder/sub}, by name; hidden files are skipped. */
  static List<Path> files(Path folder, String sub, boolean required, Problems problems) {
    Path dir = folder.resolve(sub);
    if (!Files.isDirectory(dir) && !required) {
      return List.of();
    }
    if (!Files.isDirectory(dir)) {
      problems.add(
          Location.start(sub + "/"),
          "folder " + sub + "/ is missing; a content folder holds lessons/ and quizzes/");
      return List.of();
    }
    try (Stream<Path> listing = Files.list(dir)) {
      return listing
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      problems.add(Location.start(sub + "/"), "cannot list " + sub + "/: " + e.getMessage());
      return List.of();
    }
  }

  private static Optional<String> read(Path file, String relative, Problems problems) {
    try {
      // a strict decoder: a file saved in another encoding is a problem, not silent mojibake
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString();
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      return Optional.of(text.replace("\r\n", "\n").replace('\r', '\n'));
    } catch (CharacterCodingException e) {
      problems.add(Location.start(relative), "file is not UTF-8 text");
      return Optional.empty();
    } catch (IOException e) {
      problems.add(Location.start(relative), "cannot read file: " + e.getMessage());
      return Optional.empty();
    }
  }
}
