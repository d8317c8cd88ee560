package com.recoverylab.content;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code quizzes/_misconceptions.yaml}: tag → description and the lesson section that
 * corrects it.
 */
final class MisconceptionReader {
  static final String FILE = "quizzes/_misconceptions.yaml";
  private static final List<String> FIELDS = List.of("description", "link");

  private MisconceptionReader() {}

  /** The declared misconceptions, each with where its tag and link were written. */
  record Read(
      Map<String, Misconception> misconceptions, List<Fields.Located> links, boolean readable) {}

  static Read read(String text, Problems problems) {
    Map<String, Misconception> found = new LinkedHashMap<>();
    List<Fields.Located> links = new ArrayList<>();
    java.util.Optional<YamlNode> parsed = YamlTree.parse(FILE, text, 0, problems);
    parsed.ifPresent(
        root -> {
          if (!(root instanceof YamlNode.Mapping mapping)) {
            problems.add(
                root.location(), "misconceptions must be tags, each with a description and a link");
            return;
          }
          for (YamlNode.Field entry : mapping.fields().values()) {
            Ids.checkInner(entry.key(), entry.keyLocation(), "misconception tag", problems);
            Fields fields =
                new Fields(entry.value(), "misconception " + entry.key(), FIELDS, problems);
            String description = fields.requiredText("description").orElse("");
            String link = fields.text("link").orElse(null);
            if (link != null) {
              links.add(new Fields.Located(link, fields.at("link")));
            }
            found.put(entry.key(), new Misconception(entry.key(), description, link));
          }
        });
    // an unparsable file has its syntax error reported; every tag would otherwise look undeclared
    return new Read(found, links, parsed.isPresent() || text.isBlank());
  }
}
