package com.recoverylab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.app.AppServer;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.Chromium;
import com.recoverylab.testing.FrameCookieProxy;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 13 in a real browser: the sandbox platform, opened on one site ({@code 127.0.0.1}), frames
 * the tool on another ({@code localhost}) and hands out Moodle's single-use login hint. A student
 * launches a graded quiz, takes it and the grade reaches the gradebook; a teacher adds content by
 * deep linking. With (a) default cookies, (b) third-party cookies blocked in Chromium's settings
 * (partitioned cookies still pass), (c) no cookie at all reaching the tool inside the frame, and
 * (d) nothing kept in the frame at all, where the launch goes on in a first-party window the tool
 * opens.
 *
 * <p>Over plain http Chromium treats {@code localhost} as a secure context: it accepts {@code
 * Secure} and {@code Partitioned} cookies there, so the tool's frame gets what HTTPS would give it
 * (see {@code ChromiumCookieModesTest}).
 */
class CrossSiteBrowserLaunchTest {
  private static final String STUDENT = "Jonas Berg";
  private static final String STUDENT_ID = "3";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static FrameCookieProxy proxy;
  private static AppServer server;
  private static Jdbc jdbc;
  private static String platform;

  @BeforeAll
  static void start() {
    Chromium.assumeAvailable();
    proxy = FrameCookieProxy.start();
    Map<String, String> settings = TestServer.settings(TestDatabases.h2());
    settings.put("PUBLIC_URL", "http://localhost:" + proxy.port());
    settings.put("SANDBOX", "true");
    settings.put("GRADE_WORKER_INTERVAL_MS", "200");
    server = TestServer.start(settings);
    proxy.forwardTo(URI.create("http://127.0.0.1:" + server.port()));
    jdbc = new Jdbc(server.database().dataSource(), server.database().isPostgres());
    platform = "http://127.0.0.1:" + proxy.port() + "/sandbox";
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void a_with_default_cookies_a_student_takes_a_graded_quiz_in_the_frame() throws Exception {
    proxy.mode(FrameCookieProxy.Mode.PASS);
    try (Chromium chromium = Chromium.start(Chromium.Options.defaults())) {
      takeQuizInTheFrame(chromium.driver(), "Myth check (a)");
    }
  }

  @Test
  void b_with_third_party_cookies_blocked_quiz_and_deep_linking_work_in_the_frame()
      throws Exception {
    proxy.mode(FrameCookieProxy.Mode.PASS);
    try (Chromium chromium =
        Chromium.start(
            Chromium.Options.defaults().withCookies(Chromium.Cookies.BLOCK_THIRD_PARTY))) {
      takeQuizInTheFrame(chromium.driver(), "Myth check (b)");
      deepLinkInTheFrame(chromium.driver());
    }
  }

  @Test
  void c_with_no_cookie_reaching_the_frame_quiz_and_deep_linking_work_in_the_frame()
      throws Exception {
    proxy.mode(FrameCookieProxy.Mode.STRIP_COOKIES);
    try (Chromium chromium =
        Chromium.start(
            Chromium.Options.defaults().withCookies(Chromium.Cookies.BLOCK_THIRD_PARTY))) {
      takeQuizInTheFrame(chromium.driver(), "Myth check (c)");
      deepLinkInTheFrame(chromium.driver());
    } finally {
      proxy.mode(FrameCookieProxy.Mode.PASS);
    }
  }

  @Test
  void d_with_nothing_kept_in_the_frame_quiz_and_deep_linking_go_on_in_a_first_party_window()
      throws Exception {
    proxy.mode(FrameCookieProxy.Mode.STRIP_COOKIES_AND_FETCH_METADATA);
    try (Chromium chromium =
        Chromium.start(
            Chromium.Options.defaults().withCookies(Chromium.Cookies.BLOCK_THIRD_PARTY))) {
      WebDriver driver = chromium.driver();
      long activity = addQuizActivity("Myth check (d)");
      int authRequests = countAuthRequests();
      long bound = boundLogins();
      launch(driver, "activity-" + activity, "Launch as " + STUDENT);
      String course = driver.getWindowHandle();
      inToolFrame(driver);
      waitForFramePath(driver, "/lti/launch");
      driver.findElement(By.id("open-new-window")).click();
      switchToNewWindow(driver, course);
      waitForPath(driver, "/quizzes/myth-check");
      answerAndSubmit(driver);
      assertGradeDelivered(activity);
      assertEquals(
          authRequests + 1, countAuthRequests(), "the platform's login hint was used once");
      assertEquals(bound, boundLogins(), "nothing tied this launch to the browser");
      driver.close(); // the student closes the tool's window

      driver.switchTo().window(course);
      long before = activityCount();
      launch(driver, null, "Add with deep linking as Maria Keller");
      inToolFrame(driver);
      waitForFramePath(driver, "/lti/launch");
      driver.findElement(By.id("open-new-window")).click();
      switchToNewWindow(driver, course);
      waitForPath(driver, "/instructor/deep-link");
      pickLessonAndAdd(driver);
      // the window hands the answer to the frame that opened it, which posts it to the platform
      new WebDriverWait(driver, WAIT)
          .ignoring(Exception.class)
          .until(d -> activityCount() == before + 1);
      driver.switchTo().window(course);
      inToolFrame(driver);
      waitForFramePath(driver, "/sandbox/deep-link-return");
    } finally {
      proxy.mode(FrameCookieProxy.Mode.PASS);
    }
  }

  // --- steps ---

  private static void takeQuizInTheFrame(WebDriver driver, String title) throws Exception {
    long activity = addQuizActivity(title);
    int authRequests = countAuthRequests();
    long bound = boundLogins();
    launch(driver, "activity-" + activity, "Launch as " + STUDENT);
    inToolFrame(driver);
    waitForFramePath(driver, "/quizzes/myth-check");
    assertEquals(bound + 1, boundLogins(), "the login page found the browser keeping its secret");
    answerAndSubmit(driver);
    assertGradeDelivered(activity);
    assertEquals(authRequests + 1, countAuthRequests(), "the platform's login hint was used once");
  }

  /**
   * Logins whose browser reported keeping the secret (partitioned cookie or the frame's storage).
   */
  private static long boundLogins() {
    return jdbc.queryOne(
            "SELECT COUNT(*) FROM oidc_states WHERE browser_bound", row -> row.getLong(1))
        .orElseThrow();
  }

  private static void deepLinkInTheFrame(WebDriver driver) {
    driver.switchTo().defaultContent();
    long before = activityCount();
    launch(driver, null, "Add with deep linking as Maria Keller");
    inToolFrame(driver);
    waitForFramePath(driver, "/instructor/deep-link");
    pickLessonAndAdd(driver);
    waitForFramePath(driver, "/sandbox/deep-link-return");
    assertEquals(before + 1, activityCount(), "the picked lesson became an activity");
  }

  /** Opens the sandbox course page and presses a button (in the activity's card when given). */
  private static void launch(WebDriver driver, String cardId, String button) {
    driver.get(platform);
    By path =
        cardId == null
            ? By.xpath("//button[normalize-space(.)='" + button + "']")
            : By.xpath("//li[@id='" + cardId + "']//button[normalize-space(.)='" + button + "']");
    driver.findElement(path).click();
  }

  private static void inToolFrame(WebDriver driver) {
    new WebDriverWait(driver, WAIT)
        .until(
            d -> {
              d.switchTo().defaultContent();
              return !d.findElements(By.name("sandbox-tool")).isEmpty();
            });
    driver.switchTo().frame("sandbox-tool");
  }

  /**
   * Waits until the tool's frame in the course page shows the path (entering the frame afresh each
   * look).
   */
  private static void waitForFramePath(WebDriver driver, String path) {
    waitFor(
        driver,
        path,
        d -> {
          d.switchTo().defaultContent();
          d.switchTo().frame("sandbox-tool");
        });
  }

  /** Waits until the current window shows the path. */
  private static void waitForPath(WebDriver driver, String path) {
    waitFor(driver, path, d -> {});
  }

  private static void waitFor(
      WebDriver driver, String path, java.util.function.Consumer<WebDriver> enter) {
    new WebDriverWait(driver, WAIT)
        .ignoring(Exception.class)
        .withMessage(
            () -> "expected " + path + " in " + driver.getCurrentUrl() + ":\n" + bodyText(driver))
        .until(
            d -> {
              enter.accept(d);
              Object location =
                  ((org.openqa.selenium.JavascriptExecutor) d)
                      .executeScript(
                          "return document.readyState === 'complete' ? location.pathname : ''");
              return path.equals(location);
            });
  }

  private static String bodyText(WebDriver driver) {
    try {
      return driver.findElement(By.tagName("body")).getText();
    } catch (RuntimeException e) {
      return "(no page)";
    }
  }

  private static void answerAndSubmit(WebDriver driver) {
    driver.findElement(By.xpath("//button[@name='layout' and @value='all']")).click();
    new WebDriverWait(driver, WAIT)
        .until(d -> !d.findElements(By.xpath("//input[@type='radio']")).isEmpty());
    List<WebElement> radios =
        driver.findElements(By.xpath("//input[@type='radio' and @value='false']"));
    assertTrue(radios.size() >= 1, bodyText(driver));
    for (WebElement radio : radios) {
      ((org.openqa.selenium.JavascriptExecutor) driver)
          .executeScript("arguments[0].click()", radio);
    }
    driver.findElement(By.xpath("//button[@name='action' and @value='submit']")).click();
    new WebDriverWait(driver, WAIT)
        .ignoring(Exception.class)
        .until(d -> bodyText(d).contains("points"));
  }

  private static void pickLessonAndAdd(WebDriver driver) {
    WebElement lesson = driver.findElement(By.id("item_lesson:the-tools"));
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].click()", lesson);
    driver.findElement(By.xpath("//button[@name='add']")).click();
  }

  private static String switchToNewWindow(WebDriver driver, String... known) {
    Set<String> old = Set.of(known);
    String handle =
        new WebDriverWait(driver, WAIT)
            .until(
                d ->
                    d.getWindowHandles().stream()
                        .filter(h -> !old.contains(h))
                        .findFirst()
                        .orElse(null));
    driver.switchTo().window(handle);
    return handle;
  }

  private static void assertGradeDelivered(long activity) throws InterruptedException {
    Awaitility.await("the grade reached the sandbox gradebook")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                jdbc.queryOne(
                        "SELECT r.score_given FROM sandbox_results r JOIN sandbox_line_items li"
                            + " ON li.id = r.line_item_id WHERE li.activity_id = ? AND r.user_id = ? AND r.score_given IS NOT NULL",
                        row -> row.getBigDecimal(1),
                        activity,
                        STUDENT_ID)
                    .isPresent());
  }

  private static long addQuizActivity(String title) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(platform + "/activities"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "content=quiz%3Amyth-check&title="
                                + java.net.URLEncoder.encode(
                                    title, java.nio.charset.StandardCharsets.UTF_8)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(303, response.statusCode(), response.body());
    String location = response.headers().firstValue("Location").orElseThrow();
    return Long.parseLong(location.substring(location.indexOf("added=") + "added=".length()));
  }

  private static long activityCount() {
    return jdbc.queryOne("SELECT COUNT(*) FROM sandbox_activities", row -> row.getLong(1))
        .orElseThrow();
  }

  /** Authentication requests the sandbox answered: one launch marks one launch used. */
  private static int countAuthRequests() {
    return jdbc.queryOne(
            "SELECT COUNT(*) FROM sandbox_launches WHERE used_at IS NOT NULL", row -> row.getInt(1))
        .orElseThrow();
  }
}
