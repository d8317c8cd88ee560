package com.recoverylab.app;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One owner per table (DESIGN.md rule 7): only the owning feature's classes name a table in SQL;
 * every other feature calls the owner's public API. A new table is one more line in {@link
 * #OWNERS}; docs/architecture.md draws the same map.
 */
class TableOwnershipTest {
  /** Table → the package (below com.recoverylab) whose repositories alone may touch it. */
  static final Map<String, String> OWNERS =
      Map.ofEntries(
          entry("platforms", "lti.registration"),
          entry("deployments", "lti.registration"),
          entry("registration_invites", "lti.registration"),
          entry("tool_keys", "lti.keys"),
          entry("oidc_states", "lti.launch"),
          entry("used_nonces", "lti.launch"),
          entry("launch_tickets", "lti.launch"),
          entry("lti11_consumers", "lti.legacy"),
          entry("lti11_nonces", "lti.legacy"),
          entry("legacy_outcomes", "lti.legacy"),
          entry("users", "course"),
          entry("courses", "course"),
          entry("resource_links", "course"),
          entry("assignment_settings", "course"),
          entry("launch_sessions", "web"),
          entry("lesson_reads", "content"),
          entry("quiz_attempts", "quiz"),
          entry("quiz_answers", "quiz"),
          entry("quiz_answer_choices", "quiz"),
          entry("attempt_resets", "instructor"),
          entry("review_cards", "review"),
          entry("review_links_off", "review"),
          entry("line_item_claims", "lti.services"),
          entry("grade_outbox", "grading"),
          entry("line_item_updates", "grading"),
          entry("sandbox_users", "sandbox"),
          entry("sandbox_activities", "sandbox"),
          entry("sandbox_line_items", "sandbox"),
          entry("sandbox_results", "sandbox"),
          entry("sandbox_settings", "sandbox"),
          entry("sandbox_launches", "sandbox"),
          entry("sandbox_keys", "sandbox"),
          entry("sandbox_tokens", "sandbox"),
          entry("sandbox_assertion_ids", "sandbox"));

  private static final Path SOURCES = Path.of("src/main/java");
  private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

  @Test
  void every_table_has_one_owner_and_only_the_owner_names_it_in_sql() {
    Set<String> tables = TableReferences.tablesCreatedIn(MIGRATIONS);
    assertTrue(
        tables.size() > 20, "the migrations should create the product's tables, found " + tables);
    List<String> problems = TableReferences.problems(SOURCES, "com.recoverylab", tables, OWNERS);
    assertTrue(
        problems.isEmpty(),
        "table ownership (docs/architecture.md):\n  " + String.join("\n  ", problems));
  }

  @Test
  void the_check_reports_sql_outside_the_owner_and_ignores_comments_and_prose(@TempDir Path root)
      throws IOException {
    write(
        root,
        "com/example/quiz/AttemptRepository.java",
        "class AttemptRepository { String sql = \"SELECT id FROM quiz_attempts WHERE id = ?\"; }");
    write(
        root,
        "com/example/instructor/ResetRepository.java",
        String.join(
            "\n",
            "class ResetRepository {",
            "  // DELETE FROM quiz_attempts is what the quiz API does for us",
            "  String message = \"attempts reset from the quiz page\";",
            "  String sql = \"DELETE FROM\" + \" quiz_attempts WHERE user_id = ?\";",
            "}"));
    write(
        root,
        "com/example/instructor/Notes.java",
        "class Notes { /* SELECT * FROM quiz_attempts */ String s = \"select from the list\"; }");

    List<TableReferences.Violation> violations =
        TableReferences.violations(root, "com.example", Map.of("quiz_attempts", "quiz"));

    assertEquals(
        List.of(
            new TableReferences.Violation(
                Path.of("com/example/instructor/ResetRepository.java").toString(),
                "instructor",
                "quiz_attempts",
                "quiz")),
        violations);
  }

  @Test
  void an_unmapped_or_stale_table_is_a_problem(@TempDir Path root) throws IOException {
    write(
        root,
        "db/V1__a.sql",
        "CREATE TABLE quiz_attempts (id INT);\ncreate table if not exists review_cards (id INT);");
    write(root, "src/com/example/quiz/Q.java", "class Q {}");

    Set<String> tables = TableReferences.tablesCreatedIn(root.resolve("db"));
    List<String> problems =
        TableReferences.problems(
            root.resolve("src"),
            "com.example",
            tables,
            Map.of("quiz_attempts", "quiz", "gone_table", "quiz"));

    assertEquals(Set.of("quiz_attempts", "review_cards"), tables);
    assertEquals(
        List.of(
            "table review_cards has no owning package in the ownership map",
            "the ownership map names gone_table, which no migration creates"),
        problems);
  }

  private static void write(Path root, String relative, String text) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
