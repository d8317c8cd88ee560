package com.recoverylab.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the fields of one YAML mapping, reporting unknown fields, missing required fields and
 * values of the wrong type as problems at the value's location. A missing or bad value reads as
 * empty, so reading goes on and every problem in the file is found in one pass.
 */
final class Fields {
  private final String what;
  private final Location location;
  private final Map<String, YamlNode.Field> fields;
  private final Problems problems;

  /**
   * @param what the kind of thing the mapping describes, for messages ("question", "option")
   * @param allowed every field this kind of thing may have
   */
  Fields(YamlNode node, String what, List<String> allowed, Problems problems) {
    this.what = what;
    this.location = node.location();
    this.problems = problems;
    if (node instanceof YamlNode.Mapping mapping) {
      this.fields = mapping.fields();
      for (YamlNode.Field field : fields.values()) {
        if (!allowed.contains(field.key())) {
          problems.add(
              field.keyLocation(),
              "unknown field "
                  + field.key()
                  + " in "
                  + what
                  + " (allowed: "
                  + String.join(", ", allowed)
                  + ")");
        }
      }
    } else {
      this.fields = Map.of();
      problems.add(
          location,
          what + " must be a group of fields (name: value), got " + YamlNode.describe(node));
    }
  }

  Location location() {
    return location;
  }

  boolean has(String key) {
    return fields.containsKey(key);
  }

  /** Where the value of {@code key} is, or where the mapping starts when it is missing. */
  Location at(String key) {
    YamlNode.Field field = fields.get(key);
    return field == null ? location : field.value().location();
  }

  Optional<YamlNode> node(String key) {
    return Optional.ofNullable(fields.get(key)).map(YamlNode.Field::value);
  }

  /** The text of a required field; empty (and a problem) when missing, blank or not text. */
  Optional<String> requiredText(String key) {
    if (!fields.containsKey(key)) {
      problems.add(location, what + " is missing " + key);
      return Optional.empty();
    }
    return text(key);
  }

  Optional<String> text(String key) {
    return node(key)
        .flatMap(
            value -> {
              if (!(value instanceof YamlNode.Scalar scalar)) {
                problems.add(
                    value.location(), key + " must be text, got " + YamlNode.describe(value));
                return Optional.empty();
              }
              if (scalar.text() == null || scalar.text().isBlank()) {
                problems.add(value.location(), key + " is empty");
                return Optional.empty();
              }
              return Optional.of(scalar.text().strip());
            });
  }

  Optional<Integer> requiredInteger(String key) {
    if (!fields.containsKey(key)) {
      problems.add(location, what + " is missing " + key);
      return Optional.empty();
    }
    return integer(key);
  }

  Optional<Integer> integer(String key) {
    return node(key)
        .flatMap(
            value -> {
              if (value instanceof YamlNode.Scalar scalar
                  && scalar.type() == YamlNode.Scalar.Type.INTEGER) {
                try {
                  return Optional.of(
                      Integer.parseInt(scalar.text().replace("_", "").replace("+", "")));
                } catch (NumberFormatException e) {
                  // too large for an int: reported below like any other bad number
                }
              }
              problems.add(
                  value.location(),
                  key + " must be a whole number, got " + YamlNode.describe(value));
              return Optional.empty();
            });
  }

  Optional<Double> requiredNumber(String key) {
    if (!fields.containsKey(key)) {
      problems.add(location, what + " is missing " + key);
      return Optional.empty();
    }
    return number(key);
  }

  Optional<Double> number(String key) {
    return node(key)
        .flatMap(
            value -> {
              if (value instanceof YamlNode.Scalar scalar
                  && (scalar.type() == YamlNode.Scalar.Type.INTEGER
                      || scalar.type() == YamlNode.Scalar.Type.DECIMAL)) {
                try {
                  double number = Double.parseDouble(scalar.text().replace("_", ""));
                  if (Double.isFinite(number)) {
                    return Optional.of(number);
                  }
                } catch (NumberFormatException e) {
                  // YAML forms like 0x1F or .inf: reported below
                }
              }
              problems.add(
                  value.location(), key + " must be a number, got " + YamlNode.describe(value));
              return Optional.empty();
            });
  }

  Optional<Boolean> bool(String key) {
    return node(key)
        .flatMap(
            value -> {
              if (value instanceof YamlNode.Scalar scalar
                  && scalar.type() == YamlNode.Scalar.Type.BOOLEAN) {
                return Optional.of(
                    Boolean.parseBoolean(scalar.text().strip().toLowerCase(java.util.Locale.ROOT)));
              }
              problems.add(
                  value.location(),
                  key + " must be true or false, got " + YamlNode.describe(value));
              return Optional.empty();
            });
  }

  /**
   * The items of a list field; a missing required list is a problem, a missing optional one is
   * empty.
   */
  List<YamlNode> list(String key, boolean required) {
    Optional<YamlNode> value = node(key);
    if (value.isEmpty()) {
      if (required) {
        problems.add(location, what + " is missing " + key);
      }
      return List.of();
    }
    if (value.get() instanceof YamlNode.Sequence sequence) {
      return sequence.items();
    }
    if (value.get() instanceof YamlNode.Scalar scalar
        && scalar.type() == YamlNode.Scalar.Type.NULL
        && !required) {
      return List.of();
    }
    problems.add(
        value.get().location(), key + " must be a list, got " + YamlNode.describe(value.get()));
    return List.of();
  }

  /** A list of words (ids, tags), each with its location. */
  List<Located> words(String key) {
    List<Located> words = new ArrayList<>();
    for (YamlNode item : list(key, false)) {
      if (item instanceof YamlNode.Scalar scalar
          && scalar.text() != null
          && !scalar.text().isBlank()) {
        words.add(new Located(scalar.text().strip(), scalar.location()));
      } else {
        problems.add(item.location(), key + " must list ids, got " + YamlNode.describe(item));
      }
    }
    return words;
  }

  /** A word read from the content with where it was written. */
  record Located(String value, Location location) {}
}
