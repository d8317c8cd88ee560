package com.recoverylab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.recoverylab.grading.DeliveryScenario.Learner;
import com.recoverylab.grading.GradeOutbox.Status;
import com.recoverylab.testing.AgsService;
import com.recoverylab.testing.Answer;
import com.recoverylab.testing.Received;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.web.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Grades travel from the outbox to a platform's gradebook through the running tool. */
class GradeDeliveryTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @Test
  void grade_reaches_the_gradebook_as_a_final_score_on_a_line_item_the_tool_creates_once()
      throws Exception {
    try (DeliveryScenario s = new DeliveryScenario(TestDatabases.h2())) {
      Learner sam = s.launch("user-7", "link-1", s.ags(null));
      long row = s.grade(sam, 7.5);
      s.awaitStatus(row, Status.DELIVERED, WAIT);

      assertEquals(1, s.platform.lineItemsCreated());
      JsonNode item = s.platform.lineItems().get(0);
      assertEquals("Week 1: back-to-back runs", item.get("label").asText());
      assertEquals("link-1", item.get("resourceLinkId").asText());
      assertEquals("quiz:back-to-back", item.get("resourceId").asText());
      assertEquals(10.0, item.get("scoreMaximum").asDouble());
      String lineItem = item.get("id").asText();
      assertEquals(lineItem, s.storedLineItem(sam), "the tool remembers the line item it made");

      Received post = s.platform.scoreRequests().get(0);
      assertEquals("POST", post.method());
      assertEquals(
          lineItem.replace("/lineitem?type_id=1", "/lineitem/scores?type_id=1"),
          post.uri(),
          "the scores path goes before the query, which stays");
      assertEquals("application/vnd.ims.lis.v1.score+json", post.contentType());
      assertTrue(post.authorization().startsWith("Bearer tok-"), post.authorization());
      JsonNode body = Json.MAPPER.readTree(post.body());
      Instant gradedAt =
          s.jdbc
              .queryOne(
                  "SELECT graded_at FROM grade_outbox WHERE id = ?",
                  r -> com.recoverylab.store.Jdbc.instant(r, "graded_at"),
                  row)
              .orElseThrow();
      assertEquals(
          Map.of(
              "userId",
              "user-7",
              "scoreGiven",
              "7.5",
              "scoreMaximum",
              "10.0",
              "activityProgress",
              "Completed",
              "gradingProgress",
              "FullyGraded",
              "timestamp",
              DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                  .withZone(java.time.ZoneOffset.UTC)
                  .format(gradedAt),
              "comment",
              "Foundations first"),
          asStrings(body));
      assertTrue(
          body.get("timestamp")
              .asText()
              .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));

      // a second grade uses the stored line item: no lookup, no new line item
      long second = s.grade(sam, 9);
      s.awaitStatus(second, Status.DELIVERED, WAIT);
      assertEquals(1, s.platform.lineItemsCreated());
      assertEquals(9.0, s.platform.grade(lineItem, "user-7").get("scoreGiven").asDouble());
      assertEquals(
          2,
          s.moodle.tokens().tokenRequests(),
          "one token for line items, one for scores, both reused");
      assertTrue(
          s.moodle.tokens().assertionProblems().isEmpty(),
          s.moodle.tokens().assertionProblems().toString());

      GradeOutbox.SyncState state = s.outbox.syncState(sam.linkId(), sam.userId()).orElseThrow();
      assertEquals(Status.DELIVERED, state.status());
      assertNotNull(state.deliveredAt());
      assertNull(state.lastError());
    }
  }

  @Test
  void line_item_bound_by_the_platform_is_used_and_an_existing_one_is_found_by_its_link() {
    try (DeliveryScenario s = new DeliveryScenario(TestDatabases.h2())) {
      String bound = s.platform.addLineItem("link-bound", "Bound");
      String existing = s.platform.addLineItem("link-existing", "Existing");
      Learner a = s.launch("user-1", "link-bound", s.ags(bound));
      Learner b = s.launch("user-1", "link-existing", s.ags(null));
      long rowA = s.grade(a, 4);
      long rowB = s.grade(b, 5);
      s.awaitStatus(rowA, Status.DELIVERED, WAIT);
      s.awaitStatus(rowB, Status.DELIVERED, WAIT);

      assertEquals(0, s.platform.lineItemsCreated());
      assertEquals(4.0, s.platform.grade(bound, "user-1").get("scoreGiven").asDouble());
      assertEquals(5.0, s.platform.grade(existing, "user-1").get("scoreGiven").asDouble());
      assertEquals(existing, s.storedLineItem(b));
      assertTrue(
          s.platform.received().stream()
              .anyMatch(
                  r ->
                      r.method().equals("GET")
                          && r.uri()
                              .endsWith("/lineitems?type_id=1&resource_link_id=link-existing")),
          "the lookup keeps the container's query and adds the link filter");
    }
  }

  @Test
  void a_401_drops_the_token_and_the_score_goes_through_with_a_fresh_one() {
    try (DeliveryScenario s = new DeliveryScenario(TestDatabases.h2())) {
      String bound = s.platform.addLineItem("link-1", "Quiz");
      Learner sam = s.launch("user-7", "link-1", s.ags(bound));
      s.awaitStatus(s.grade(sam, 3), Status.DELIVERED, WAIT);
      s.moodle.tokens().revokeTokens();

      long row = s.grade(sam, 6);
      s.awaitStatus(row, Status.DELIVERED, WAIT);

      assertEquals(2, s.moodle.tokens().tokenRequests());
      List<Received> posts = s.platform.scoreRequests();
      assertEquals(3, posts.size(), "first grade, refused token, retry with the new one");
      assertEquals(1, s.tries(row), "the refresh happens within one try");
      assertEquals(6.0, s.platform.grade(bound, "user-7").get("scoreGiven").asDouble());
    }
  }

  @Test
  void a_refused_score_scope_fails_the_grade_with_a_message_naming_the_scope_and_is_not_retried() {
    try (DeliveryScenario s = new DeliveryScenario(TestDatabases.h2())) {
      s.moodle.tokens().refuseScopes("https://purl.imsglobal.org/spec/lti-ags/scope/score");
      String bound = s.platform.addLineItem("link-1", "Quiz");
      Learner sam = s.launch("user-7", "link-1", s.ags(bound));
      long row = s.grade(sam, 3);
      s.awaitStatus(row, Status.FAILED, WAIT);

      GradeOutbox.SyncState state = s.outbox.syncState(sam.linkId(), sam.userId()).orElseThrow();
      assertEquals(Status.FAILED, state.status());
      assertTrue(
          state.lastError().startsWith("The platform did not grant the scope"), state.lastError());
      assertTrue(state.lastError().contains("(score)"), state.lastError());
      assertTrue(state.lastError().contains("invalid_scope"), state.lastError());
      GradeOutbox.LearnerSync shown = s.outbox.learners(sam.linkId()).get(0);
      assertEquals(Status.FAILED, shown.status());
      assertEquals("Runner user-7", shown.name());
      DeliveryScenario.holds(
          () -> s.moodle.tokens().tokenRequests() == 1,
          Duration.ofMillis(300),
          "a refused scope is not asked for again and again");
      assertEquals(
          1, s.moodle.tokens().tokenRequests(), "a refused scope is not asked for again and again");
      assertEquals(0, s.platform.scoreRequests().size());
    }
  }

  @Test
  void permanent_refusals_fail_with_the_platform_message_after_one_try() {
    try (DeliveryScenario s = new DeliveryScenario(TestDatabases.h2())) {
      String bound = s.platform.addLineItem("link-1", "Quiz");
      s.platform.enqueueScore(
          Answer.status(400, "{\"error\":\"user is not gradable (teacher)\"}"),
          Answer.status(403, "{\"error\":\"forbidden by policy\"}"),
          Answer.status(404, "{\"error\":\"line item deleted\"}"));
      long[] rows = new long[3];
      for (int i = 0; i < 3; i++) {
        rows[i] = s.grade(s.launch("user-" + i, "link-1", s.ags(bound)), 5);
        s.awaitStatus(rows[i], Status.FAILED, WAIT);
      }
      assertEquals(
          "The platform refused the score (HTTP 400: {\"error\":\"user is not gradable (teacher)\"})",
          s.column(rows[0], "last_error"));
      assertTrue(
          s.column(rows[1], "last_error")
              .contains("HTTP 403: {\"error\":\"forbidden by policy\"}"));
      assertTrue(s.column(rows[2], "last_error").contains("line item deleted"));
      DeliveryScenario.holds(
          () -> s.platform.scoreRequests().size() == 3, Duration.ofMillis(300), "no retries");
      assertEquals(3, s.platform.scoreRequests().size(), "no retries");
      for (long row : rows) {
        assertEquals(1, s.tries(row));
      }
    }
  }

  @Test
  void retry_after_of_a_429_is_honoured() {
    try (DeliveryScenario s = new DeliveryScenario(TestDatabases.h2())) {
      String bound = s.platform.addLineItem("link-1", "Quiz");
      s.platform.enqueueScore(
          Answer.status(429, "{\"error\":\"slow down\"}", Map.of("Retry-After", "1")));
      long row = s.grade(s.launch("user-7", "link-1", s.ags(bound)), 8);
      s.awaitStatus(row, Status.DELIVERED, WAIT);

      List<Received> posts = s.platform.scoreRequests();
      assertEquals(2, posts.size());
      Duration gap = Duration.between(posts.get(0).at(), posts.get(1).at());
      assertTrue(gap.toMillis() >= 950, "waited as asked (1 s), not the 50 ms backoff: " + gap);
      assertEquals(2, s.tries(row));
    }
  }

  @Test
  void a_link_without_grade_services_fails_with_a_clear_reason() {
    try (DeliveryScenario s = new DeliveryScenario(TestDatabases.h2())) {
      long row = s.grade(s.launch("user-7", "link-plain", null), 8);
      s.awaitStatus(row, Status.FAILED, WAIT);
      assertTrue(
          s.column(row, "last_error").startsWith("The tool has no way to send this grade"),
          s.column(row, "last_error"));
    }
  }

  @Test
  void metrics_count_grades_by_state_and_this_nodes_deliveries() throws Exception {
    try (DeliveryScenario s = new DeliveryScenario(TestDatabases.h2())) {
      String bound = s.platform.addLineItem("link-1", "Quiz");
      s.platform.enqueueScore(Answer.status(503, "busy"));
      long row = s.grade(s.launch("user-7", "link-1", s.ags(bound)), 8);
      s.awaitStatus(row, Status.DELIVERED, WAIT);
      s.awaitStatus(s.grade(s.launch("user-8", "link-plain", null), 1), Status.FAILED, WAIT);

      HttpResponse<String> page =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(s.server.url() + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode());
      assertTrue(
          page.headers()
              .firstValue("Content-Type")
              .orElse("")
              .startsWith("text/plain; version=0.0.4"));
      String text = page.body();
      assertTrue(text.contains("recovery_lab_grades{status=\"delivered\"} 1\n"), text);
      assertTrue(text.contains("recovery_lab_grades{status=\"failed\"} 1\n"), text);
      assertTrue(text.contains("recovery_lab_grades{status=\"pending\"} 0\n"), text);
      assertTrue(text.contains("recovery_lab_grades{status=\"superseded\"} 0\n"), text);
      assertTrue(
          text.matches("(?s).*recovery_lab_grade_retries_total\\{node=\"[^\"]+\"} 1\n.*"), text);
      assertTrue(
          text.matches(
              "(?s).*recovery_lab_grade_deliveries_total\\{node=\"[^\"]+\",outcome=\"delivered\"} 1\n.*"),
          text);
    }
  }

  private static Map<String, String> asStrings(JsonNode body) {
    Map<String, String> fields = new java.util.HashMap<>();
    body.propertyStream().forEach(e -> fields.put(e.getKey(), e.getValue().asText()));
    return fields;
  }

  static String scopeScore() {
    return AgsService.ALL_SCOPES;
  }
}
