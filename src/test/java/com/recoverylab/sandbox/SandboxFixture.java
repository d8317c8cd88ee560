package com.recoverylab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.recoverylab.app.AppServer;
import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.FeedbackTiming;
import com.recoverylab.content.GradingMethod;
import com.recoverylab.content.Lesson;
import com.recoverylab.content.Quiz;
import com.recoverylab.content.QuizSettings;
import com.recoverylab.lti.keys.ToolKeys;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import com.recoverylab.web.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.NameValuePair;

/** A running tool with the sandbox on and fixture content, plus the steps tests repeat. */
final class SandboxFixture implements AutoCloseable {
  static final String QUIZ_ID = "back-to-back";
  static final String LESSON_ID = "foam-rolling";
  static final String INSTRUCTOR = "2";
  static final String STUDENT = "3";
  static final String NEVER_LAUNCHES = "5";

  final AppServer server;
  final String base;
  final Jdbc jdbc;
  final ToolKeys toolKeys;
  final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  SandboxFixture() {
    Map<String, String> settings = TestServer.settings(TestDatabases.h2());
    settings.put("SANDBOX", "true");
    server = TestServer.start(settings, content());
    base = server.url().toString();
    jdbc = new Jdbc(server.database().dataSource(), server.database().isPostgres());
    toolKeys = new ToolKeys(jdbc, Clock.systemUTC());
  }

  static ContentLibrary content() {
    Lesson lesson =
        new Lesson(
            LESSON_ID,
            "Foam rolling basics",
            1,
            "What a roller changes and what it does not.",
            5,
            List.of(QUIZ_ID),
            "<p>Lesson</p>",
            List.of(),
            "lessons/foam-rolling.md");
    Quiz quiz =
        new Quiz(
            QUIZ_ID,
            "Two runs in one day",
            "Back-to-back sessions.",
            5,
            new QuizSettings(10, 0, GradingMethod.HIGHEST, FeedbackTiming.AT_END, false, 0),
            List.of(LESSON_ID),
            List.of(),
            "quizzes/back-to-back.yaml");
    return new ContentLibrary(List.of(lesson), List.of(quiz), Map.of());
  }

  @Override
  public void close() {
    server.close();
  }

  /** A browser without JavaScript, so auto-posting forms stay on screen to be read. */
  static WebClient quietBrowser() {
    WebClient browser = TestServer.browser();
    browser.getOptions().setJavaScriptEnabled(false);
    return browser;
  }

  /** Adds an activity by picking content on the course page's form; returns its id. */
  long addActivity(String content) throws IOException, InterruptedException {
    HttpResponse<String> response = postForm("/sandbox/activities", Map.of("content", content));
    assertEquals(303, response.statusCode(), response.body());
    String location = response.headers().firstValue("Location").orElseThrow();
    return Long.parseLong(location.substring(location.indexOf("added=") + "added=".length()));
  }

  /** Starts a launch from the sandbox as the user; the login-initiation fields it would post. */
  Map<String, String> startLaunch(String userId, Long activityId) throws IOException {
    try (WebClient browser = quietBrowser()) {
      WebRequest request =
          new WebRequest(URI.create(base + "/sandbox/launch").toURL(), HttpMethod.POST);
      request.setRequestParameters(
          activityId == null
              ? List.of(
                  new NameValuePair("deep_linking", "true"), new NameValuePair("user", userId))
              : List.of(
                  new NameValuePair("activity", String.valueOf(activityId)),
                  new NameValuePair("user", userId)));
      HtmlPage page = browser.getPage(request);
      assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
      return hiddenFields(page, "lti-login");
    }
  }

  /** The authentication request a tool would send back for these login fields. */
  Map<String, String> authRequest(Map<String, String> login, String nonce) {
    Map<String, String> auth = new LinkedHashMap<>();
    auth.put("scope", "openid");
    auth.put("response_type", "id_token");
    auth.put("response_mode", "form_post");
    auth.put("prompt", "none");
    auth.put("client_id", login.get("client_id"));
    auth.put("redirect_uri", base + "/lti/launch");
    auth.put("login_hint", login.get("login_hint"));
    auth.put("lti_message_hint", login.get("lti_message_hint"));
    auth.put("state", "state-" + UUID.randomUUID());
    auth.put("nonce", nonce);
    return auth;
  }

  /** Sends the authentication request (GET) and returns the page the sandbox answers with. */
  HtmlPage authorize(WebClient browser, Map<String, String> parameters) throws IOException {
    return browser.getPage(base + "/sandbox/auth?" + query(parameters));
  }

  /** Launches all the way to the id_token the sandbox posts to the tool. */
  String idToken(String userId, Long activityId) throws IOException {
    Map<String, String> login = startLaunch(userId, activityId);
    try (WebClient browser = quietBrowser()) {
      HtmlPage page = authorize(browser, authRequest(login, "nonce-" + UUID.randomUUID()));
      assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
      return hiddenFields(page, "lti-auth").get("id_token");
    }
  }

  /** A client assertion as the tool signs it; change one claim per test. */
  JWTClaimsSet.Builder assertion() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer("sandbox-tool")
        .subject("sandbox-tool")
        .audience(base + "/sandbox/token")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)))
        .jwtID(UUID.randomUUID().toString());
  }

  HttpResponse<String> requestToken(String signedAssertion, String scope)
      throws IOException, InterruptedException {
    return postForm(
        "/sandbox/token",
        Map.of(
            "grant_type",
            "client_credentials",
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion",
            signedAssertion,
            "scope",
            scope));
  }

  /** An access token for the scopes, obtained the way the tool does. */
  String accessToken(String... scopes) throws IOException, InterruptedException {
    HttpResponse<String> response =
        requestToken(toolKeys.sign(assertion().build()), String.join(" ", scopes));
    assertEquals(200, response.statusCode(), response.body());
    return Json.MAPPER.readTree(response.body()).path("access_token").asText();
  }

  HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> postJson(String url, String token, String mediaType, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", mediaType)
            .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> postForm(String path, Map<String, String> form)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(query(form)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The one line item bound to an activity, as AGS lists it. */
  JsonNode lineItemOf(long activityId, String token) throws IOException, InterruptedException {
    HttpResponse<String> list =
        get(
            base + "/sandbox/ags/sandbox-course/lineitems?type_id=1&resource_link_id=" + activityId,
            token);
    assertEquals(200, list.statusCode(), list.body());
    JsonNode items = Json.MAPPER.readTree(list.body());
    assertEquals(1, items.size(), list.body());
    return items.get(0);
  }

  static Map<String, String> hiddenFields(HtmlPage page, String formId) {
    DomElement form = page.getElementById(formId);
    Map<String, String> fields = new LinkedHashMap<>();
    for (DomElement input : form.getElementsByTagName("input")) {
      fields.put(input.getAttribute("name"), input.getAttribute("value"));
    }
    return fields;
  }

  static String query(Map<String, String> parameters) {
    return parameters.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
