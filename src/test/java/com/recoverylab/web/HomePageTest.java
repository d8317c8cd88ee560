package com.recoverylab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.app.AppServer;
import com.recoverylab.testing.TestServer;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HomePageTest {
  private static AppServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void home_page_says_what_the_tool_is_and_how_to_connect_a_platform() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      HtmlPage page = browser.getPage(server.url() + "/");
      assertEquals(200, page.getWebResponse().getStatusCode());
      assertTrue(page.getTitleText().contains("Recovery Lab"));
      String text = page.asNormalizedText();
      assertTrue(text.contains("recovery tools"), text);
      assertTrue(text.contains(server.url() + "/lti/register"), text);
      assertNotNull(page.getFirstByXPath("//main[@id='main']"));
    }
  }

  @Test
  void pages_carry_security_headers_and_allow_platform_framing() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      WebResponse response = browser.getPage(server.url() + "/").getWebResponse();
      String csp = response.getResponseHeaderValue("Content-Security-Policy");
      assertTrue(csp.contains("frame-ancestors *"), csp);
      assertTrue(csp.contains("script-src 'self'"), csp);
      assertEquals("nosniff", response.getResponseHeaderValue("X-Content-Type-Options"));
      assertEquals("same-origin", response.getResponseHeaderValue("Referrer-Policy"));
      assertNotNull(response.getResponseHeaderValue("X-Request-Id"));
    }
  }

  @Test
  void stylesheet_is_served_from_the_tool() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      Page css = browser.getPage(server.url() + "/static/site.css");
      assertEquals(200, css.getWebResponse().getStatusCode());
      assertTrue(css.getWebResponse().getContentAsString().contains("--accent"));
    }
  }

  @Test
  void unknown_page_is_a_plain_404_page_without_internals() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      HtmlPage page = browser.getPage(server.url() + "/no/such/page");
      assertEquals(404, page.getWebResponse().getStatusCode());
      String text = page.asNormalizedText();
      assertTrue(text.contains("Page not found"), text);
      assertFalse(text.contains("Exception"), text);
      assertFalse(text.contains("at com."), text);
    }
  }

  @Test
  void health_and_ready_answer_json() throws Exception {
    try (WebClient browser = TestServer.browser()) {
      WebResponse health = browser.getPage(server.url() + "/health").getWebResponse();
      assertEquals(200, health.getStatusCode());
      assertEquals("application/json", health.getContentType());
      assertEquals("{\"status\":\"up\"}", health.getContentAsString());
      WebResponse ready = browser.getPage(server.url() + "/ready").getWebResponse();
      assertEquals(200, ready.getStatusCode());
      assertTrue(
          ready.getContentAsString().contains("\"database\":\"up\""), ready.getContentAsString());
    }
  }
}
