package com.recoverylab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.recoverylab.web.Json;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SandboxServicesTest {
  private static final String LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";
  private static final String RESULTS =
      "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly";
  private static final String SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
  private static final String MEMBERS =
      "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
  private static final String SCORE_TYPE = "application/vnd.ims.lis.v1.score+json";
  private static SandboxFixture sandbox;

  @BeforeAll
  static void start() {
    sandbox = new SandboxFixture();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void token_endpoint_grants_an_opaque_token_for_an_assertion_signed_with_the_tool_key()
      throws Exception {
    HttpResponse<String> response =
        sandbox.requestToken(
            sandbox.toolKeys.sign(sandbox.assertion().build()),
            SCORE + " " + MEMBERS + " https://example.com/scope/unknown");
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertEquals("Bearer", body.path("token_type").asText());
    assertEquals(3600, body.path("expires_in").asInt());
    assertEquals(SCORE + " " + MEMBERS, body.path("scope").asText(), "only the scopes it may have");
    assertTrue(body.path("access_token").asText().length() >= 32);
    assertFalse(body.path("access_token").asText().contains("."), "opaque, not a JWT");
  }

  @Test
  void token_endpoint_refuses_an_assertion_dated_in_the_future() throws Exception {
    Instant later = Instant.now().plusSeconds(600);
    JWTClaimsSet claims =
        sandbox
            .assertion()
            .issueTime(Date.from(later))
            .expirationTime(Date.from(later.plusSeconds(300)))
            .build();
    HttpResponse<String> response = sandbox.requestToken(sandbox.toolKeys.sign(claims), SCORE);
    assertEquals(401, response.statusCode());
    assertTrue(response.body().contains("dated in the future"), response.body());
    assertTrue(response.body().contains("invalid_client"), response.body());
  }

  @Test
  void token_endpoint_refuses_an_assertion_for_another_audience() throws Exception {
    JWTClaimsSet claims =
        sandbox.assertion().audience("https://moodle.example.edu/mod/lti/token.php").build();
    HttpResponse<String> response = sandbox.requestToken(sandbox.toolKeys.sign(claims), SCORE);
    assertEquals(401, response.statusCode());
    assertTrue(
        response.body().contains("must be addressed to the token endpoint"), response.body());
  }

  @Test
  void token_endpoint_refuses_a_replayed_assertion() throws Exception {
    String assertion = sandbox.toolKeys.sign(sandbox.assertion().build());
    assertEquals(200, sandbox.requestToken(assertion, SCORE).statusCode());
    HttpResponse<String> again = sandbox.requestToken(assertion, SCORE);
    assertEquals(401, again.statusCode());
    assertTrue(again.body().contains("jti has been used before"), again.body());
  }

  @Test
  void token_endpoint_refuses_a_subject_other_than_the_client_id() throws Exception {
    HttpResponse<String> response =
        sandbox.requestToken(
            sandbox.toolKeys.sign(sandbox.assertion().subject("someone-else").build()), SCORE);
    assertEquals(401, response.statusCode());
    assertTrue(response.body().contains("both must be the client id"), response.body());
  }

  @Test
  void token_endpoint_takes_form_encoded_requests_only() throws Exception {
    HttpResponse<String> response =
        sandbox.postJson(
            sandbox.base + "/sandbox/token",
            null,
            "application/json",
            Map.of("grant_type", "client_credentials"));
    assertEquals(400, response.statusCode());
    assertTrue(
        response.body().contains("must be application/x-www-form-urlencoded"), response.body());
  }

  @Test
  void scores_are_stored_and_shown_in_the_gradebook() throws Exception {
    long activity = sandbox.addActivity("quiz:" + SandboxFixture.QUIZ_ID);
    String token = sandbox.accessToken(LINEITEM, SCORE, RESULTS);
    JsonNode item = sandbox.lineItemOf(activity, token);
    assertEquals(10, item.path("scoreMaximum").asInt());
    assertEquals(String.valueOf(activity), item.path("resourceLinkId").asText());
    String scores = scoresUrl(item.path("id").asText());

    HttpResponse<String> posted =
        sandbox.postJson(
            scores,
            token,
            SCORE_TYPE,
            score(
                SandboxFixture.STUDENT,
                "2026-03-01T10:00:00.000Z",
                4,
                5,
                "FullyGraded",
                "Well reasoned."));
    assertEquals(200, posted.statusCode(), posted.body());
    assertEquals("", posted.body());

    HttpResponse<String> results =
        sandbox.get(item.path("id").asText().replace("/lineitem?", "/lineitem/results?"), token);
    assertEquals(200, results.statusCode(), results.body());
    assertEquals(
        "application/vnd.ims.lis.v2.resultcontainer+json",
        results.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    JsonNode result = Json.MAPPER.readTree(results.body()).get(0);
    assertEquals(SandboxFixture.STUDENT, result.path("userId").asText());
    assertEquals(8, result.path("resultScore").asInt(), "rescaled to the activity's 10 points");
    assertEquals(10, result.path("resultMaximum").asInt());
    assertEquals("Well reasoned.", result.path("comment").asText());

    try (WebClient browser = SandboxFixture.quietBrowser()) {
      HtmlPage page = browser.getPage(sandbox.base + "/sandbox/gradebook");
      String text = page.asNormalizedText();
      assertTrue(text.contains("Jonas Berg"), text);
      assertTrue(text.contains("8 / 10"), text);
      assertTrue(text.contains("4 / 5"), text);
      assertTrue(text.contains("Well reasoned."), text);
      assertTrue(text.contains("2026-03-01T10:00:00Z"), text);
      assertTrue(text.contains("FullyGraded"), text);
    }
  }

  @Test
  void a_score_not_newer_than_the_stored_one_gets_409() throws Exception {
    long activity = sandbox.addActivity("quiz:" + SandboxFixture.QUIZ_ID);
    String token = sandbox.accessToken(LINEITEM, SCORE);
    String scores = scoresUrl(sandbox.lineItemOf(activity, token).path("id").asText());
    Map<String, Object> first = score("4", "2026-03-02T10:00:00.000Z", 3, 5, "FullyGraded", null);
    assertEquals(200, sandbox.postJson(scores, token, SCORE_TYPE, first).statusCode());
    HttpResponse<String> same = sandbox.postJson(scores, token, SCORE_TYPE, first);
    assertEquals(409, same.statusCode(), same.body());
    HttpResponse<String> older =
        sandbox.postJson(
            scores,
            token,
            SCORE_TYPE,
            score("4", "2026-03-01T10:00:00.000Z", 5, 5, "FullyGraded", null));
    assertEquals(409, older.statusCode());
    assertEquals(
        200,
        sandbox
            .postJson(
                scores,
                token,
                SCORE_TYPE,
                score("4", "2026-03-02T10:00:00.001Z", 5, 5, "FullyGraded", null))
            .statusCode());
  }

  @Test
  void a_score_for_the_instructor_gets_400() throws Exception {
    long activity = sandbox.addActivity("quiz:" + SandboxFixture.QUIZ_ID);
    String token = sandbox.accessToken(LINEITEM, SCORE);
    String scores = scoresUrl(sandbox.lineItemOf(activity, token).path("id").asText());
    HttpResponse<String> response =
        sandbox.postJson(
            scores,
            token,
            SCORE_TYPE,
            score(SandboxFixture.INSTRUCTOR, "2026-03-01T10:00:00Z", 1, 1, "FullyGraded", null));
    assertEquals(400, response.statusCode());
    assertTrue(response.body().contains("is an instructor and cannot be graded"), response.body());
  }

  @Test
  void a_score_without_a_required_field_gets_400() throws Exception {
    long activity = sandbox.addActivity("quiz:" + SandboxFixture.QUIZ_ID);
    String token = sandbox.accessToken(LINEITEM, SCORE);
    String scores = scoresUrl(sandbox.lineItemOf(activity, token).path("id").asText());
    Map<String, Object> body =
        score(SandboxFixture.STUDENT, "2026-03-01T10:00:00Z", 1, 1, "FullyGraded", null);
    body.remove("activityProgress");
    HttpResponse<String> response = sandbox.postJson(scores, token, SCORE_TYPE, body);
    assertEquals(400, response.statusCode());
    assertTrue(response.body().contains("The score lacks activityProgress"), response.body());
  }

  @Test
  void a_score_that_is_not_fully_graded_clears_the_grade() throws Exception {
    long activity = sandbox.addActivity("quiz:" + SandboxFixture.QUIZ_ID);
    String token = sandbox.accessToken(LINEITEM, SCORE, RESULTS);
    String lineItem = sandbox.lineItemOf(activity, token).path("id").asText();
    String scores = scoresUrl(lineItem);
    assertEquals(
        200,
        sandbox
            .postJson(
                scores,
                token,
                SCORE_TYPE,
                score("5", "2026-03-01T10:00:00Z", 5, 5, "FullyGraded", null))
            .statusCode());
    assertEquals(
        200,
        sandbox
            .postJson(
                scores,
                token,
                SCORE_TYPE,
                score("5", "2026-03-01T11:00:00Z", 2, 5, "PendingManual", null))
            .statusCode());
    JsonNode result =
        Json.MAPPER
            .readTree(
                sandbox
                    .get(lineItem.replace("/lineitem?", "/lineitem/results?") + "&user_id=5", token)
                    .body())
            .get(0);
    assertTrue(result.path("resultScore").isMissingNode(), result.toString());
    try (WebClient browser = SandboxFixture.quietBrowser()) {
      String text =
          browser.<HtmlPage>getPage(sandbox.base + "/sandbox/gradebook").asNormalizedText();
      assertTrue(text.contains("cleared"), text);
      assertTrue(text.contains("PendingManual"), text);
    }
  }

  @Test
  void score_posts_need_a_token_with_the_score_scope() throws Exception {
    long activity = sandbox.addActivity("quiz:" + SandboxFixture.QUIZ_ID);
    String readOnly = sandbox.accessToken(LINEITEM);
    String scores = scoresUrl(sandbox.lineItemOf(activity, readOnly).path("id").asText());
    Map<String, Object> body =
        score(SandboxFixture.STUDENT, "2026-03-01T10:00:00Z", 1, 1, "FullyGraded", null);
    HttpResponse<String> none = sandbox.postJson(scores, null, SCORE_TYPE, body);
    assertEquals(401, none.statusCode());
    assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    assertEquals(401, sandbox.postJson(scores, "made-up-token", SCORE_TYPE, body).statusCode());
    HttpResponse<String> wrongScope = sandbox.postJson(scores, readOnly, SCORE_TYPE, body);
    assertEquals(403, wrongScope.statusCode());
  }

  @Test
  void service_urls_without_their_type_id_query_are_refused() throws Exception {
    String token = sandbox.accessToken(LINEITEM);
    HttpResponse<String> response =
        sandbox.get(sandbox.base + "/sandbox/ags/sandbox-course/lineitems", token);
    assertEquals(400, response.statusCode());
    assertTrue(response.body().contains("type_id=1"), response.body());
  }

  @Test
  void a_tool_can_create_a_line_item() throws Exception {
    String token = sandbox.accessToken(LINEITEM);
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("label", "Reflection");
    item.put("scoreMaximum", 5);
    item.put("resourceId", "reflection-1");
    item.put("tag", "essay");
    item.put("resourceLinkId", "1");
    HttpResponse<String> created =
        sandbox.postJson(
            sandbox.base + "/sandbox/ags/sandbox-course/lineitems?type_id=1",
            token,
            "application/vnd.ims.lis.v2.lineitem+json",
            item);
    assertEquals(201, created.statusCode(), created.body());
    assertEquals(
        "application/vnd.ims.lis.v2.lineitem+json",
        created.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    JsonNode body = Json.MAPPER.readTree(created.body());
    assertTrue(
        body.path("id")
            .asText()
            .matches(".*/sandbox/ags/sandbox-course/lineitems/\\d+/lineitem\\?type_id=1"));
    assertEquals("Reflection", body.path("label").asText());
    assertEquals("1", body.path("resourceLinkId").asText());
    HttpResponse<String> read = sandbox.get(body.path("id").asText(), token);
    assertEquals(200, read.statusCode());
    assertEquals("reflection-1", Json.MAPPER.readTree(read.body()).path("resourceId").asText());
    HttpResponse<String> badItem =
        sandbox.postJson(
            sandbox.base + "/sandbox/ags/sandbox-course/lineitems?type_id=1",
            token,
            "application/vnd.ims.lis.v2.lineitem+json",
            Map.of("label", "No maximum"));
    assertEquals(400, badItem.statusCode());
  }

  @Test
  void memberships_are_paged_with_a_link_to_the_next_page() throws Exception {
    String token = sandbox.accessToken(MEMBERS);
    HttpResponse<String> first =
        sandbox.get(sandbox.base + "/sandbox/nrps/sandbox-course/memberships?limit=2", token);
    assertEquals(200, first.statusCode(), first.body());
    assertEquals(
        "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
        first.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    JsonNode page = Json.MAPPER.readTree(first.body());
    assertEquals("sandbox-course", page.path("context").path("id").asText());
    assertEquals(2, page.path("members").size());
    assertEquals("Instructor", page.path("members").get(0).path("roles").get(0).asText());
    assertEquals("Learner", page.path("members").get(1).path("roles").get(0).asText());
    String link = first.headers().firstValue("Link").orElseThrow();
    assertTrue(link.endsWith("; rel=\"next\""), link);
    String next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));

    HttpResponse<String> second = sandbox.get(next, token);
    assertEquals(200, second.statusCode());
    JsonNode members = Json.MAPPER.readTree(second.body()).path("members");
    assertEquals(2, members.size());
    assertTrue(second.headers().firstValue("Link").isEmpty(), "last page has no next link");
    List<String> ids =
        List.of(members.get(0).path("user_id").asText(), members.get(1).path("user_id").asText());
    assertTrue(
        ids.contains(SandboxFixture.NEVER_LAUNCHES), "a student who never launched is listed");
    assertEquals("Lena Novak", members.get(1).path("name").asText());
    assertEquals("Active", members.get(1).path("status").asText());
  }

  @Test
  void memberships_need_the_membership_scope() throws Exception {
    String token = sandbox.accessToken(SCORE);
    assertEquals(
        403,
        sandbox.get(sandbox.base + "/sandbox/nrps/sandbox-course/memberships", token).statusCode());
    assertEquals(
        401,
        sandbox.get(sandbox.base + "/sandbox/nrps/sandbox-course/memberships", null).statusCode());
  }

  @Test
  void the_failure_switch_makes_the_next_score_posts_answer_503() throws Exception {
    long activity = sandbox.addActivity("quiz:" + SandboxFixture.QUIZ_ID);
    String token = sandbox.accessToken(LINEITEM, SCORE);
    String scores = scoresUrl(sandbox.lineItemOf(activity, token).path("id").asText());
    try (WebClient browser = SandboxFixture.quietBrowser()) {
      HtmlPage settings = browser.getPage(sandbox.base + "/sandbox/settings");
      settings
          .<org.htmlunit.html.HtmlNumberInput>getHtmlElementById("failing_score_posts")
          .setValue("1");
      HtmlPage saved =
          settings
              .<org.htmlunit.html.HtmlButton>getFirstByXPath("//button[@type='submit']")
              .click();
      assertTrue(
          saved.asNormalizedText().contains("Score posts still to fail: 1"),
          saved.asNormalizedText());
    }
    Map<String, Object> body = score("4", "2026-04-01T10:00:00Z", 1, 1, "FullyGraded", null);
    HttpResponse<String> refused = sandbox.postJson(scores, token, SCORE_TYPE, body);
    assertEquals(503, refused.statusCode(), refused.body());
    assertEquals(
        200,
        sandbox.postJson(scores, token, SCORE_TYPE, body).statusCode(),
        "the retry goes through");
  }

  private static String scoresUrl(String lineItemUrl) {
    // AGS 3.4: the scores endpoint is the line item URL with /scores added to its path
    int query = lineItemUrl.indexOf('?');
    return lineItemUrl.substring(0, query) + "/scores" + lineItemUrl.substring(query);
  }

  private static Map<String, Object> score(
      String userId,
      String timestamp,
      double given,
      double maximum,
      String gradingProgress,
      String comment) {
    Map<String, Object> score = new LinkedHashMap<>();
    score.put("userId", userId);
    score.put("scoreGiven", given);
    score.put("scoreMaximum", maximum);
    score.put("activityProgress", "Completed");
    score.put("gradingProgress", gradingProgress);
    score.put("timestamp", timestamp);
    if (comment != null) {
      score.put("comment", comment);
    }
    return score;
  }
}
