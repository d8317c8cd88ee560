package com.recoverylab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.app.AppServer;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.FixtureContent;
import com.recoverylab.testing.Rows;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import java.net.URL;
import java.time.Instant;
import java.util.Map;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Launch sessions end when unused for SESSION_IDLE_MINUTES and when a newer launch of the same user
 * and link replaces them; a browser that keeps the tool's cookie binds its sessions, so a copied
 * address alone does not carry them; cookie-less browsers keep working.
 */
class SessionRulesTest {
  private static AppServer server;
  private static FakePlatform moodle;

  @BeforeAll
  static void start() {
    Map<String, String> env = TestServer.settings(TestDatabases.h2());
    env.put("SESSION_IDLE_MINUTES", "30");
    server = TestServer.start(env, FixtureContent.library());
    moodle = FakePlatform.start().registerWith(server);
  }

  @AfterAll
  static void stop() {
    moodle.close();
    server.close();
  }

  @Test
  void a_session_unused_past_the_idle_timeout_is_refused() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      FakePlatform.Launch launch = moodle.launch().content("overview");
      launch.userId = "idle-1";
      URL page = moodle.run(browser, launch).getUrl();
      assertEquals(200, browser.getPage(page).getWebResponse().getStatusCode());
      String id = sessionId(page);
      Rows.jdbc(server)
          .update(
              "UPDATE launch_sessions SET last_seen_at = ? WHERE id = ?",
              Instant.now().minusSeconds(29 * 60),
              id);
      assertEquals(
          200, browser.getPage(page).getWebResponse().getStatusCode(), "29 minutes unused");
      Rows.jdbc(server)
          .update(
              "UPDATE launch_sessions SET last_seen_at = ? WHERE id = ?",
              Instant.now().minusSeconds(31 * 60),
              id);
      assertRefused(browser.getPage(page), "has expired");
    }
  }

  @Test
  void a_newer_launch_of_the_same_user_and_link_ends_the_older_session() throws Exception {
    try (WebClient first = TestServer.browser();
        WebClient second = TestServer.browser()) {
      FakePlatform.Launch launch = moodle.launch().content("overview");
      launch.userId = "relaunch-1";
      URL older = moodle.run(first, launch).getUrl();
      FakePlatform.Launch otherLink = moodle.launch().content("overview");
      otherLink.userId = "relaunch-1";
      otherLink.linkId = "other-link";
      URL otherLinkPage = moodle.run(first, otherLink).getUrl();
      assertEquals(
          200,
          first.getPage(older).getWebResponse().getStatusCode(),
          "another link leaves it alone");

      FakePlatform.Launch again = moodle.launch().content("overview");
      again.userId = "relaunch-1";
      URL newer = moodle.run(second, again).getUrl();
      assertRefused(first.getPage(older), "has expired");
      assertEquals(200, second.getPage(newer).getWebResponse().getStatusCode());
      assertEquals(200, first.getPage(otherLinkPage).getWebResponse().getStatusCode());
    }
  }

  @Test
  void a_copied_address_does_not_work_in_another_browser() throws Exception {
    try (WebClient owner = TestServer.browser();
        WebClient other = TestServer.browser()) {
      FakePlatform.Launch launch = moodle.launch().content("overview");
      launch.userId = "copied-1";
      URL page = moodle.run(owner, launch).getUrl();
      assertEquals(200, owner.getPage(page).getWebResponse().getStatusCode());
      assertRefused(other.getPage(page), "another browser");
      assertEquals(
          200, owner.getPage(page).getWebResponse().getStatusCode(), "the owner keeps working");
    }
  }

  @Test
  void a_launch_from_a_browser_that_keeps_the_cookie_is_bound_before_its_first_page()
      throws Exception {
    try (WebClient owner = TestServer.browser();
        WebClient other = TestServer.browser()) {
      FakePlatform.Launch first = moodle.launch().content("overview");
      first.userId = "bound-at-launch-1";
      moodle.run(owner, first);
      FakePlatform.Launch again = moodle.launch().content("overview");
      again.userId = "bound-at-launch-1";
      // the owner's browser does not follow the launch's answer: nothing but the launch has run
      again.beforePost = state -> owner.getOptions().setRedirectEnabled(false);
      Page answer = moodle.run(owner, again);
      owner.getOptions().setRedirectEnabled(true);
      assertEquals(303, answer.getWebResponse().getStatusCode());
      URL page =
          server.url().resolve(answer.getWebResponse().getResponseHeaderValue("Location")).toURL();

      assertRefused(other.getPage(page), "another browser");
      assertEquals(200, owner.getPage(page).getWebResponse().getStatusCode());
    }
  }

  @Test
  void browsers_without_cookies_keep_working_inside_the_iframe() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      browser.getCookieManager().setCookiesEnabled(false);
      FakePlatform.Launch launch = moodle.launch().content("overview");
      launch.userId = "no-cookies-1";
      Page tool = moodle.runInIframeWithStorage(browser, launch);
      assertEquals("/course", tool.getUrl().getPath(), tool.getWebResponse().getContentAsString());
      assertEquals(200, browser.getPage(tool.getUrl()).getWebResponse().getStatusCode());
      assertEquals(200, browser.getPage(tool.getUrl()).getWebResponse().getStatusCode());
    }
  }

  private static String sessionId(URL page) {
    for (String pair : page.getQuery().split("&")) {
      if (pair.startsWith("s=")) {
        return java.net.URLDecoder.decode(
            pair.substring(2), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no session in " + page);
  }

  private static void assertRefused(Page page, String words) {
    assertEquals(401, page.getWebResponse().getStatusCode());
    String text = ((HtmlPage) page).asNormalizedText();
    assertTrue(text.contains(words), text);
  }
}
