package com.recoverylab.lti.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.app.AppServer;
import com.recoverylab.app.Config;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.FixtureContent;
import com.recoverylab.testing.Rows;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

/**
 * Who may make the tool fetch a configuration and store a platform: an invitation or an allowed
 * host where registration is not open, never a private address where those are refused, and the
 * registration goes only to the issuer's own site.
 */
class RegistrationAccessTest {

  private static AppServer start(String... settings) {
    Map<String, String> env = TestServer.settings(TestDatabases.h2());
    for (int i = 0; i < settings.length; i += 2) {
      env.put(settings[i], settings[i + 1]);
    }
    return TestServer.start(env, FixtureContent.library());
  }

  @Test
  void without_an_invitation_nothing_is_fetched_or_stored() throws Exception {
    try (AppServer server =
            start("REGISTRATION", "invite", "REGISTRATION_PRIVATE_ADDRESSES", "true");
        FakePlatform moodle = FakePlatform.start();
        WebClient browser = TestServer.browser()) {
      long platforms = Rows.count(server, "platforms");
      HtmlPage page =
          browser.getPage(moodle.dynamicRegistrationUrl(server.url() + "/lti/register"));
      assertEquals(403, page.getWebResponse().getStatusCode());
      assertTrue(
          page.asNormalizedText().contains("needs an invitation link"), page.asNormalizedText());
      HtmlPage guessed =
          browser.getPage(
              moodle.dynamicRegistrationUrl(server.url() + "/lti/register/made-up-invitation"));
      assertEquals(403, guessed.getWebResponse().getStatusCode());
      assertTrue(
          guessed.asNormalizedText().contains("invitation link is not valid"),
          guessed.asNormalizedText());
      assertEquals(0, moodle.configurationFetches());
      assertEquals(platforms, Rows.count(server, "platforms"));
    }
  }

  @Test
  void an_invitation_registers_once_and_a_failed_try_keeps_it() throws Exception {
    try (AppServer server =
            start("REGISTRATION", "invite", "REGISTRATION_PRIVATE_ADDRESSES", "true");
        FakePlatform moodle = FakePlatform.start();
        WebClient browser = TestServer.browser()) {
      String link = newInvitation(server);
      assertTrue(link.startsWith(server.url() + "/lti/register/"), link);

      moodle.registrationStatus = 403;
      Page refused = browser.getPage(moodle.dynamicRegistrationUrl(link));
      assertEquals(502, refused.getWebResponse().getStatusCode());

      moodle.registrationStatus = 200;
      HtmlPage registered = browser.getPage(moodle.dynamicRegistrationUrl(link));
      assertEquals(200, registered.getWebResponse().getStatusCode(), registered.asNormalizedText());
      assertTrue(
          new PlatformRepository(Rows.jdbc(server))
              .find(moodle.issuer(), moodle.clientId())
              .isPresent());

      int fetches = moodle.configurationFetches();
      HtmlPage again = browser.getPage(moodle.dynamicRegistrationUrl(link));
      assertEquals(403, again.getWebResponse().getStatusCode());
      assertTrue(again.asNormalizedText().contains("already used"), again.asNormalizedText());
      assertEquals(fetches, moodle.configurationFetches());
    }
  }

  @Test
  void an_expired_invitation_is_refused() throws Exception {
    try (AppServer server =
            start("REGISTRATION", "invite", "REGISTRATION_PRIVATE_ADDRESSES", "true");
        FakePlatform moodle = FakePlatform.start();
        WebClient browser = TestServer.browser()) {
      Clock past = Clock.offset(Clock.systemUTC(), Duration.ofHours(-2));
      String token = new RegistrationInvites(Rows.jdbc(server), past).create(Duration.ofHours(1));
      HtmlPage page =
          browser.getPage(moodle.dynamicRegistrationUrl(server.url() + "/lti/register/" + token));
      assertEquals(403, page.getWebResponse().getStatusCode());
      assertEquals(0, moodle.configurationFetches());
    }
  }

  @Test
  void an_allowed_host_registers_without_an_invitation() throws Exception {
    try (AppServer server =
            start(
                "REGISTRATION",
                "invite",
                "REGISTRATION_PRIVATE_ADDRESSES",
                "true",
                "REGISTRATION_ALLOWED_HOSTS",
                "moodle.example.edu, 127.0.0.1");
        FakePlatform moodle = FakePlatform.start();
        WebClient browser = TestServer.browser()) {
      HtmlPage page =
          browser.getPage(moodle.dynamicRegistrationUrl(server.url() + "/lti/register"));
      assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
    }
  }

  @Test
  void private_addresses_are_never_fetched_when_refused_and_every_failure_reads_the_same()
      throws Exception {
    try (AppServer server =
            start("REGISTRATION", "open", "REGISTRATION_PRIVATE_ADDRESSES", "false");
        FakePlatform moodle = FakePlatform.start();
        WebClient browser = TestServer.browser()) {
      HtmlPage loopback =
          browser.getPage(moodle.dynamicRegistrationUrl(server.url() + "/lti/register"));
      assertEquals(502, loopback.getWebResponse().getStatusCode());
      assertEquals(0, moodle.configurationFetches());
      assertEquals(0, moodle.registrationPosts());
      HtmlPage metadata =
          browser.getPage(
              server.url()
                  + "/lti/register?openid_configuration=http%3A%2F%2F169.254.169.254%2Flatest%2Fmeta-data%2F");
      assertEquals(502, metadata.getWebResponse().getStatusCode());
      assertEquals(
          message(loopback).replace(moodle.configurationUrl(), "URL"),
          message(metadata).replace("http://169.254.169.254/latest/meta-data/", "URL"));
    }
    try (AppServer server =
            start("REGISTRATION", "open", "REGISTRATION_PRIVATE_ADDRESSES", "true");
        FakePlatform moodle = FakePlatform.start();
        WebClient browser = TestServer.browser()) {
      String missing = moodle.configurationUrl().replace("openid-configuration.php", "missing.php");
      HtmlPage notFound =
          browser.getPage(server.url() + "/lti/register?openid_configuration=" + missing);
      String closedPort;
      try (FakePlatform gone = FakePlatform.start()) {
        closedPort = gone.configurationUrl();
      }
      HtmlPage unreachable =
          browser.getPage(server.url() + "/lti/register?openid_configuration=" + closedPort);
      assertEquals(502, notFound.getWebResponse().getStatusCode());
      assertEquals(502, unreachable.getWebResponse().getStatusCode());
      assertEquals(
          message(notFound).replace(missing, "URL"),
          message(unreachable).replace(closedPort, "URL"));
      assertFalse(message(notFound).contains("404"), message(notFound));
    }
  }

  @Test
  void the_registration_goes_only_to_the_issuers_site() throws Exception {
    try (AppServer server =
            start("REGISTRATION", "open", "REGISTRATION_PRIVATE_ADDRESSES", "true");
        FakePlatform moodle = FakePlatform.start();
        FakePlatform elsewhere = FakePlatform.start();
        WebClient browser = TestServer.browser()) {
      long platforms = Rows.count(server, "platforms");
      moodle.configurationTweak =
          config ->
              config.put(
                  "registration_endpoint", elsewhere.issuer() + "/mod/lti/openid-registration.php");
      HtmlPage page =
          browser.getPage(moodle.dynamicRegistrationUrl(server.url() + "/lti/register"));
      assertEquals(400, page.getWebResponse().getStatusCode());
      assertTrue(
          page.asNormalizedText().contains("not on the platform's own site"),
          page.asNormalizedText());
      assertEquals(0, elsewhere.registrationPosts());
      assertEquals(0, moodle.registrationPosts());
      assertEquals(platforms, Rows.count(server, "platforms"));
    }
  }

  @Test
  void a_public_url_needs_invitations_and_refuses_private_addresses_by_default() {
    Config publicTool = Config.from(Map.of("PUBLIC_URL", "https://recovery.example.edu"));
    assertFalse(publicTool.registration().open());
    assertFalse(publicTool.registration().privateAddresses());
    Config laptop = Config.from(Map.of());
    assertTrue(laptop.registration().open());
    assertTrue(laptop.registration().privateAddresses());
  }

  /** Makes an invitation with the operator's command, against the running tool's database. */
  private static String newInvitation(AppServer server) {
    Map<String, String> env =
        Map.of(
            "DATABASE_URL", server.config().databaseUrl(),
            "PUBLIC_URL", server.url().toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        RegistrationInvite.run(
            new String[] {"--hours=2"},
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8)
        .lines()
        .filter(line -> line.startsWith("http"))
        .findFirst()
        .orElseThrow();
  }

  private static String message(HtmlPage page) {
    return page.getElementsByTagName("main")
        .get(0)
        .asNormalizedText()
        .replaceAll("Reference for support: \\w+", "");
  }
}
