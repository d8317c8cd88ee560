package com.recoverylab.quiz;

import java.io.IOException;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlRadioButtonInput;
import org.htmlunit.html.HtmlSelect;

/** Drives quiz pages the way a student does: tick, pick, press a button. */
final class QuizPages {
  private QuizPages() {}

  /**
   * The page's HTML without the launch's random tokens (session id and CSRF token, 43 URL-safe
   * base64 characters), so a scan for a fixture marker such as {@code FB-} cannot match by chance
   * inside a token.
   */
  static String htmlWithoutTokens(HtmlPage page) {
    return TOKEN.matcher(page.getWebResponse().getContentAsString()).replaceAll("");
  }

  private static final java.util.regex.Pattern TOKEN =
      java.util.regex.Pattern.compile("[A-Za-z0-9_-]{43}");

  static String currentQuestion(HtmlPage page) {
    return page.getElementsByName("question").get(0).getAttribute("value");
  }

  static void pick(HtmlPage page, String name, String value) {
    for (DomElement element : page.getElementsByName(name)) {
      if (!value.equals(element.getAttribute("value"))) {
        continue;
      }
      if (element instanceof HtmlRadioButtonInput radio) {
        radio.setChecked(true);
      } else if (element instanceof HtmlCheckBoxInput box) {
        box.setChecked(true);
      }
      return;
    }
    throw new AssertionError("no input " + name + "=" + value + " on " + page.getUrl());
  }

  static void select(HtmlPage page, String name, String value) {
    ((HtmlSelect) page.getElementByName(name)).setSelectedAttribute(value, true);
  }

  /**
   * Answers a fixture question as the tests' model student does: single, true-false and ranking
   * right; multiple half right (boots only); matching half right (ball on a distractor). With
   * weights 1, 2, 1, 1, 1 the attempt scores (1 + 2*0.5 + 1 + 1 + 0.5) / 6 = 75 %.
   */
  static void answerModelStudent(HtmlPage page, String questionId) {
    switch (questionId) {
      case "first-step" -> pick(page, "first-step:option", "sleep");
      case "heavy-legs" -> pick(page, "heavy-legs:option", "boots");
      case "myth" -> pick(page, "myth:option", "false");
      case "priorities" -> {
        select(page, "priorities:rank:sleep", "1");
        select(page, "priorities:rank:fuel", "2");
        select(page, "priorities:rank:roller", "3");
      }
      case "tool-effects" -> {
        select(page, "tool-effects:match:boots", "boots");
        select(page, "tool-effects:match:ball", "faster");
      }
      default -> throw new AssertionError("unknown question " + questionId);
    }
  }

  static HtmlPage press(HtmlPage page, String buttonValue) throws IOException {
    HtmlButton button = page.getFirstByXPath("//button[@value='" + buttonValue + "']");
    if (button == null) {
      throw new AssertionError(
          "no button " + buttonValue + " on " + page.getUrl() + "\n" + page.asNormalizedText());
    }
    return button.click();
  }

  static HtmlPage pressText(HtmlPage page, String text) throws IOException {
    HtmlButton button = page.getFirstByXPath("//button[normalize-space(.)='" + text + "']");
    if (button == null) {
      throw new AssertionError(
          "no button '" + text + "' on " + page.getUrl() + "\n" + page.asNormalizedText());
    }
    return button.click();
  }
}
