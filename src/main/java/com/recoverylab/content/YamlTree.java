package com.recoverylab.content;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into {@link YamlNode}s that remember their line and column. Jackson's streaming
 * parser is used (not its tree model) because the tree model forgets locations.
 */
final class YamlTree {
  private static final YAMLFactory FACTORY = new YAMLFactory();

  private YamlTree() {}

  /**
   * Parses one YAML document; {@code lineOffset} is added to every line (front matter starts below
   * the first {@code ---}). Syntax errors go to {@code problems}, and the result is empty.
   */
  static Optional<YamlNode> parse(String file, String text, int lineOffset, Problems problems) {
    try (JsonParser parser = FACTORY.createParser(text)) {
      Reader reader = new Reader(file, lineOffset, parser, problems);
      if (parser.nextToken() == null) {
        return Optional.empty();
      }
      return Optional.of(reader.node());
    } catch (JsonProcessingException e) {
      problems.add(syntaxLocation(file, lineOffset, e), "YAML syntax error: " + syntaxMessage(e));
      return Optional.empty();
    } catch (IOException e) {
      problems.add(new Location(file, 1 + lineOffset, 1), "cannot read YAML: " + e.getMessage());
      return Optional.empty();
    }
  }

  private static Location syntaxLocation(String file, int lineOffset, JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
      // SnakeYAML marks are 0-based. The problem mark points at the offending character, but when
      // the parser only noticed on a later line (an unclosed quote or bracket, a key without a
      // colon) the context mark shows where the broken construct starts, which is what to fix.
      Mark mark = marked.getProblemMark();
      if (marked.getContextMark() != null
          && marked.getContextMark().getLine() < mark.getLine()
          && marked.getContext() != null
          && (marked.getContext().startsWith("while scanning")
              || marked.getContext().startsWith("while parsing a flow"))) {
        mark = marked.getContextMark();
      }
      return new Location(file, mark.getLine() + 1 + lineOffset, mark.getColumn() + 1);
    }
    JsonLocation at = e.getLocation();
    if (at == null || at.getLineNr() < 1) {
      return new Location(file, 1 + lineOffset, 1);
    }
    return new Location(file, at.getLineNr() + lineOffset, Math.max(1, at.getColumnNr()));
  }

  private static String syntaxMessage(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
      return marked.getContext() == null
          ? marked.getProblem()
          : marked.getProblem() + " (" + marked.getContext() + ")";
    }
    String message = e.getOriginalMessage();
    return message == null ? "unreadable YAML" : message.lines().findFirst().orElse(message).trim();
  }

  private static final class Reader {
    private final String file;
    private final int lineOffset;
    private final JsonParser parser;
    private final Problems problems;

    Reader(String file, int lineOffset, JsonParser parser, Problems problems) {
      this.file = file;
      this.lineOffset = lineOffset;
      this.parser = parser;
      this.problems = problems;
    }

    /** Reads the value at the current token, leaving the parser on its last token. */
    YamlNode node() throws IOException {
      Location at = here();
      JsonToken token = parser.currentToken();
      switch (token) {
        case START_OBJECT:
          return mapping(at);
        case START_ARRAY:
          List<YamlNode> items = new ArrayList<>();
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(node());
          }
          return new YamlNode.Sequence(at, items);
        default:
          return scalar(at, token);
      }
    }

    private YamlNode mapping(Location at) throws IOException {
      Map<String, YamlNode.Field> fields = new LinkedHashMap<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        Location keyAt = here();
        parser.nextToken();
        YamlNode value = node();
        YamlNode.Field earlier = fields.get(key);
        if (earlier != null) {
          problems.add(
              keyAt,
              "duplicate field " + key + " (first at line " + earlier.keyLocation().line() + ")");
        } else {
          fields.put(key, new YamlNode.Field(key, keyAt, value));
        }
      }
      return new YamlNode.Mapping(at, fields);
    }

    private YamlNode scalar(Location at, JsonToken token) throws IOException {
      if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
        problems.add(at, "YAML aliases (*name) are not supported; write the value out");
      }
      YamlNode.Scalar.Type type =
          switch (token) {
            case VALUE_NUMBER_INT -> YamlNode.Scalar.Type.INTEGER;
            case VALUE_NUMBER_FLOAT -> YamlNode.Scalar.Type.DECIMAL;
            case VALUE_TRUE, VALUE_FALSE -> YamlNode.Scalar.Type.BOOLEAN;
            case VALUE_NULL -> YamlNode.Scalar.Type.NULL;
            default -> YamlNode.Scalar.Type.STRING;
          };
      return new YamlNode.Scalar(
          at, type == YamlNode.Scalar.Type.NULL ? null : parser.getText(), type);
    }

    private Location here() {
      JsonLocation location = parser.currentTokenLocation();
      return new Location(
          file, location.getLineNr() + lineOffset, Math.max(1, location.getColumnNr()));
    }
  }
}
