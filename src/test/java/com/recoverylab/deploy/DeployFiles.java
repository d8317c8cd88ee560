package com.recoverylab.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the files under deploy/ as an administrator's tools would. */
final class DeployFiles {
  static final Path DEPLOY = Path.of("deploy");
  private static final YAMLMapper YAML = new YAMLMapper();

  private DeployFiles() {}

  /** Every YAML document in the file (--- separated), skipping empty ones. */
  static List<JsonNode> yamlDocuments(Path file) {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNextValue()) {
        JsonNode document = it.nextValue();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          documents.add(document);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
    return documents;
  }

  static JsonNode yaml(Path file) {
    List<JsonNode> documents = yamlDocuments(file);
    if (documents.size() != 1) {
      throw new AssertionError(file + " should hold one YAML document, holds " + documents.size());
    }
    return documents.get(0);
  }

  static String text(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Kubernetes quantity such as 512Mi, 1Gi, 250m or 1, in bytes or whole units. */
  static double quantity(String value) {
    String[][] suffixes = {
      {"Ki", "1024"},
      {"Mi", "1048576"},
      {"Gi", "1073741824"},
      {"m", "0.001"},
      {"k", "1000"},
      {"M", "1000000"},
      {"G", "1000000000"}
    };
    for (String[] suffix : suffixes) {
      if (value.endsWith(suffix[0])) {
        return Double.parseDouble(value.substring(0, value.length() - suffix[0].length()))
            * Double.parseDouble(suffix[1]);
      }
    }
    return Double.parseDouble(value);
  }
}
