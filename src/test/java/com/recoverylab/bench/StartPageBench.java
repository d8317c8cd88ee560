package com.recoverylab.bench;

import com.recoverylab.app.AppServer;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlPage;

/**
 * The quiz start page of learners with short and long histories, timed in one process on H2 (run by
 * hand, not by {@code mvn verify}). For each size in {@code bench.attempts} (default {@code 0,200})
 * a learner launches the benchmark's quiz, starts an attempt and gets that many earlier submitted
 * attempts (copies of the open one, each a second older); the start page is then read {@code
 * bench.pages} times (default 2,000) in each of {@code bench.rounds} rounds (default 5), after one
 * untimed round. The CPU is the request threads' own ({@link ThreadCpu}, {@code http-#}), so the
 * HtmlUnit client does not count; the report gives each round and the median. Run with {@code mvn
 * -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=com.recoverylab.bench.StartPageBench}.
 */
public final class StartPageBench {
  private StartPageBench() {}

  public static void main(String[] args) throws Exception {
    int[] sizes =
        Arrays.stream(System.getProperty("bench.attempts", "0,200").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int pages = Integer.getInteger("bench.pages", 2000);
    int rounds = Integer.getInteger("bench.rounds", 5);
    Map<String, String> settings = TestServer.settings(TestDatabases.h2());
    // no grade worker polls during the run
    settings.put("GRADE_WORKER_INTERVAL_MS", "3600000");
    long pid = ProcessHandle.current().pid();
    try (AppServer server = TestServer.start(settings);
        FakePlatform moodle = FakePlatform.start().registerWith(server)) {
      for (int size : sizes) {
        try (WebClient browser = TestServer.browser()) {
          FakePlatform.Launch launch = moodle.launch().content("quiz:myth-check");
          launch.userId = "history-" + size;
          moodle.run(browser, launch);
          HtmlPage start = (HtmlPage) browser.getCurrentWindow().getEnclosedPage();
          HtmlPage question =
              start
                  .getHtmlElementById("main")
                  .<HtmlButton>getFirstByXPath("//button[@value='one']")
                  .click();
          long open =
              Long.parseLong(
                  question.getUrl().getPath().replaceFirst(".*/attempts/(\\d+).*", "$1"));
          try (Connection connection = server.database().dataSource().getConnection()) {
            addHistory(connection, open, size);
          }
          // the launch's auto-posting forms needed scripts; reading the page needs none
          browser.getOptions().setJavaScriptEnabled(false);
          browser.getOptions().setCssEnabled(false);
          String url = start.getUrl().toString();
          read(browser, url, pages);
          List<Double> perPage = new ArrayList<>();
          for (int round = 1; round <= rounds; round++) {
            ThreadCpu before = ThreadCpu.of(pid);
            read(browser, url, pages);
            double micros =
                ThreadCpu.of(pid).since(before).millisStartingWith("http-") * 1000.0 / pages;
            perPage.add(micros);
            System.out.printf(
                Locale.ROOT,
                "START_PAGE attempts=%d round=%d pages=%d server_cpu_us=%.1f%n",
                size,
                round,
                pages,
                micros);
          }
          System.out.printf(
              Locale.ROOT,
              "START_PAGE attempts=%d rounds=%d server_cpu_us=%s%n",
              size,
              rounds,
              Spread.of(perPage.stream().mapToDouble(Double::doubleValue).toArray()).format(1));
        }
      }
    }
  }

  /** {@code count} submitted attempts like the open one, each a second older than the last. */
  private static void addHistory(Connection connection, long open, int count) throws Exception {
    try (PreparedStatement copy =
        connection.prepareStatement(
            "INSERT INTO quiz_attempts (user_id, course_id, resource_link_id, quiz_id, mode, status,"
                + " open_key, question_order, seed, feedback, points_possible, started_at, updated_at,"
                + " submitted_at, score_fraction, points)"
                + " SELECT user_id, course_id, resource_link_id, quiz_id, mode, 'SUBMITTED', NULL,"
                + " question_order, seed, feedback, points_possible, DATEADD('SECOND', -?, started_at),"
                + " updated_at, DATEADD('SECOND', -?, started_at), 0.5, points_possible / 2"
                + " FROM quiz_attempts WHERE id = ?")) {
      for (int i = 1; i <= count; i++) {
        copy.setInt(1, i);
        copy.setInt(2, i);
        copy.setLong(3, open);
        copy.executeUpdate();
      }
    }
  }

  private static void read(WebClient browser, String url, int pages) throws Exception {
    for (int i = 0; i < pages; i++) {
      HtmlPage page = browser.getPage(url);
      if (page.getWebResponse().getStatusCode() != 200) {
        throw new IllegalStateException(
            "the start page answered " + page.getWebResponse().getStatusCode());
      }
    }
  }
}
