package com.recoverylab.lti.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.recoverylab.app.AppServer;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.FixtureContent;
import com.recoverylab.testing.Rows;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import java.util.List;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** LTI Dynamic Registration against a Moodle-like platform, end to end. */
class DynamicRegistrationTest {
  private static AppServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestServer.settings(TestDatabases.h2()), FixtureContent.library());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void platform_registers_the_tool_and_then_launches_it() throws Exception {
    try (FakePlatform moodle = FakePlatform.start();
        WebClient browser = TestServer.browser()) {
      HtmlPage page =
          browser.getPage(moodle.dynamicRegistrationUrl(server.url() + "/lti/register"));
      assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
      assertTrue(
          page.asNormalizedText().contains("Moodle adds the tool as pending"),
          page.asNormalizedText());
      assertEquals(moodle.clientId(), page.getHtmlElementById("client-id").asNormalizedText());
      assertEquals("1", page.getHtmlElementById("deployment-id").asNormalizedText());
      assertTrue(
          page.getWebResponse().getContentAsString().contains("src=\"/static/lti-close.js\""));

      JsonNode sent = moodle.lastRegistration();
      assertEquals("[\"id_token\"]", sent.path("response_types").toString());
      assertEquals("[\"implicit\",\"client_credentials\"]", sent.path("grant_types").toString());
      assertEquals(server.url() + "/lti/login", sent.path("initiate_login_uri").asText());
      assertEquals("[\"" + server.url() + "/lti/launch\"]", sent.path("redirect_uris").toString());
      assertEquals(server.url() + "/.well-known/jwks.json", sent.path("jwks_uri").asText());
      assertEquals("private_key_jwt", sent.path("token_endpoint_auth_method").asText());
      String scope = sent.path("scope").asText();
      assertTrue(
          scope.contains("lti-ags/scope/score")
              && scope.contains("lti-ags/scope/lineitem.readonly")
              && scope.contains("lti-ags/scope/result.readonly")
              && scope.contains("contextmembership.readonly"),
          scope);
      JsonNode lti = sent.path("https://purl.imsglobal.org/spec/lti-tool-configuration");
      assertEquals("127.0.0.1:" + server.port(), lti.path("domain").asText());
      assertEquals(server.url() + "/lti/launch", lti.path("target_link_uri").asText());
      assertTrue(lti.path("messages").toString().contains("LtiDeepLinkingRequest"), lti.toString());
      assertTrue(lti.path("claims").toString().contains("sub"), lti.toString());

      Platform stored =
          new PlatformRepository(Rows.jdbc(server))
              .find(moodle.issuer(), moodle.clientId())
              .orElseThrow();
      assertEquals(moodle.authUrl(), stored.authEndpoint());
      assertEquals(moodle.jwksUrl(), stored.jwksUrl());
      assertEquals(moodle.tokenUrl(), stored.tokenEndpoint());
      assertEquals(
          List.of("1"), new PlatformRepository(Rows.jdbc(server)).deployments(stored.id()));

      Page launched = moodle.run(browser, moodle.launch().content("overview"));
      assertEquals("/course", launched.getUrl().getPath());
    }
  }

  @Test
  void
      updating_an_active_registration_says_so_instead_of_pending_and_names_keep_the_port_and_differ()
          throws Exception {
    try (FakePlatform moodle = FakePlatform.start();
        WebClient browser = TestServer.browser()) {
      PlatformRepository platforms = new PlatformRepository(Rows.jdbc(server));
      browser.getPage(moodle.dynamicRegistrationUrl(server.url() + "/lti/register"));
      Platform first = platforms.find(moodle.issuer(), moodle.clientId()).orElseThrow();
      int port = java.net.URI.create(moodle.issuer()).getPort();
      assertTrue(first.name().contains("127.0.0.1:" + port + "/moodle"), first.name());

      // Moodle's "Update" of the tool: the same client id registers again
      moodle.updateOnRegistration = true;
      HtmlPage update =
          browser.getPage(moodle.dynamicRegistrationUrl(server.url() + "/lti/register"));
      String text = update.asNormalizedText();
      assertEquals(200, update.getWebResponse().getStatusCode(), text);
      assertTrue(text.contains("registration is updated"), text);
      assertFalse(text.contains("pending"), text);
      assertTrue(
          text.contains("Tool configuration usage") && text.contains("Show in activity chooser"),
          text);
      assertEquals(
          first.name(), platforms.find(moodle.issuer(), moodle.clientId()).orElseThrow().name());

      // a second registration of the same site (a new tool in Manage tools: another client id)
      String firstClientId = moodle.clientId();
      moodle.updateOnRegistration = false;
      HtmlPage second =
          browser.getPage(moodle.dynamicRegistrationUrl(server.url() + "/lti/register"));
      assertTrue(second.asNormalizedText().contains("pending"), second.asNormalizedText());
      Platform other = platforms.find(moodle.issuer(), moodle.clientId()).orElseThrow();
      assertFalse(
          other.name().equals(platforms.find(moodle.issuer(), firstClientId).orElseThrow().name()),
          other.name());
      assertTrue(other.name().contains(moodle.clientId()), other.name());
    }
  }

  @Test
  void issuer_on_another_site_than_the_configuration_is_refused_and_nothing_stored()
      throws Exception {
    try (FakePlatform moodle = FakePlatform.start();
        WebClient browser = TestServer.browser()) {
      moodle.configurationTweak = config -> config.put("issuer", "https://moodle.example.edu");
      assertRefusedWithoutStoring(
          () -> browser.getPage(moodle.dynamicRegistrationUrl(server.url() + "/lti/register")),
          400,
          "which is not on the site that published it");
    }
  }

  @Test
  void unreachable_configuration_is_a_502_and_nothing_stored() throws Exception {
    String url;
    try (FakePlatform gone = FakePlatform.start()) {
      url = gone.dynamicRegistrationUrl(server.url() + "/lti/register");
    }
    try (WebClient browser = TestServer.browser()) {
      assertRefusedWithoutStoring(() -> browser.getPage(url), 502, "could not be read");
    }
  }

  @Test
  void platform_refusing_the_registration_is_a_502_and_nothing_stored() throws Exception {
    try (FakePlatform moodle = FakePlatform.start();
        WebClient browser = TestServer.browser()) {
      moodle.registrationStatus = 403;
      assertRefusedWithoutStoring(
          () -> browser.getPage(moodle.dynamicRegistrationUrl(server.url() + "/lti/register")),
          502,
          "refused the registration");
    }
  }

  @Test
  void configuration_without_a_registration_endpoint_is_refused() throws Exception {
    try (FakePlatform moodle = FakePlatform.start();
        WebClient browser = TestServer.browser()) {
      moodle.configurationTweak = config -> config.remove("registration_endpoint");
      assertRefusedWithoutStoring(
          () -> browser.getPage(moodle.dynamicRegistrationUrl(server.url() + "/lti/register")),
          502,
          "lacks \"registration_endpoint\"");
    }
  }

  @Test
  void register_address_opened_by_hand_explains_what_it_needs() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      assertRefusedWithoutStoring(
          () -> browser.getPage(server.url() + "/lti/register"), 400, "Add LTI Advantage");
    }
  }

  /**
   * Opens the page; it must refuse in plain words and leave platforms and deployments as they were.
   */
  private static void assertRefusedWithoutStoring(PageRequest request, int status, String words)
      throws Exception {
    long platforms = Rows.count(server, "platforms");
    long deployments = Rows.count(server, "deployments");
    Page page = request.open();
    assertEquals(status, page.getWebResponse().getStatusCode());
    String text = ((HtmlPage) page).asNormalizedText();
    assertTrue(text.contains(words), text);
    assertEquals(platforms, Rows.count(server, "platforms"));
    assertEquals(deployments, Rows.count(server, "deployments"));
  }

  @FunctionalInterface
  private interface PageRequest {
    Page open() throws Exception;
  }
}
