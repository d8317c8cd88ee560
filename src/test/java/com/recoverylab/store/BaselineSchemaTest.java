package com.recoverylab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A new database is made by the newest baseline script (B), an older one by the V scripts: both
 * must end with the same schema, on H2 and on PostgreSQL. The dumps compare tables, columns (order,
 * type, size, nullability, default, identity), primary keys, unique constraints, foreign keys (with
 * their delete rule), indexes (columns, order, uniqueness) and the rows the scripts insert.
 */
class BaselineSchemaTest {
  private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
  private static final Pattern SCRIPT = Pattern.compile("([BV])(\\d+)__.+\\.sql");

  /**
   * Names H2 makes up for unnamed constraints, and for the index behind a constraint: they count
   * the objects made so far, so they differ between two ways to the same schema.
   */
  private static final Pattern H2_GENERATED =
      Pattern.compile("CONSTRAINT|(CONSTRAINT|PRIMARY_KEY)_[0-9A-F]+");

  private static final Pattern H2_CONSTRAINT_INDEX = Pattern.compile("(.+)_INDEX_[0-9A-F]+");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void the_baseline_builds_the_schema_the_v_scripts_build(String kind, @TempDir Path vScripts)
      throws Exception {
    for (Path script : scripts("V")) {
      Files.copy(script, vScripts.resolve(script.getFileName()));
    }
    TestDatabase byScripts = database(kind);
    Flyway.configure()
        .dataSource(byScripts.url(), byScripts.user(), byScripts.password())
        .locations("filesystem:" + vScripts)
        .load()
        .migrate();
    TestDatabase byBaseline = database(kind);
    open(byBaseline).close();

    assertEquals(
        history(byBaseline).get(0).type(),
        "SQL_BASELINE",
        "the new database was not made by the baseline: " + history(byBaseline));
    assertTrue(
        history(byScripts).stream().noneMatch(m -> m.type().contains("BASELINE")),
        "the V scripts alone should have made this one: " + history(byScripts));
    List<String> expected = dump(byScripts);
    List<String> actual = dump(byBaseline);
    assertTrue(expected.size() > 200, "the dump should describe the schema: " + expected);
    List<String> missing = expected.stream().filter(f -> !actual.contains(f)).toList();
    List<String> extra = actual.stream().filter(f -> !expected.contains(f)).toList();
    assertEquals(
        List.of(),
        Stream.concat(
                missing.stream().map(f -> "only by V1..V" + newestV() + ": " + f),
                extra.stream().map(f -> "only by the baseline: " + f))
            .toList(),
        "the newest baseline script differs from the V scripts (see CONTRIBUTING.md, Migrations)");
  }

  @Test
  void a_new_database_runs_the_newest_baseline_alone() throws Exception {
    int newestV = newest("V");
    int newestB = newest("B");
    assertEquals(
        newestV,
        newestB,
        "V"
            + newestV
            + " is above the newest baseline B"
            + newestB
            + ": add B"
            + newestV
            + " (B"
            + newestB
            + " with the V scripts above "
            + newestB
            + " folded in) so a new database still runs one script; keep B"
            + newestB
            + " as it is (CONTRIBUTING.md, Migrations)");
    TestDatabase db = TestDatabases.h2();
    open(db).close();
    assertEquals(
        List.of(new Applied(String.valueOf(newestB), "SQL_BASELINE")),
        history(db),
        "what Flyway applied to a new database");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void a_database_the_v_scripts_made_gets_only_the_newer_v_scripts(String kind, @TempDir Path older)
      throws Exception {
    List<Path> vScripts = scripts("V");
    // a database from before the newest migration: it must get that one, and never the baseline
    for (Path script : vScripts.subList(0, vScripts.size() - 1)) {
      Files.copy(script, older.resolve(script.getFileName()));
    }
    TestDatabase db = database(kind);
    Flyway.configure()
        .dataSource(db.url(), db.user(), db.password())
        .locations("filesystem:" + older)
        .load()
        .migrate();
    List<Applied> before = history(db);

    open(db).close();
    List<Applied> after = history(db);
    assertEquals(before, after.subList(0, before.size()), "the history it had stays");
    assertEquals(
        List.of(new Applied(String.valueOf(version(vScripts.get(vScripts.size() - 1))), "SQL")),
        after.subList(before.size(), after.size()),
        "what Flyway applied to a database one migration behind");

    // at the newest version already: nothing to apply, and the baseline does not count as missing
    open(db).close();
    assertEquals(after, history(db));
  }

  private record Applied(String version, String type) {}

  private static Database open(TestDatabase db) {
    return Database.open(db.url(), db.user(), db.password(), db.url(), 2);
  }

  private static TestDatabase database(String kind) {
    return kind.equals("h2") ? TestDatabases.h2() : TestDatabases.postgres();
  }

  private static List<Path> scripts(String prefix) throws IOException {
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith(prefix))
          .sorted(Comparator.comparingInt(BaselineSchemaTest::version))
          .toList();
    }
  }

  private static int version(Path script) {
    Matcher name = SCRIPT.matcher(script.getFileName().toString());
    if (!name.matches()) {
      throw new IllegalStateException("not a migration script name: " + script);
    }
    return Integer.parseInt(name.group(2));
  }

  private static int newestV() {
    try {
      return newest("V");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int newest(String prefix) throws IOException {
    List<Path> found = scripts(prefix);
    assertTrue(!found.isEmpty(), "no " + prefix + " script in " + MIGRATIONS);
    return version(found.get(found.size() - 1));
  }

  private static List<Applied> history(TestDatabase db) throws SQLException {
    List<Applied> applied = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT \"version\", \"type\" FROM \"flyway_schema_history\""
                    + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
      while (rows.next()) {
        applied.add(new Applied(rows.getString(1), rows.getString(2)));
      }
    }
    return applied;
  }

  /** The schema as sorted lines of facts, each one comparable between two databases. */
  private static List<String> dump(TestDatabase db) throws SQLException {
    Set<String> facts = new TreeSet<>();
    boolean postgres = db.kind().equals("postgresql");
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
      // columns, in their order (PostgreSQL leaves gaps where columns were dropped: use the rank)
      Map<String, Integer> position = new LinkedHashMap<>();
      for (Map<String, String> col :
          rows(
              c,
              "SELECT table_name, column_name, data_type, character_maximum_length,"
                  + " numeric_precision, numeric_scale, is_nullable, column_default, is_identity"
                  + " FROM information_schema.columns WHERE LOWER(table_schema) = 'public'"
                  + " ORDER BY table_name, ordinal_position")) {
        String table = col.get("table_name").toLowerCase();
        int rank = position.merge(table, 1, Integer::sum);
        facts.add(
            String.join(
                " ",
                "column",
                table + "." + col.get("column_name").toLowerCase(),
                "#" + rank,
                col.get("data_type"),
                "len=" + col.get("character_maximum_length"),
                "precision=" + col.get("numeric_precision"),
                "scale=" + col.get("numeric_scale"),
                "nullable=" + col.get("is_nullable"),
                "default=" + col.get("column_default"),
                "identity=" + col.get("is_identity")));
      }
      facts.addAll(constraints(c));
      facts.addAll(postgres ? postgresIndexes(c) : h2Indexes(c));
      for (String table : position.keySet()) {
        if (!table.equals("flyway_schema_history")) {
          facts.addAll(tableRows(c, table));
        }
      }
    }
    return List.copyOf(facts);
  }

  /** Primary keys, unique constraints and foreign keys, with their columns in order. */
  private static List<String> constraints(Connection c) throws SQLException {
    Map<String, List<String>> columns = new LinkedHashMap<>();
    for (Map<String, String> key :
        rows(
            c,
            "SELECT constraint_name, column_name FROM information_schema.key_column_usage"
                + " WHERE LOWER(table_schema) = 'public' ORDER BY constraint_name,"
                + " ordinal_position")) {
      columns
          .computeIfAbsent(key.get("constraint_name"), k -> new ArrayList<>())
          .add(key.get("column_name").toLowerCase());
    }
    Map<String, String> tableOf = new LinkedHashMap<>();
    List<Map<String, String>> all =
        rows(
            c,
            "SELECT constraint_name, constraint_type, table_name FROM"
                + " information_schema.table_constraints WHERE LOWER(table_schema) = 'public'"
                + " AND constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')");
    all.forEach(k -> tableOf.put(k.get("constraint_name"), k.get("table_name").toLowerCase()));
    Map<String, Map<String, String>> references = new LinkedHashMap<>();
    for (Map<String, String> ref :
        rows(
            c,
            "SELECT constraint_name, unique_constraint_name, update_rule, delete_rule FROM"
                + " information_schema.referential_constraints"
                + " WHERE LOWER(constraint_schema) = 'public'")) {
      references.put(ref.get("constraint_name"), ref);
    }
    List<String> facts = new ArrayList<>();
    for (Map<String, String> k : all) {
      String name = k.get("constraint_name");
      String fact =
          String.join(
              " ",
              k.get("constraint_type").toLowerCase(),
              tableOf.get(name) + columns.get(name),
              "name=" + comparableName(name));
      Map<String, String> ref = references.get(name);
      if (ref != null) {
        String target = ref.get("unique_constraint_name");
        fact +=
            " references "
                + tableOf.get(target)
                + columns.get(target)
                + " on update "
                + ref.get("update_rule")
                + " on delete "
                + ref.get("delete_rule");
      }
      facts.add(fact);
    }
    return facts;
  }

  private static List<String> h2Indexes(Connection c) throws SQLException {
    Map<String, String> indexes = new LinkedHashMap<>();
    for (Map<String, String> col :
        rows(
            c,
            "SELECT i.table_name, i.index_name, i.index_type_name, ic.column_name,"
                + " ic.ordering_specification, ic.null_ordering FROM information_schema.indexes i"
                + " JOIN information_schema.index_columns ic ON ic.index_schema = i.index_schema"
                + " AND ic.index_name = i.index_name WHERE i.table_schema = 'PUBLIC'"
                + " ORDER BY i.table_name, i.index_name, ic.ordinal_position")) {
      String key =
          "index "
              + col.get("table_name").toLowerCase()
              + " "
              + col.get("index_type_name")
              + " name="
              + comparableName(col.get("index_name"))
              + " "
              + col.get("index_name");
      String column =
          col.get("column_name").toLowerCase()
              + " "
              + col.get("ordering_specification")
              + " nulls "
              + col.get("null_ordering");
      indexes.merge(key, column, (a, b) -> a + ", " + b);
    }
    List<String> facts = new ArrayList<>();
    // the generated name itself (last word of the key) differs between the two; drop it
    indexes.forEach(
        (key, cols) -> facts.add(key.substring(0, key.lastIndexOf(' ')) + " (" + cols + ")"));
    return facts;
  }

  private static List<String> postgresIndexes(Connection c) throws SQLException {
    List<String> facts = new ArrayList<>();
    for (Map<String, String> index :
        rows(c, "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'")) {
      facts.add("index " + index.get("indexdef"));
    }
    return facts;
  }

  /** The rows the scripts insert (the sandbox's demo course), without their insertion times. */
  private static List<String> tableRows(Connection c, String table) throws SQLException {
    List<String> facts = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT * FROM " + table)) {
      ResultSetMetaData meta = rows.getMetaData();
      while (rows.next()) {
        StringBuilder row = new StringBuilder("row " + table);
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          int type = meta.getColumnType(i);
          boolean time =
              type == Types.TIMESTAMP_WITH_TIMEZONE
                  || type == Types.TIMESTAMP
                  || type == Types.TIME_WITH_TIMEZONE;
          row.append(' ')
              .append(meta.getColumnName(i).toLowerCase())
              .append('=')
              .append(time ? (rows.getObject(i) == null ? "null" : "(a time)") : rows.getString(i));
        }
        facts.add(row.toString());
      }
    }
    return facts;
  }

  private static String comparableName(String name) {
    Matcher ofConstraint = H2_CONSTRAINT_INDEX.matcher(name);
    if (ofConstraint.matches()) {
      return "index of " + comparableName(ofConstraint.group(1));
    }
    return H2_GENERATED.matcher(name).matches() ? "(generated)" : name.toLowerCase();
  }

  private static List<Map<String, String>> rows(Connection c, String sql) throws SQLException {
    List<Map<String, String>> result = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rows = s.executeQuery(sql)) {
      ResultSetMetaData meta = rows.getMetaData();
      while (rows.next()) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i).toLowerCase(), rows.getString(i));
        }
        result.add(row);
      }
    }
    return result;
  }
}
