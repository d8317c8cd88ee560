package com.recoverylab.lti.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.app.AppServer;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.FixtureContent;
import com.recoverylab.testing.Rows;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.WebWindow;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.NameValuePair;
import org.htmlunit.util.WebConnectionWrapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How a launch is tied to the browser that started its login when cookies do not come back (issue
 * 13: browsers that block third-party cookies), and what happens when nothing ties it:
 * UNBOUND_LAUNCH new-window (default), frame and refuse. The platform is Moodle-like: its login
 * hint is good for one authentication request.
 */
class BrowserBindingTest {
  private static AppServer server;
  private static AppServer refusing;
  private static AppServer framing;
  private static FakePlatform moodle;
  private static FakePlatform strictMoodle;
  private static FakePlatform framedMoodle;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestServer.settings(TestDatabases.h2()), FixtureContent.library());
    Map<String, String> refuse = TestServer.settings(TestDatabases.h2());
    refuse.put("UNBOUND_LAUNCH", "refuse");
    refusing = TestServer.start(refuse, FixtureContent.library());
    Map<String, String> frame = TestServer.settings(TestDatabases.h2());
    frame.put("UNBOUND_LAUNCH", "frame");
    framing = TestServer.start(frame, FixtureContent.library());
    moodle = FakePlatform.start().registerWith(server);
    strictMoodle = FakePlatform.start().registerWith(refusing);
    framedMoodle = FakePlatform.start().registerWith(framing);
  }

  @AfterAll
  static void stop() {
    moodle.close();
    strictMoodle.close();
    framedMoodle.close();
    server.close();
    refusing.close();
    framing.close();
  }

  @Test
  void launch_in_a_cross_site_frame_without_cookies_is_tied_to_the_browser_by_the_frames_storage()
      throws Exception {
    try (WebClient browser = TestServer.browser()) {
      browser.getCookieManager().setCookiesEnabled(false);
      inCrossSiteFrame(browser);
      int before = moodle.authRequests().size();
      Page page = runInFrame(browser, moodle.launch().content("lesson:foam-rolling"));
      assertEquals(
          "/lessons/foam-rolling",
          page.getUrl().getPath(),
          page.getWebResponse().getContentAsString());
      assertEquals(before + 1, moodle.authRequests().size(), "one authentication request");
      String state = moodle.authRequests().get(before).get("state");
      assertEquals(
          Boolean.TRUE,
          Rows.jdbc(server)
              .queryOne(
                  "SELECT client_stored FROM oidc_states WHERE state = ?",
                  r -> r.getBoolean(1),
                  state)
              .orElseThrow(),
          "the login page kept the secret in the frame");
      assertEquals(
          Boolean.TRUE,
          Rows.jdbc(server)
              .queryOne(
                  "SELECT browser_bound FROM oidc_states WHERE state = ?",
                  r -> r.getBoolean(1),
                  state)
              .orElseThrow(),
          "and said so before going to the platform");
    }
  }

  @Test
  void once_the_logins_browser_said_it_keeps_the_secret_a_launch_without_it_is_refused()
      throws Exception {
    try (WebClient browser = TestServer.browser();
        WebClient attacker = TestServer.browser()) {
      browser.getCookieManager().setCookiesEnabled(false);
      inCrossSiteFrame(browser);
      List<NameValuePair> intercepted = new ArrayList<>();
      FakePlatform.Launch launch = moodle.launch().content("overview");
      // the platform's answer is caught on the way; the victim's browser never gets it
      launch.stateOverride = "not-the-victims";
      launch.beforePost =
          state -> {
            intercepted.add(new NameValuePair("state", state));
            intercepted.add(new NameValuePair(LaunchServlet.STORAGE_CHECKED, "true"));
          };
      runInFrame(browser, launch);
      intercepted.add(new NameValuePair("id_token", moodle.lastIdToken()));
      Map<String, Long> rowsBefore = Rows.launchRows(server);
      Page refused = postLaunch(attacker, server, intercepted);
      assertEquals(
          403,
          refused.getWebResponse().getStatusCode(),
          refused.getWebResponse().getContentAsString());
      assertTrue(
          refused.getWebResponse().getContentAsString().contains("different browser or window"));
      assertEquals(rowsBefore, Rows.launchRows(server), "no new-window ticket, no session");
    }
  }

  @Test
  void only_the_browser_holding_the_secret_can_say_it_keeps_it() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      browser.getOptions().setRedirectEnabled(false);
      String state = LtiLaunchTest.query(new URL(abandonedLogin(browser))).get("state");
      WebRequest report = new WebRequest(new URL(server.url() + "/lti/bound"), HttpMethod.POST);
      report.setRequestParameters(
          List.of(new NameValuePair("state", state), new NameValuePair("secret", "a-guess")));
      try (WebClient stranger = TestServer.browser()) {
        assertEquals(204, stranger.loadWebResponse(report).getStatusCode());
      }
      assertEquals(
          Boolean.FALSE,
          Rows.jdbc(server)
              .queryOne(
                  "SELECT browser_bound FROM oidc_states WHERE state = ?",
                  r -> r.getBoolean(1),
                  state)
              .orElseThrow());
      assertEquals(204, browser.loadWebResponse(report).getStatusCode(), "with its cookie");
      assertEquals(
          Boolean.TRUE,
          Rows.jdbc(server)
              .queryOne(
                  "SELECT browser_bound FROM oidc_states WHERE state = ?",
                  r -> r.getBoolean(1),
                  state)
              .orElseThrow());
    }
  }

  @Test
  void state_and_nonce_from_the_intercepted_launch_do_not_tie_it_to_another_browser()
      throws Exception {
    try (WebClient victim = TestServer.browser();
        WebClient attacker = TestServer.browser()) {
      victim.getOptions().setJavaScriptEnabled(false);
      FakePlatform.Launch launch = strictMoodle.launch().content("overview");
      List<NameValuePair> intercepted = new ArrayList<>();
      // the victim's browser gets as far as the platform's answer; the attacker reads it on the way
      HtmlPage platformAnswer = submit((HtmlPage) strictMoodle.run(victim, launch));
      HtmlForm form = platformAnswer.getForms().get(0);
      String idToken = form.getInputByName("id_token").getValue();
      String state = form.getInputByName("state").getValue();
      String nonce =
          com.nimbusds.jwt.SignedJWT.parse(idToken).getJWTClaimsSet().getStringClaim("nonce");
      intercepted.add(new NameValuePair("id_token", idToken));
      intercepted.add(new NameValuePair("state", state));
      // what the old client-side storage check accepted: values anyone holding the token knows
      intercepted.add(new NameValuePair("lti_stored_state", state));
      intercepted.add(new NameValuePair("lti_stored_nonce", nonce));
      intercepted.add(new NameValuePair(LaunchServlet.STORAGE_CHECKED, "true"));
      Map<String, Long> rowsBefore = Rows.launchRows(refusing);

      Page refused = postLaunch(attacker, refusing, intercepted);
      assertEquals(401, refused.getWebResponse().getStatusCode());
      assertTrue(
          refused.getWebResponse().getContentAsString().contains("cannot be tied to your browser"));
      List<NameValuePair> guessed = new ArrayList<>(intercepted);
      guessed.add(new NameValuePair(LaunchServlet.BROWSER_SECRET, "a-guess"));
      Page wrongSecret = postLaunch(attacker, refusing, guessed);
      assertEquals(403, wrongSecret.getWebResponse().getStatusCode());
      assertEquals(rowsBefore, Rows.launchRows(refusing), "neither attempt created anything");

      // the browser that logged in still holds its cookie and finishes the launch
      Page landed = submit(platformAnswer);
      assertEquals(
          "/course", landed.getUrl().getPath(), landed.getWebResponse().getContentAsString());
    }
  }

  @Test
  void
      unbound_launch_goes_on_in_a_new_window_with_a_one_time_ticket_and_never_reuses_the_login_hint()
          throws Exception {
    try (WebClient browser = TestServer.browser()) {
      browser.getCookieManager().setCookiesEnabled(false);
      int authBefore = moodle.authRequests().size();
      HtmlPage page =
          (HtmlPage) moodle.run(browser, moodle.launch().content("lesson:foam-rolling"));
      assertEquals(200, page.getWebResponse().getStatusCode());
      assertTrue(
          page.asNormalizedText().contains("continues in a window of its own"),
          page.asNormalizedText());
      assertEquals(
          1,
          page.getForms().size(),
          "only the ticket form: no second login with the platform's hint");
      HtmlForm form = page.getForms().get(0);
      assertEquals("/lti/continue", form.getActionAttribute());
      assertEquals("recovery-lab-window", form.getTargetAttribute());
      assertFalse(
          page.getWebResponse().getContentAsString().contains("launchid"),
          "the login hint is not on the page");
      String ticket = form.getInputByName("ticket").getValue();

      page.getHtmlElementById("open-new-window").click();
      WebWindow opened = browser.getWebWindowByName("recovery-lab-window");
      assertEquals("/lessons/foam-rolling", opened.getEnclosedPage().getUrl().getPath());
      assertNotNull(
          LtiLaunchTest.query(opened.getEnclosedPage().getUrl()).get("s"),
          "the window carries the session");
      assertEquals(
          authBefore + 1,
          moodle.authRequests().size(),
          "the platform saw one authentication request");
      browser.waitForBackgroundJavaScript(1000);
      assertFalse(
          page.getHtmlElementById("lti-new-window-opened").hasAttribute("hidden"),
          "the frame says the window is open");
      assertTrue(
          page.getHtmlElementById("lti-new-window").hasAttribute("hidden"),
          "and offers no spent ticket");

      Page again = postContinue(browser, ticket);
      assertEquals(400, again.getWebResponse().getStatusCode());
      assertTrue(
          again.getWebResponse().getContentAsString().contains("expired or was used already"));
      Page got = browser.getPage(server.url() + "/lti/continue?ticket=" + ticket);
      assertEquals(400, got.getWebResponse().getStatusCode());
    }
  }

  @Test
  void a_ticket_is_good_for_five_minutes() {
    LaunchTicketRepository repository = new LaunchTicketRepository(Rows.jdbc(server));
    Instant issued = Instant.parse("2026-12-07T10:00:00Z");
    String late =
        new LaunchTickets(repository, Clock.fixed(issued, ZoneOffset.UTC)).issue("/course?s=late");
    String inTime =
        new LaunchTickets(repository, Clock.fixed(issued, ZoneOffset.UTC))
            .issue("/course?s=in-time");
    LaunchTickets afterFourMinutes =
        new LaunchTickets(
            repository, Clock.fixed(issued.plus(Duration.ofMinutes(4)), ZoneOffset.UTC));
    LaunchTickets afterSixMinutes =
        new LaunchTickets(
            repository, Clock.fixed(issued.plus(Duration.ofMinutes(6)), ZoneOffset.UTC));
    assertEquals("/course?s=in-time", afterFourMinutes.redeem(inTime).orElseThrow());
    assertTrue(afterSixMinutes.redeem(late).isEmpty(), "expired");
    assertTrue(afterFourMinutes.redeem("made-up").isEmpty(), "unknown");
  }

  @Test
  void unbound_launch_with_frame_setting_goes_straight_to_its_page() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      browser.getCookieManager().setCookiesEnabled(false);
      Page page = framedMoodle.run(browser, framedMoodle.launch().content("lesson:foam-rolling"));
      assertEquals("/lessons/foam-rolling", page.getUrl().getPath());
    }
  }

  @Test
  void unbound_launch_with_refuse_setting_says_how_to_allow_it_and_creates_nothing()
      throws Exception {
    Map<String, Long> before = Rows.launchRows(refusing);
    try (WebClient browser = TestServer.browser()) {
      browser.getCookieManager().setCookiesEnabled(false);
      Page page = strictMoodle.run(browser, strictMoodle.launch().content("overview"));
      assertEquals(401, page.getWebResponse().getStatusCode());
      String text = ((HtmlPage) page).asNormalizedText();
      assertTrue(text.contains("Allow cookies and site data for this site"), text);
    }
    assertEquals(before, Rows.launchRows(refusing));
  }

  @Test
  void deep_linking_in_a_new_window_hands_the_answer_back_to_the_page_that_opened_it()
      throws Exception {
    try (WebClient browser = TestServer.browser()) {
      browser.getCookieManager().setCookiesEnabled(false);
      FakePlatform.Launch launch = moodle.launch().instructor();
      launch.messageType = "LtiDeepLinkingRequest";
      HtmlPage frame = (HtmlPage) moodle.run(browser, launch);
      assertTrue(
          frame.asNormalizedText().contains("Your choice comes back to this course page"),
          frame.asNormalizedText());
      WebWindow frameWindow = frame.getEnclosingWindow();
      frame.getHtmlElementById("open-new-window").click();
      HtmlPage picker =
          (HtmlPage) browser.getWebWindowByName("recovery-lab-window").getEnclosedPage();
      assertEquals("/instructor/deep-link", picker.getUrl().getPath());
      ((HtmlCheckBoxInput) picker.getHtmlElementById("item_lesson:foam-rolling")).setChecked(true);
      picker.getForms().stream()
          .filter(f -> "/instructor/deep-link".equals(f.getActionAttribute()))
          .findFirst()
          .orElseThrow()
          .getButtonByName("add")
          .click();
      browser.waitForBackgroundJavaScript(5000);

      // the answer went to the platform from the page that opened the window (the platform's frame)
      WebResponse posted = frameWindow.getEnclosedPage().getWebResponse();
      assertEquals(
          "/moodle/mod/lti/contentitem_return.php", posted.getWebRequest().getUrl().getPath());
      assertEquals(HttpMethod.POST, posted.getWebRequest().getHttpMethod());
      String jwt =
          posted.getWebRequest().getRequestParameters().stream()
              .filter(p -> "JWT".equals(p.getName()))
              .findFirst()
              .orElseThrow()
              .getValue();
      assertEquals(
          "LtiDeepLinkingResponse",
          com.nimbusds.jwt.SignedJWT.parse(jwt)
              .getJWTClaimsSet()
              .getStringClaim("https://purl.imsglobal.org/spec/lti/claim/message_type"));
    }
  }

  @Test
  void a_new_login_drops_the_oldest_login_cookies_beyond_four() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      browser.getOptions().setRedirectEnabled(false);
      List<String> states = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        states.add(LtiLaunchTest.query(new URL(abandonedLogin(browser))).get("state"));
        // cookies carry their creation time in milliseconds: the next one must be younger
        long created = System.currentTimeMillis();
        Awaitility.await()
            .pollInterval(Duration.ofMillis(1))
            .until(() -> System.currentTimeMillis() > created + 1);
      }
      java.util.Set<String> kept = new java.util.TreeSet<>();
      browser.getCookieManager().getCookies().stream()
          .map(org.htmlunit.http.Cookie::getName)
          .filter(name -> name.startsWith(BrowserBinding.PREFIX))
          .forEach(kept::add);
      java.util.Set<String> newest = new java.util.TreeSet<>();
      states.subList(2, 6).forEach(state -> newest.add(BrowserBinding.PREFIX + state));
      assertEquals(newest, kept);
    }
  }

  @Test
  void many_abandoned_logins_leave_a_few_cookies_and_the_next_launch_works() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      browser.getOptions().setRedirectEnabled(false);
      for (int i = 0; i < 120; i++) {
        abandonedLogin(browser);
      }
      long kept =
          browser.getCookieManager().getCookies().stream()
              .filter(c -> c.getName().startsWith(BrowserBinding.PREFIX))
              .count();
      assertTrue(kept <= BrowserBinding.MAX_COOKIES, kept + " login cookies kept");
      browser.getOptions().setRedirectEnabled(true);
      Page page = moodle.run(browser, moodle.launch().content("overview"));
      assertEquals("/course", page.getUrl().getPath(), page.getWebResponse().getContentAsString());
    }
  }

  // --- helpers ---

  /** A login the browser never finishes; returns where the tool sent it (the platform). */
  private static String abandonedLogin(WebClient browser) throws IOException {
    Page login =
        browser.getPage(
            new WebRequest(
                new URL(
                    server.url()
                        + "/lti/login?iss="
                        + LtiLaunchTest.enc(moodle.issuer())
                        + "&login_hint=2&target_link_uri="
                        + LtiLaunchTest.enc(server.url() + "/lti/launch")
                        + "&client_id="
                        + LtiLaunchTest.enc(moodle.clientId()))));
    assertEquals(302, login.getWebResponse().getStatusCode());
    return login.getWebResponse().getResponseHeaderValue("Location");
  }

  /**
   * Runs a launch in a browser set up by {@link #inCrossSiteFrame}, whose login page goes on by
   * script.
   */
  private static Page runInFrame(WebClient browser, FakePlatform.Launch launch) throws IOException {
    moodle.run(browser, launch);
    for (int i = 0; i < 50; i++) {
      browser.waitForBackgroundJavaScript(100);
      Page page = browser.getCurrentWindow().getEnclosedPage();
      String path = page.getUrl().getPath();
      boolean onTheWay =
          path.startsWith("/moodle/")
              || path.equals("/lti/login")
              || path.equals("/lti/launch") && page.getWebResponse().getStatusCode() == 200;
      if (!onTheWay) {
        break;
      }
    }
    return browser.getCurrentWindow().getEnclosedPage();
  }

  /** Makes the browser say (Fetch Metadata) that the tool's pages load in another site's frame. */
  private static void inCrossSiteFrame(WebClient browser) {
    new WebConnectionWrapper(browser) {
      @Override
      public WebResponse getResponse(WebRequest request) throws IOException {
        if (request.getUrl().getPath().startsWith("/lti/")) {
          request.setAdditionalHeader("Sec-Fetch-Dest", "iframe");
          request.setAdditionalHeader("Sec-Fetch-Site", "cross-site");
        }
        return super.getResponse(request);
      }
    };
  }

  /** Presses the first form's button on a page whose auto-post did not run (JavaScript off). */
  private static HtmlPage submit(HtmlPage page) throws IOException {
    org.htmlunit.html.HtmlButton button = page.getForms().get(0).getFirstByXPath(".//button");
    return button.click();
  }

  private static Page postLaunch(WebClient browser, AppServer tool, List<NameValuePair> fields)
      throws IOException {
    WebRequest post = new WebRequest(new URL(tool.url() + "/lti/launch"), HttpMethod.POST);
    post.setRequestParameters(fields);
    post.setCharset(StandardCharsets.UTF_8);
    return browser.getPage(post);
  }

  private static Page postContinue(WebClient browser, String ticket) throws IOException {
    WebRequest post = new WebRequest(new URL(server.url() + "/lti/continue"), HttpMethod.POST);
    post.setRequestParameters(List.of(new NameValuePair("ticket", ticket)));
    return browser.getPage(post);
  }
}
