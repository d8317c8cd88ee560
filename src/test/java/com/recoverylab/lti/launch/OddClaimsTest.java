package com.recoverylab.lti.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.recoverylab.app.AppServer;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.FixtureContent;
import com.recoverylab.testing.Rows;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

/**
 * Valid launches with long or odd claims: display values are shortened or cleaned and the launch
 * works; ids that cannot be stored get a 400 that names the claim. Never a 500, the same on H2 and
 * PostgreSQL.
 */
class OddClaimsTest {
  private static final String LTI = "https://purl.imsglobal.org/spec/lti/claim/";

  @Test
  void odd_claims_on_h2() throws Exception {
    runAll(TestDatabases.h2());
  }

  @Test
  void odd_claims_on_postgresql() throws Exception {
    runAll(TestDatabases.postgres());
  }

  private static void runAll(TestDatabases.TestDatabase database) throws Exception {
    try (AppServer server =
            TestServer.start(TestServer.settings(database), FixtureContent.library());
        FakePlatform moodle = FakePlatform.start().registerWith(server)) {
      String longName = "N".repeat(400);
      launches(server, moodle, claims -> claims.claim("name", longName));
      assertEquals(300, storedUser(server, "name").length());

      launches(server, moodle, claims -> claims.claim("email", "a".repeat(400) + "@example.edu"));
      assertEquals("<none>", storedUser(server, "COALESCE(email, '<none>')"));

      launches(
          server,
          moodle,
          claims ->
              claims.claim("given_name", "Sam\u0000\nRunner").claim("name", "Sam\u0000Runner\r\n"));
      assertFalse(
          storedUser(server, "name").chars().anyMatch(Character::isISOControl),
          storedUser(server, "name"));
      assertTrue(storedUser(server, "name").startsWith("Sam Runner"), storedUser(server, "name"));

      launches(
          server,
          moodle,
          claims ->
              claims.claim(
                  LTI + "resource_link",
                  Map.of("id", "link-" + UUID.randomUUID(), "title", "T".repeat(1500))));
      launches(
          server,
          moodle,
          claims ->
              claims.claim(
                  LTI + "context",
                  Map.of(
                      "id",
                      "ctx-" + UUID.randomUUID(),
                      "label",
                      "L".repeat(400),
                      "title",
                      "Course\u0000\n" + "x".repeat(1200))));

      refused(server, moodle, claims -> claims.subject("s".repeat(256)), "sub (user id)");
      refused(server, moodle, claims -> claims.subject("user\u00002"), "sub (user id)");
      refused(
          server,
          moodle,
          claims -> claims.claim(LTI + "context", Map.of("id", "c".repeat(300))),
          "context id");
      refused(
          server,
          moodle,
          claims -> claims.claim(LTI + "resource_link", Map.of("id", "r\n1")),
          "resource_link id");
    }
  }

  private static void launches(
      AppServer server, FakePlatform moodle, Consumer<JWTClaimsSet.Builder> tweak)
      throws Exception {
    try (WebClient browser = TestServer.browser()) {
      FakePlatform.Launch launch = moodle.launch().content("overview");
      launch.userId = "odd-" + UUID.randomUUID();
      launch.claimsTweak = tweak;
      lastSubject = launch.userId;
      Page page = moodle.run(browser, launch);
      assertEquals(
          200, page.getWebResponse().getStatusCode(), page.getWebResponse().getContentAsString());
      assertEquals("/course", page.getUrl().getPath());
    }
  }

  private static void refused(
      AppServer server, FakePlatform moodle, Consumer<JWTClaimsSet.Builder> tweak, String claim)
      throws Exception {
    Map<String, Long> before = Rows.launchRows(server);
    try (WebClient browser = TestServer.browser()) {
      FakePlatform.Launch launch = moodle.launch().content("overview");
      launch.userId = "odd-" + UUID.randomUUID();
      launch.claimsTweak = tweak;
      Page page = moodle.run(browser, launch);
      assertEquals(
          400, page.getWebResponse().getStatusCode(), page.getWebResponse().getContentAsString());
      String text = ((HtmlPage) page).asNormalizedText();
      assertTrue(text.contains(claim) && text.contains("255 characters"), text);
    }
    assertEquals(before, Rows.launchRows(server));
  }

  private static String lastSubject;

  private static String storedUser(AppServer server, String column) {
    return Rows.jdbc(server)
        .queryOne(
            "SELECT " + column + " FROM users WHERE subject = ?",
            row -> row.getString(1),
            lastSubject)
        .orElseThrow(() -> new AssertionError("no user " + lastSubject));
  }
}
