package com.recoverylab.lti.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.recoverylab.app.AppServer;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.FixtureContent;
import com.recoverylab.testing.Rows;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import java.net.URL;
import java.util.List;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.Test;

/** The launch on PostgreSQL, where several nodes share login states (and their nonces). */
class PostgresLaunchTest {

  @Test
  void launch_and_its_replay_behave_the_same_on_postgresql() throws Exception {
    try (AppServer server =
            TestServer.start(
                TestServer.settings(TestDatabases.postgres()), FixtureContent.library());
        FakePlatform moodle = FakePlatform.start().registerWith(server);
        WebClient browser = TestServer.browser()) {
      assertEquals(
          "/quizzes/back-to-back",
          moodle.run(browser, moodle.launch().content("quiz:back-to-back")).getUrl().getPath());
      long sessions = Rows.count(server, "launch_sessions");
      WebRequest replay = new WebRequest(new URL(server.url() + "/lti/launch"), HttpMethod.POST);
      replay.setRequestParameters(
          List.of(
              new NameValuePair("id_token", moodle.lastIdToken()),
              new NameValuePair("state", moodle.lastState())));
      assertEquals(409, browser.getPage(replay).getWebResponse().getStatusCode());
      assertEquals(sessions, Rows.count(server, "launch_sessions"));
      assertEquals(
          1L,
          Rows.jdbc(server)
              .queryOne(
                  "SELECT COUNT(*) AS n FROM oidc_states WHERE used_at IS NOT NULL",
                  r -> r.getLong("n"))
              .orElseThrow(),
          "the launch's state, and with it its nonce, is used");
    }
  }
}
