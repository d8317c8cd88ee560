package com.recoverylab.instructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.app.AppServer;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.Role;
import java.time.Instant;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private static AppServer server;
  private static Platform platform;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestServer.settings(TestDatabases.h2()), Fixtures.content());
    platform = Fixtures.platform(server, Fixtures.ISSUER, null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private LaunchSession instructorOn(String link) {
    return Fixtures.launch(
        server,
        platform,
        "course-s",
        "teacher-s",
        "Tess Teacher",
        Role.INSTRUCTOR,
        link,
        "quiz",
        "two-runs",
        Fixtures.resourceLaunch());
  }

  @Test
  void settings_start_from_the_quiz_defaults_and_refuse_bad_values_all_at_once() throws Exception {
    LaunchSession session = instructorOn("link-settings-1");
    try (WebClient browser = TestServer.browser()) {
      HtmlPage page = browser.getPage(server.url() + "/instructor/settings?s=" + session.id());
      assertEquals(200, page.getWebResponse().getStatusCode());
      HtmlForm form = page.getForms().get(0);
      assertEquals("10", form.getInputByName("points").getValue());
      assertEquals("3", form.getInputByName("attempts").getValue());
      assertEquals(
          "highest",
          ((HtmlSelect) form.getSelectByName("grading"))
              .getSelectedOptions()
              .get(0)
              .getValueAttribute());

      form.getInputByName("points").setValue("0");
      form.getInputByName("available_from").setValue("2026-03-10T09:00");
      form.getInputByName("available_until").setValue("2026-03-01T09:00");
      form.getInputByName("time_zone").setValue("Mars/Olympus");
      HtmlPage refused = form.getButtonByName("save").click();

      assertEquals(400, refused.getWebResponse().getStatusCode());
      String text = refused.asNormalizedText();
      assertTrue(text.contains("The settings were not saved"), text);
      assertTrue(text.contains("points must be a number above 0"), text);
      assertTrue(text.contains("\u201cMars/Olympus\u201d is not a time zone"), text);
      assertTrue(text.contains("must be after"), text);
      assertEquals(
          "0",
          refused.getForms().get(0).getInputByName("points").getValue(),
          "what was typed stays");
      assertEquals(
          "true", refused.getForms().get(0).getInputByName("points").getAttribute("aria-invalid"));
      assertEquals(
          0L,
          Fixtures.jdbc(server)
              .queryOne(
                  "SELECT COUNT(*) FROM assignment_settings WHERE resource_link_id = ?",
                  r -> r.getLong(1),
                  session.resourceLinkId())
              .orElseThrow(),
          "nothing half-written");
    }
  }

  @Test
  void valid_settings_are_stored_with_dates_in_the_chosen_zone() throws Exception {
    LaunchSession session = instructorOn("link-settings-2");
    try (WebClient browser = TestServer.browser()) {
      HtmlForm form =
          ((HtmlPage) browser.getPage(server.url() + "/instructor/settings?s=" + session.id()))
              .getForms()
              .get(0);
      form.getInputByName("attempts").setValue("5");
      ((HtmlSelect) form.getSelectByName("feedback")).setSelectedAttribute("after-each", true);
      form.getInputByName("available_from").setValue("2026-03-01T09:00");
      form.getInputByName("available_until").setValue("2026-03-08T18:30");
      form.getInputByName("time_zone").setValue("Europe/Berlin");
      HtmlPage saved = form.getButtonByName("save").click();

      assertEquals(200, saved.getWebResponse().getStatusCode());
      assertTrue(
          saved.asNormalizedText().contains("Settings saved. No grades changed."),
          saved.asNormalizedText());
      HtmlForm again = saved.getForms().get(0);
      assertEquals("5", again.getInputByName("attempts").getValue());
      assertEquals("2026-03-08T18:30", again.getInputByName("available_until").getValue());
      String row =
          Fixtures.jdbc(server)
              .queryOne(
                  "SELECT max_attempts, feedback_timing, available_from, points"
                      + " FROM assignment_settings WHERE resource_link_id = ?",
                  r ->
                      r.getInt(1)
                          + " "
                          + r.getString(2)
                          + " "
                          + com.recoverylab.store.Jdbc.instant(r, "available_from")
                          + " "
                          + r.getBigDecimal(4).stripTrailingZeros().toPlainString(),
                  session.resourceLinkId())
              .orElseThrow();
      assertEquals("5 after-each " + Instant.parse("2026-03-01T08:00:00Z") + " 10", row);
    }
  }

  @Test
  void right_answers_start_at_the_quiz_setting_and_a_link_choice_is_stored_and_shown()
      throws Exception {
    LaunchSession session = instructorOn("link-settings-right");
    try (WebClient browser = TestServer.browser()) {
      HtmlPage page = browser.getPage(server.url() + "/instructor/settings?s=" + session.id());
      HtmlSelect right = page.getForms().get(0).getSelectByName("right_answers");
      assertEquals("", right.getSelectedOptions().get(0).getValueAttribute());
      assertEquals(
          "The quiz's setting: after the last allowed attempt or after the close date",
          right.getSelectedOptions().get(0).getText());

      right.setSelectedAttribute("never", true);
      HtmlPage saved = page.getForms().get(0).getButtonByName("save").click();
      assertEquals(200, saved.getWebResponse().getStatusCode(), saved.asNormalizedText());
      assertEquals(
          "never",
          ((HtmlSelect) saved.getForms().get(0).getSelectByName("right_answers"))
              .getSelectedOptions()
              .get(0)
              .getValueAttribute());
      assertEquals(
          "never",
          Fixtures.jdbc(server)
              .queryOne(
                  "SELECT right_answers FROM assignment_settings" + " WHERE resource_link_id = ?",
                  r -> r.getString(1),
                  session.resourceLinkId())
              .orElseThrow());

      HtmlSelect again = saved.getForms().get(0).getSelectByName("right_answers");
      again.getOptionByValue("never").setValueAttribute("sometimes");
      HtmlPage refused = saved.getForms().get(0).getButtonByName("save").click();
      assertEquals(400, refused.getWebResponse().getStatusCode());
      assertTrue(
          refused.asNormalizedText().contains("(got \u201csometimes\u201d)"),
          refused.asNormalizedText());
    }
  }
}
