package com.recoverylab.instructor;

import java.io.IOException;
import java.util.Map;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlRadioButtonInput;

/** A student taking a fixture quiz through the real quiz pages, all questions on one page. */
final class Student {
  private Student() {}

  /**
   * Starts a graded attempt, picks the given option per question, submits; returns the result page.
   */
  static HtmlPage takeQuiz(
      WebClient browser, String baseUrl, String sessionId, String quizId, Map<String, String> picks)
      throws IOException {
    HtmlPage start = browser.getPage(baseUrl + "/quizzes/" + quizId + "?s=" + sessionId);
    HtmlPage page = press(start, "all");
    picks.forEach(
        (question, option) -> {
          for (DomElement element : page.getElementsByName(question + ":option")) {
            if (option.equals(element.getAttribute("value"))) {
              ((HtmlRadioButtonInput) element).setChecked(true);
              return;
            }
          }
          throw new AssertionError(
              "no option " + question + "=" + option + "\n" + page.asNormalizedText());
        });
    return press(page, "submit");
  }

  private static HtmlPage press(HtmlPage page, String value) throws IOException {
    HtmlButton button = page.getFirstByXPath("//button[@value='" + value + "']");
    if (button == null) {
      throw new AssertionError(
          "no button " + value + " on " + page.getUrl() + "\n" + page.asNormalizedText());
    }
    return button.click();
  }
}
