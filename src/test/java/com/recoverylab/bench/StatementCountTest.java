package com.recoverylab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.app.AppServer;
import com.recoverylab.content.ContentSources;
import com.recoverylab.content.Question;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlRadioButtonInput;
import org.htmlunit.html.HtmlSelect;
import org.junit.jupiter.api.Test;

/**
 * How many SQL statements the busiest requests cost, counted by H2's own query statistics while a
 * student launches, reads a question and submits through the real server. Every statement is a
 * round trip (on PostgreSQL a network one) and, in autocommit, a commit: a change that adds one to
 * these paths must say why and raise the pinned count.
 */
class StatementCountTest {
  /**
   * A repeat launch: login initiation, id_token post (all checks, launch recorded), quiz start
   * page; one of them is the spaced review's due-card count, its one indexed query per launch. The
   * platform and deployment checks of login and id_token read no rows while the node remembers the
   * registration ({@code RememberedRegistrations}, warmed here by the classmate's launch). The
   * id_token's nonce is used up with its login state, without an INSERT of its own (17 before).
   */
  static final int REPEAT_LAUNCH = 16;

  /**
   * The first launch of a new student in a known course and link (20 before the nonce's INSERT
   * went).
   */
  static final int FIRST_LAUNCH = 19;

  /** One question of an open attempt. */
  static final int QUESTION_PAGE = 4;

  /**
   * Save and submit all answers (scored, grade queued) and the result page, without the review card
   * statements: whether the wrong answers reveal a misconception depends on the attempt's shuffle,
   * so they are checked on their own. The POST reads the stored answers once, in the transaction
   * that saves: it leaves out the answers to questions already closed, so the servlet no longer
   * reads them first (20 before).
   */
  static final int SAVE_AND_SUBMIT = 19;

  /**
   * The review card statements of a first attempt that revealed misconceptions, however many: the
   * learner's cards for the tags locked in one statement, the new ones added in one.
   */
  static final int CARD_STATEMENTS = 2;

  @Test
  void launches_question_pages_and_submissions_keep_their_statement_counts() throws Exception {
    Map<String, String> settings = TestServer.settings(TestDatabases.h2());
    // the outbox worker polls once at start and then not again during the test
    settings.put("GRADE_WORKER_INTERVAL_MS", "3600000");
    try (AppServer server = TestServer.start(settings);
        FakePlatform moodle = FakePlatform.start().registerWith(server);
        WebClient first = TestServer.browser();
        WebClient browser = TestServer.browser();
        Connection statistics = server.database().dataSource().getConnection()) {
      // the course, the link and the platform's keys exist once someone has launched
      FakePlatform.Launch classmate = moodle.launch().content("quiz:myth-check");
      classmate.userId = "40";
      moodle.run(first, classmate);

      FakePlatform.Launch launch = moodle.launch().content("quiz:myth-check");
      launch.userId = "41";
      Map<String, Long> firstLaunch = counted(statistics, () -> moodle.run(browser, launch));
      assertTrue(
          browser
              .getCurrentWindow()
              .getEnclosedPage()
              .getUrl()
              .getPath()
              .equals("/quizzes/myth-check"));
      Map<String, Long> repeatLaunch = counted(statistics, () -> moodle.run(browser, launch));
      HtmlPage start = (HtmlPage) browser.getCurrentWindow().getEnclosedPage();
      assertEquals("/quizzes/myth-check", start.getUrl().getPath());

      HtmlPage question =
          start
              .getHtmlElementById("main")
              .<HtmlButton>getFirstByXPath("//button[@value='one']")
              .click();
      assertTrue(
          question.getUrl().getPath().matches("/quizzes/myth-check/attempts/\\d+"),
          question.getUrl().toString());
      String questionUrl = question.getUrl().toString();
      Map<String, Long> questionPage = counted(statistics, () -> browser.getPage(questionUrl));
      HtmlPage again = (HtmlPage) browser.getCurrentWindow().getEnclosedPage();
      assertEquals(200, again.getWebResponse().getStatusCode());

      HtmlPage all = browser.getPage(questionUrl.replaceFirst("(/attempts/\\d+)", "$1/all"));
      answerEveryQuestion(all);
      HtmlButton submit = all.getFirstByXPath("//button[@name='action' and @value='submit']");
      Map<String, Long> submitted = counted(statistics, submit::click);
      HtmlPage result = (HtmlPage) browser.getCurrentWindow().getEnclosedPage();
      assertTrue(result.getUrl().getPath().endsWith("/result"), result.getUrl().toString());
      Map<String, Long> submission = new LinkedHashMap<>(submitted);
      submission.keySet().removeIf(sql -> sql.contains("review_cards"));
      long cardWrites =
          submitted.entrySet().stream()
              .filter(e -> e.getKey().contains("review_cards"))
              .mapToLong(Map.Entry::getValue)
              .sum();
      long attemptId = Long.parseLong(questionUrl.replaceFirst(".*/attempts/(\\d+).*", "$1"));
      assertTrue(revealedTags(statistics, attemptId) > 0, "the answers revealed a misconception");
      assertEquals(
          CARD_STATEMENTS,
          cardWrites,
          "the review card statements of the attempt: " + submitted.keySet());

      assertAll(
          Map.of(
              "repeat launch", new Pinned(REPEAT_LAUNCH, repeatLaunch),
              "first launch", new Pinned(FIRST_LAUNCH, firstLaunch),
              "question page", new Pinned(QUESTION_PAGE, questionPage),
              "save and submit", new Pinned(SAVE_AND_SUBMIT, submission)));
    }
  }

  private record Pinned(int expected, Map<String, Long> statements) {
    long total() {
      return statements.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Fails once, naming every path whose count moved and the statements it ran. */
  private static void assertAll(Map<String, Pinned> paths) {
    StringBuilder report = new StringBuilder();
    paths.forEach(
        (path, pinned) -> {
          if (pinned.total() != pinned.expected()) {
            report
                .append(path)
                .append(": ")
                .append(pinned.total())
                .append(" statements, pinned ")
                .append(pinned.expected())
                .append(pinned.total() < pinned.expected() ? " (fewer: lower the pin)" : "")
                .append('\n')
                .append(
                    pinned.statements().entrySet().stream()
                        .map(e -> "  " + e.getValue() + " x " + e.getKey())
                        .collect(Collectors.joining("\n")))
                .append('\n');
          }
        });
    assertTrue(report.isEmpty(), report.toString());
  }

  /** Distinct misconceptions the attempt's wrong picks revealed. */
  private static long revealedTags(Connection connection, long attemptId) throws SQLException {
    try (java.sql.PreparedStatement s =
        connection.prepareStatement(
            "SELECT COUNT(DISTINCT misconception)"
                + " FROM quiz_answer_choices WHERE attempt_id = ? AND correct = FALSE AND misconception IS NOT NULL")) {
      s.setLong(1, attemptId);
      try (ResultSet rows = s.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /**
   * What H2's driver runs when the pool opens a new connection; the pool grows in the background at
   * its own moment, so these belong to no request.
   */
  private static final java.util.regex.Pattern CONNECTION_SETUP =
      java.util.regex.Pattern.compile(
          "CALL DATABASE\\(\\)|CALL READONLY\\(\\)|SET DB_CLOSE_ON_EXIT .*");

  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  /** The statements (text and executions) the database ran during the step. */
  private static Map<String, Long> counted(Connection statistics, Step step) throws Exception {
    try (Statement s = statistics.createStatement()) {
      // turning the statistics off clears them; on again starts a new count
      s.execute("SET QUERY_STATISTICS FALSE");
      s.execute("SET QUERY_STATISTICS TRUE");
    }
    step.run();
    Map<String, Long> statements = new LinkedHashMap<>();
    try (Statement s = statistics.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT SQL_STATEMENT, EXECUTION_COUNT FROM INFORMATION_SCHEMA.QUERY_STATISTICS"
                    + " ORDER BY SQL_STATEMENT")) {
      while (rows.next()) {
        String sql = rows.getString(1).replaceAll("\\s+", " ");
        if (!sql.contains("INFORMATION_SCHEMA.QUERY_STATISTICS")
            && !CONNECTION_SETUP.matcher(sql).matches()) {
          statements.put(sql, rows.getLong(2));
        }
      }
    } finally {
      try (Statement s = statistics.createStatement()) {
        s.execute("SET QUERY_STATISTICS FALSE");
      } catch (SQLException ignored) {
        // the counts are read; the next count turns them on again
      }
    }
    return statements;
  }

  /** The first choice of every radio group and select, as a hurried student answers. */
  /**
   * Answers every question; single-answer ones with a wrong option that carries a misconception, so
   * the submission always writes review cards (the shuffle decides nothing here).
   */
  private static void answerEveryQuestion(HtmlPage page) {
    Set<String> revealing =
        ContentSources.open(Optional.of(Path.of(".")), false).get().quizzes().stream()
            .filter(q -> q.id().equals("myth-check"))
            .flatMap(q -> q.questions().stream())
            .filter(Question.Choice.class::isInstance)
            .flatMap(
                q ->
                    ((Question.Choice) q)
                        .options().stream()
                            .filter(o -> !o.correct() && o.misconception() != null)
                            .map(o -> q.id() + ":option=" + o.id()))
            .collect(Collectors.toSet());
    for (DomElement input : page.getElementsByTagName("input")) {
      if (input instanceof HtmlRadioButtonInput radio
          && revealing.contains(radio.getNameAttribute() + "=" + radio.getValueAttribute())) {
        radio.setChecked(true);
      }
    }
    for (DomElement input : page.getElementsByTagName("input")) {
      if (input instanceof HtmlRadioButtonInput radio
          && page.getElementsByName(radio.getNameAttribute()).stream()
              .noneMatch(e -> e instanceof HtmlRadioButtonInput r && r.isChecked())) {
        radio.setChecked(true);
      }
    }
    int position = 0;
    for (DomElement element : page.getElementsByTagName("select")) {
      HtmlSelect select = (HtmlSelect) element;
      if (select.getNameAttribute().contains(":rank:")) {
        select.setSelectedAttribute(String.valueOf(++position), true);
      } else if (select.getOptionSize() > 1) {
        select.setSelectedAttribute(select.getOption(1), true);
      }
    }
  }
}
