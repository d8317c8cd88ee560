package com.recoverylab.lti.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.app.AppServer;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

class ConsumersPageTest {
  private static final String TOKEN = "k3Q9-vR2xT8mW4pL7nB1cZ6y";

  private static WebResponse get(WebClient browser, AppServer server, String authorization)
      throws Exception {
    WebRequest request = new WebRequest(new URL(server.url() + "/lti/11/consumers"));
    if (authorization != null) {
      request.setAdditionalHeader("Authorization", authorization);
    }
    Page page = browser.getPage(request);
    return page.getWebResponse();
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void consumer_list_shows_keys_and_names_but_never_secrets_to_the_admin_token() throws Exception {
    Map<String, String> settings = TestServer.settings(TestDatabases.h2());
    settings.put("ADMIN_TOKEN", TOKEN);
    try (AppServer server = TestServer.start(settings);
        WebClient browser = TestServer.browser()) {
      Consumers consumers = new Consumers(LegacyLaunchTest.jdbc(server), Clock.systemUTC());
      NewConsumer moodle = consumers.create("moodle-main", "Moodle <main>");
      NewConsumer canvas = consumers.create("canvas-test", "Canvas test");

      for (String credential :
          new String[] {"Bearer " + TOKEN, basic("admin", TOKEN), basic("", TOKEN)}) {
        WebResponse response = get(browser, server, credential);
        assertEquals(200, response.getStatusCode(), credential);
        assertEquals("no-store", response.getResponseHeaderValue("Cache-Control"));
        String html = response.getContentAsString();
        assertTrue(html.contains("moodle-main") && html.contains("canvas-test"), html);
        assertTrue(html.contains("Moodle &lt;main&gt;"), "names are escaped: " + html);
        assertTrue(html.contains(server.url() + "/lti/11/launch"), html);
        assertFalse(
            html.contains(moodle.secret()) || html.contains(canvas.secret()),
            "no secret on the page");
      }
      WebRequest request = new WebRequest(new URL(server.url() + "/lti/11/consumers"));
      request.setAdditionalHeader("Authorization", "Bearer " + TOKEN);
      HtmlPage page = browser.getPage(request);
      assertEquals(2, page.getByXPath("//tbody/tr").size());
    }
  }

  @Test
  void consumer_list_asks_for_the_token_and_refuses_wrong_ones() throws Exception {
    Map<String, String> settings = TestServer.settings(TestDatabases.h2());
    settings.put("ADMIN_TOKEN", TOKEN);
    try (AppServer server = TestServer.start(settings);
        WebClient browser = TestServer.browser()) {
      WebResponse none = get(browser, server, null);
      assertEquals(401, none.getStatusCode());
      assertTrue(
          none.getResponseHeaderValue("WWW-Authenticate").startsWith("Basic realm="),
          "browsers show their sign-in dialog");
      assertTrue(
          none.getContentAsString().contains("administrator token"), none.getContentAsString());
      assertEquals(401, get(browser, server, "Bearer " + TOKEN + "x").getStatusCode());
      assertEquals(401, get(browser, server, basic(TOKEN, "wrong")).getStatusCode());
      assertEquals(401, get(browser, server, "Basic not-base64!").getStatusCode());
    }
  }

  @Test
  void consumer_list_does_not_exist_without_an_admin_token() throws Exception {
    try (AppServer server = TestServer.start(TestServer.settings(TestDatabases.h2()));
        WebClient browser = TestServer.browser()) {
      assertEquals(404, get(browser, server, "Bearer " + TOKEN).getStatusCode());
    }
  }
}
