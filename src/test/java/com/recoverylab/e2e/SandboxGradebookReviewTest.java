package com.recoverylab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.recoverylab.app.AppServer;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlRadioButtonInput;
import org.htmlunit.html.HtmlSelect;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's gradebook behaves like Moodle 4.5's: the column menu's "View External tool results"
 * (a submission review without for_user) and a learner's "Grade analysis" (with it) open the tool's
 * results and review pages, and new points set in the tool change the column's maximum (AGS line
 * item PUT), so the gradebook shows the grade out of the new maximum.
 */
class SandboxGradebookReviewTest {

  @Test
  void gradebook_reviews_open_the_tool_and_new_points_change_the_column() throws Exception {
    Map<String, String> settings = TestServer.settings(TestDatabases.h2());
    settings.put("SANDBOX", "true");
    settings.put("GRADE_WORKER_INTERVAL_MS", "100");
    try (AppServer server = TestServer.start(settings);
        WebClient browser = TestServer.browser()) {
      String base = server.url().toString();
      HtmlPage sandbox = browser.getPage(base + "/sandbox");
      HtmlForm add =
          sandbox.getForms().stream()
              .filter(f -> "/sandbox/activities".equals(f.getActionAttribute()))
              .findFirst()
              .orElseThrow();
      HtmlSelect content = add.getSelectByName("content");
      content.setSelectedAttribute("quiz:myth-check", true);
      add.getInputByName("title").setValue("Myth check (graded)");
      HtmlPage course = ((HtmlButton) add.getFirstByXPath(".//button[@type='submit']")).click();

      // Jonas takes the quiz; his grade reaches the gradebook
      HtmlPage tool = launch(browser, course, "Jonas Berg");
      HtmlPage all =
          ((HtmlButton) tool.getFirstByXPath("//button[@name='layout' and @value='all']")).click();
      List<HtmlRadioButtonInput> radios =
          all.getByXPath("//input[@type='radio' and @value='true']");
      for (HtmlRadioButtonInput radio : radios) {
        radio.setChecked(true);
      }
      ((HtmlButton) all.getFirstByXPath("//button[@name='action' and @value='submit']")).click();
      HtmlPage gradebook = awaitGradebook(browser, base, text -> text.contains("Jonas Berg"));

      // the column's menu: the whole activity's results, no for_user
      HtmlButton viewResults =
          gradebook.getFirstByXPath(
              "//table[@id='columns']//button[contains(., 'View External tool results as Maria Keller')]");
      assertNotNull(viewResults, gradebook.asXml());
      HtmlPage results = frame(browser, viewResults.click());
      assertTrue(
          results.getUrl().getPath().equals("/instructor/results"), results.getUrl().toString());
      assertTrue(results.asNormalizedText().contains("Jonas Berg"), results.asNormalizedText());

      // one learner's grade analysis: that learner's attempts
      HtmlButton analysis =
          gradebook.getFirstByXPath(
              "//table[@id='scores']//tr[contains(., 'Jonas Berg')]//button[contains(., 'Grade analysis as Maria Keller')]");
      assertNotNull(analysis, gradebook.asXml());
      HtmlPage review = frame(browser, analysis.click());
      assertEquals("/instructor/review", review.getUrl().getPath());
      assertTrue(review.asNormalizedText().contains("Jonas Berg"), review.asNormalizedText());

      // the teacher sets new points in the tool; the column's maximum follows, the grade with it
      HtmlPage preview = launch(browser, browser.getPage(base + "/sandbox"), "Maria Keller");
      HtmlAnchor settingsLink =
          preview.getFirstByXPath("//nav//a[contains(@href, '/instructor/settings')]");
      HtmlPage settingsPage = settingsLink.click();
      ((HtmlInput) settingsPage.getHtmlElementById("points")).setValue("7");
      HtmlPage saved =
          ((HtmlButton) settingsPage.getFirstByXPath("//button[@name='save']")).click();
      assertTrue(saved.asNormalizedText().contains("1 grade queued"), saved.asNormalizedText());
      HtmlPage changed =
          awaitGradebook(
              browser,
              base,
              text ->
                  text.contains("Myth check (graded)\t7\tMyth check (graded)")
                      && java.util.regex.Pattern.compile(
                              "Jonas Berg\t[^\n]*\t[\\d.]+ / 7\t[\\d.]+ / 7\t")
                          .matcher(text)
                          .find());
      assertTrue(changed.asNormalizedText().contains("Jonas Berg"), changed.asNormalizedText());
      HtmlPage after =
          browser.getPage(
              base
                  + "/instructor/settings?s="
                  + settingsPage.getUrl().getQuery().replaceAll(".*s=([^&]+).*", "$1"));
      assertTrue(after.asNormalizedText().contains("now worth 7 points"), after.asNormalizedText());
    }
  }

  private static HtmlPage launch(WebClient browser, HtmlPage course, String who) throws Exception {
    HtmlButton launch =
        course.getFirstByXPath(
            "//li[contains(., 'Myth check (graded)')]//button[contains(., 'Launch as "
                + who
                + "')]");
    assertNotNull(launch, course.asXml());
    return frame(browser, launch.click());
  }

  private static HtmlPage frame(WebClient browser, HtmlPage launchPage) {
    browser.waitForBackgroundJavaScript(5_000);
    return (HtmlPage) launchPage.getFrameByName("sandbox-tool").getEnclosedPage();
  }

  private static HtmlPage awaitGradebook(WebClient browser, String base, Predicate<String> ready)
      throws Exception {
    AtomicReference<HtmlPage> gradebook = new AtomicReference<>();
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(150))
          .until(
              () -> {
                gradebook.set(browser.getPage(base + "/sandbox/gradebook"));
                return ready.test(gradebook.get().asNormalizedText());
              });
    } catch (ConditionTimeoutException e) {
      fail(
          "gradebook never got there:\n"
              + (gradebook.get() == null ? "" : gradebook.get().asNormalizedText()));
    }
    return gradebook.get();
  }
}
