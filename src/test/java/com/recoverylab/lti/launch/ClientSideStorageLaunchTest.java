package com.recoverylab.lti.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.recoverylab.app.AppServer;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.FixtureContent;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.junit.jupiter.api.Test;

/** A launch inside the platform's iframe where cookies are blocked, kept by postMessage storage. */
class ClientSideStorageLaunchTest {

  @Test
  void launch_without_cookies_completes_through_the_platforms_storage_frame() throws Exception {
    try (AppServer server =
            TestServer.start(TestServer.settings(TestDatabases.h2()), FixtureContent.library());
        FakePlatform moodle = FakePlatform.start().registerWith(server);
        WebClient browser = TestServer.browser()) {
      browser.getCookieManager().setCookiesEnabled(false);
      Page page =
          moodle.runInIframeWithStorage(browser, moodle.launch().content("lesson:foam-rolling"));
      assertEquals(
          "/lessons/foam-rolling",
          page.getUrl().getPath(),
          page.getWebResponse().getContentAsString());
    }
  }
}
