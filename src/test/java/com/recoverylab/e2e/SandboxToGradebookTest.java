package com.recoverylab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.app.AppServer;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.htmlunit.WebClient;
import org.htmlunit.html.FrameWindow;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlRadioButtonInput;
import org.htmlunit.html.HtmlSelect;
import org.junit.jupiter.api.Test;

/**
 * The whole product as a newcomer meets it: the sandbox platform adds a graded quiz from the
 * shipped content, a student launches it through a real LTI 1.3 launch inside the platform's
 * iframe, answers and submits, and the grade reaches the platform's gradebook.
 */
class SandboxToGradebookTest {

  @Test
  void student_launched_from_the_sandbox_takes_a_graded_quiz_and_the_grade_reaches_the_gradebook()
      throws Exception {
    Map<String, String> settings = TestServer.settings(TestDatabases.h2());
    settings.put("SANDBOX", "true");
    settings.put("GRADE_WORKER_INTERVAL_MS", "200");
    try (AppServer server = TestServer.start(settings);
        WebClient browser = TestServer.browser()) {
      HtmlPage sandbox = browser.getPage(server.url() + "/sandbox");
      assertTrue(sandbox.asNormalizedText().contains("Test platform"), sandbox.asNormalizedText());

      HtmlForm add =
          sandbox.getForms().stream()
              .filter(f -> "/sandbox/activities".equals(f.getActionAttribute()))
              .findFirst()
              .orElseThrow();
      HtmlSelect content = add.getSelectByName("content");
      content.setSelectedAttribute("quiz:myth-check", true);
      add.getInputByName("title").setValue("Myth check (graded)");
      HtmlPage course =
          add.getFirstByXPath(".//button[@type='submit']") instanceof HtmlButton b
              ? b.click()
              : null;
      assertNotNull(course);

      HtmlButton launch =
          course.getFirstByXPath(
              "//li[contains(., 'Myth check (graded)')]//button[contains(., 'Launch as Jonas Berg')]");
      assertNotNull(launch, course.asXml());
      HtmlPage launchPage = launch.click();
      browser.waitForBackgroundJavaScript(5_000);
      FrameWindow frame = launchPage.getFrameByName("sandbox-tool");
      HtmlPage tool = (HtmlPage) frame.getEnclosedPage();
      String start = tool.asNormalizedText();
      assertTrue(start.contains("Myth"), start);

      HtmlPage all =
          ((HtmlButton) tool.getFirstByXPath("//button[@name='layout' and @value='all']")).click();
      List<HtmlRadioButtonInput> radios =
          all.getByXPath("//input[@type='radio' and @value='false']");
      assertTrue(radios.size() >= 1, all.asXml());
      for (HtmlRadioButtonInput radio : radios) {
        radio.setChecked(true);
      }
      HtmlPage result =
          ((HtmlButton) all.getFirstByXPath("//button[@name='action' and @value='submit']"))
              .click();
      String text = result.asNormalizedText();
      assertTrue(text.contains("/ 20") || text.contains("/20") || text.contains("points"), text);

      Jdbc jdbc = new Jdbc(server.database().dataSource(), server.database().isPostgres());
      long queued =
          jdbc.queryOne(
                  "SELECT COUNT(*) FROM grade_outbox o JOIN users u ON u.id = o.user_id"
                      + " WHERE u.subject = '3'",
                  row -> row.getLong(1))
              .orElseThrow();
      assertEquals(1L, queued, "one grade row for the student");
      String score =
          jdbc.queryOne("SELECT score_given FROM grade_outbox", row -> row.getBigDecimal(1))
              .orElseThrow()
              .stripTrailingZeros()
              .toPlainString();

      // the worker delivers it over AGS to the sandbox, whose gradebook shows it
      AtomicReference<HtmlPage> gradebook = new AtomicReference<>();
      Awaitility.await("the grade in the sandbox gradebook")
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(
              () -> {
                gradebook.set(browser.getPage(server.url() + "/sandbox/gradebook"));
                return gradebook.get().asNormalizedText().contains("Jonas Berg");
              });
      String book = gradebook.get().asNormalizedText();
      assertTrue(book.contains("Jonas Berg") && book.contains("Myth check (graded)"), book);
      assertTrue(book.contains(score), "gradebook shows " + score + ":\n" + book);
      assertEquals(
          "DELIVERED",
          jdbc.queryOne("SELECT status FROM grade_outbox", row -> row.getString(1)).orElseThrow());

      // the instructor launches the same activity and finds the student's result from the page
      // header
      HtmlPage home = browser.getPage(server.url() + "/sandbox");
      HtmlButton asInstructor =
          home.getFirstByXPath(
              "//li[contains(., 'Myth check (graded)')]//button[contains(., 'Launch as Maria Keller')]");
      HtmlPage instructorLaunch = asInstructor.click();
      browser.waitForBackgroundJavaScript(5_000);
      HtmlPage preview =
          (HtmlPage) instructorLaunch.getFrameByName("sandbox-tool").getEnclosedPage();
      org.htmlunit.html.HtmlAnchor resultsLink =
          preview.getFirstByXPath("//nav//a[contains(@href, '/instructor/results')]");
      assertNotNull(resultsLink, preview.asXml());
      HtmlPage results = resultsLink.click();
      String table = results.asNormalizedText();
      assertTrue(table.contains("Jonas Berg"), table);
    }
  }
}
