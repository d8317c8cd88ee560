package com.recoverylab.content;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A YAML value with the place it came from, so every content error can name file:line:column. */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

  Location location();

  /** A word, number, true/false or null; {@code text} is as written (null for a YAML null). */
  record Scalar(Location location, String text, Type type) implements YamlNode {
    enum Type {
      STRING,
      INTEGER,
      DECIMAL,
      BOOLEAN,
      NULL
    }
  }

  /** A field of a mapping: the key's location and the value. */
  record Field(String key, Location keyLocation, YamlNode value) {}

  record Mapping(Location location, Map<String, Field> fields) implements YamlNode {
    public Mapping {
      fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
  }

  record Sequence(Location location, List<YamlNode> items) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }
  }

  /** What the value is, in the words an author would use. */
  static String describe(YamlNode node) {
    if (node instanceof Mapping) {
      return "a group of fields";
    }
    if (node instanceof Sequence) {
      return "a list";
    }
    Scalar scalar = (Scalar) node;
    return scalar.type() == Scalar.Type.NULL ? "empty" : "\"" + scalar.text() + "\"";
  }
}
