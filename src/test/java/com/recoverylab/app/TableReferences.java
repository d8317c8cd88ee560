package com.recoverylab.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds which source files name which tables in SQL, and which of those references break a table →
 * owning package map. Reads the Java sources rather than the bytecode so that SQL built from
 * several literals ({@code "... FROM" + " users"}) is seen whole; comments are skipped.
 */
final class TableReferences {
  private static final Pattern CREATE_TABLE =
      Pattern.compile("(?i)\\bcreate\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?([a-z0-9_]+)");
  // The words after which SQL names a table. Plain prose rarely puts one of our table names there.
  private static final Pattern SQL_TABLE =
      Pattern.compile("(?i)\\b(?:from|join|into|update|table|exists)\\s+([a-z0-9_]+)\\b");

  /** One table named in SQL by a source file outside the package that owns the table. */
  record Violation(String file, String packageName, String table, String owner) {
    @Override
    public String toString() {
      return file + " (" + packageName + ") names " + table + " in SQL, but " + owner + " owns it";
    }
  }

  private TableReferences() {}

  /** Every table a {@code CREATE TABLE} in the migration folder makes, lower case. */
  static Set<String> tablesCreatedIn(Path migrations) {
    Set<String> tables = new TreeSet<>();
    for (Path file : files(migrations, ".sql")) {
      Matcher m = CREATE_TABLE.matcher(read(file));
      while (m.find()) {
        tables.add(m.group(1).toLowerCase(Locale.ROOT));
      }
    }
    return tables;
  }

  /**
   * The ownership problems under {@code sourceRoot} (the folder above {@code com/}): SQL naming a
   * table outside its owner package, and tables that are created but have no owner in the map or
   * are mapped but never created. Packages are written relative to {@code basePackage}.
   */
  static List<String> problems(
      Path sourceRoot, String basePackage, Set<String> tables, Map<String, String> owners) {
    List<String> problems = new ArrayList<>();
    for (String table : tables) {
      if (!owners.containsKey(table)) {
        problems.add("table " + table + " has no owning package in the ownership map");
      }
    }
    for (String table : new TreeSet<>(owners.keySet())) {
      if (!tables.contains(table)) {
        problems.add("the ownership map names " + table + ", which no migration creates");
      }
    }
    violations(sourceRoot, basePackage, owners).forEach(v -> problems.add(v.toString()));
    return problems;
  }

  static List<Violation> violations(
      Path sourceRoot, String basePackage, Map<String, String> owners) {
    Path base = sourceRoot.resolve(basePackage.replace('.', '/'));
    List<Violation> found = new ArrayList<>();
    for (Path file : files(base, ".java")) {
      String pkg =
          base.relativize(file.getParent()).toString().replace('/', '.').replace('\\', '.');
      for (String table : tablesNamedInSql(read(file))) {
        String owner = owners.get(table);
        if (owner != null && !(pkg.equals(owner) || pkg.startsWith(owner + "."))) {
          found.add(new Violation(sourceRoot.relativize(file).toString(), pkg, table, owner));
        }
      }
    }
    return found;
  }

  /**
   * Table-like names that follow FROM, JOIN, INTO, UPDATE, TABLE or EXISTS in the file's string
   * literals.
   */
  static Set<String> tablesNamedInSql(String javaSource) {
    Set<String> names = new TreeSet<>();
    Matcher m = SQL_TABLE.matcher(String.join(" ", stringLiterals(javaSource)));
    while (m.find()) {
      names.add(m.group(1).toLowerCase(Locale.ROOT));
    }
    return names;
  }

  /**
   * The contents of the string literals and text blocks of a Java source, comments and chars
   * skipped.
   */
  static List<String> stringLiterals(String src) {
    List<String> literals = new ArrayList<>();
    int i = 0;
    int n = src.length();
    while (i < n) {
      char c = src.charAt(i);
      if (src.startsWith("//", i)) {
        int end = src.indexOf('\n', i);
        i = end < 0 ? n : end;
      } else if (src.startsWith("/*", i)) {
        int end = src.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (src.startsWith("\"\"\"", i)) {
        int end = src.indexOf("\"\"\"", i + 3);
        end = end < 0 ? n : end;
        literals.add(src.substring(i + 3, end));
        i = Math.min(n, end + 3);
      } else if (c == '"' || c == '\'') {
        StringBuilder text = new StringBuilder();
        int j = i + 1;
        while (j < n && src.charAt(j) != c && src.charAt(j) != '\n') {
          if (src.charAt(j) == '\\' && j + 1 < n) {
            j++;
          }
          text.append(src.charAt(j));
          j++;
        }
        if (c == '"') {
          literals.add(text.toString());
        }
        i = j + 1;
      } else {
        i++;
      }
    }
    return literals;
  }

  private static List<Path> files(Path dir, String suffix) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
