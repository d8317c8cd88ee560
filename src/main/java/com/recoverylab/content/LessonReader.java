package com.recoverylab.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one {@code lessons/<id>.md}: YAML front matter between {@code ---} lines, then Markdown.
 */
final class LessonReader {
  private static final List<String> FIELDS =
      List.of("id", "title", "order", "summary", "minutes", "quizzes");
  static final int MAX_MINUTES = 15;

  private LessonReader() {}

  /** A lesson with the places its ids and references were written, for the cross-file checks. */
  record Read(
      Lesson lesson,
      Location idAt,
      Location orderAt,
      List<Fields.Located> quizRefs,
      List<Fields.Located> links) {}

  static Optional<Read> read(String file, String text, Problems problems) {
    List<String> lines = text.lines().toList();
    if (lines.isEmpty() || !lines.get(0).strip().equals("---")) {
      problems.add(
          Location.start(file),
          "a lesson starts with front matter: a line ---, the fields (id, title, order, summary, minutes), and a line ---");
      return Optional.empty();
    }
    int close = -1;
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("---")) {
        close = i;
        break;
      }
    }
    if (close < 0) {
      problems.add(
          Location.start(file), "front matter is not closed: add a line --- after its last field");
      return Optional.empty();
    }
    String yaml = String.join("\n", lines.subList(1, close)) + "\n";
    String body = String.join("\n", lines.subList(close + 1, lines.size())) + "\n";
    int bodyFirstLine = close + 2;

    // front matter line 1 is file line 2
    Optional<YamlNode> frontMatter = YamlTree.parse(file, yaml, 1, problems);
    if (frontMatter.isEmpty()) {
      if (yaml.isBlank()) {
        problems.add(
            Location.start(file),
            "front matter is empty: add id, title, order, summary and minutes");
      }
      return Optional.empty();
    }
    Fields fields = new Fields(frontMatter.get(), "lesson front matter", FIELDS, problems);
    String expectedId = file.substring(file.lastIndexOf('/') + 1).replaceFirst("\\.md$", "");
    String id = fields.requiredText("id").orElse(expectedId);
    if (fields.has("id")) {
      checkFileId(id, expectedId, fields.at("id"), problems);
    }
    String title = fields.requiredText("title").orElse(id);
    int order = fields.requiredInteger("order").orElse(0);
    String summary = fields.requiredText("summary").orElse("");
    int minutes = fields.requiredInteger("minutes").orElse(1);
    if (minutes < 1 || minutes > MAX_MINUTES) {
      problems.add(
          fields.at("minutes"), "minutes must be from 1 to " + MAX_MINUTES + ", got " + minutes);
    }
    List<Fields.Located> quizRefs = fields.words("quizzes");

    if (body.isBlank()) {
      problems.add(
          new Location(file, Math.min(bodyFirstLine, lines.size() + 1), 1),
          "lesson has no text below the front matter");
    }
    Markdown.Rendered rendered = Markdown.lesson(body);
    List<Fields.Located> links = new ArrayList<>();
    for (Markdown.LessonLink link : rendered.links()) {
      links.add(
          new Fields.Located(
              link.destination(),
              new Location(file, bodyFirstLine + link.lineIndex(), link.columnIndex() + 1)));
    }
    Lesson lesson =
        new Lesson(
            id,
            title,
            order,
            summary,
            minutes,
            quizRefs.stream().map(Fields.Located::value).toList(),
            rendered.html(),
            rendered.headings(),
            file);
    return Optional.of(new Read(lesson, fields.at("id"), fields.at("order"), quizRefs, links));
  }

  /** Lesson and quiz ids are their file names, so links and URLs can be checked and guessed. */
  static void checkFileId(String id, String expected, Location at, Problems problems) {
    if (!Ids.FILE_ID.matcher(id).matches()) {
      problems.add(at, "id " + id + " must use lower-case letters, digits and hyphens");
    } else if (!id.equals(expected)) {
      problems.add(at, "id " + id + " does not match the file name (expected " + expected + ")");
    }
  }
}
