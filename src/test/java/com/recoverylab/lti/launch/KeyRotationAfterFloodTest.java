package com.recoverylab.lti.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.app.AppServer;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.FixtureContent;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.junit.jupiter.api.Test;

/**
 * Launches signed with made-up kids cannot use up the platform-key refetches: a real key rotation
 * right after them launches at once (within one refetch interval), and the flood cost the platform
 * at most one fetch per interval.
 */
class KeyRotationAfterFloodTest {

  @Test
  void an_unknown_kid_flood_then_a_rotation_launches_at_once() throws Exception {
    try (AppServer server =
            TestServer.start(TestServer.settings(TestDatabases.h2()), FixtureContent.library());
        FakePlatform moodle = FakePlatform.start().registerWith(server);
        WebClient browser = TestServer.browser()) {
      assertEquals(
          "/course", moodle.run(browser, moodle.launch().content("overview")).getUrl().getPath());
      long floodStart = System.nanoTime();
      for (int i = 0; i < 3; i++) {
        FakePlatform.Launch forged = moodle.launch().content("overview");
        forged.token = claims -> FakePlatform.sign(claims, FakePlatform.unpublishedKey());
        assertEquals(401, moodle.run(browser, forged).getWebResponse().getStatusCode());
      }
      long floodMs = (System.nanoTime() - floodStart) / 1_000_000;
      moodle.rotateKey();
      long start = System.nanoTime();
      Page rotated = moodle.run(browser, moodle.launch().content("overview"));
      long rotationMs = (System.nanoTime() - start) / 1_000_000;
      assertEquals(
          "/course", rotated.getUrl().getPath(), rotated.getWebResponse().getContentAsString());
      assertTrue(
          rotationMs < PlatformKeys.MIN_FETCH_INTERVAL_MILLIS + 3_000,
          "rotation launched after " + rotationMs + " ms");
      long intervals = (floodMs + rotationMs) / PlatformKeys.MIN_FETCH_INTERVAL_MILLIS + 2;
      assertTrue(
          moodle.jwksFetches() <= intervals,
          moodle.jwksFetches() + " fetches in " + (floodMs + rotationMs) + " ms");
    }
  }
}
