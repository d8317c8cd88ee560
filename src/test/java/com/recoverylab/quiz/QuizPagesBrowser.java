package com.recoverylab.quiz;

import com.recoverylab.testing.TestServer;
import org.htmlunit.WebClient;

/** The test browser: a student's browser, quiet about the pages' missing CSS. */
final class QuizPagesBrowser {
  private QuizPagesBrowser() {}

  static WebClient create() {
    return TestServer.browser();
  }
}
