package com.recoverylab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.recoverylab.grading.DeliveryScenario.Learner;
import com.recoverylab.grading.GradeOutbox.Status;
import com.recoverylab.testing.Answer;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Outages, stops, several nodes, and platforms that already hold a newer grade: no grade is lost.
 */
class GradeDeliveryResilienceTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void after_an_outage_every_learner_ends_with_their_newest_grade_in_the_gradebook() {
    try (DeliveryScenario s =
        new DeliveryScenario(
            TestDatabases.h2(), "GRADE_HTTP_TIMEOUT_MS", "2000", "GRADE_CLAIM_SECONDS", "15")) {
      String bound = s.platform.addLineItem("link-1", "Quiz");
      // the platform fails for a while: errors and a hang longer than the tool's timeout
      s.platform.enqueueScore(
          Answer.status(500, "oops"),
          Answer.status(503, "maintenance"),
          Answer.delay(Duration.ofMillis(2600)),
          Answer.status(502, "bad gateway"),
          Answer.status(503, "maintenance"),
          Answer.status(500, "oops"));
      List<Learner> learners = new ArrayList<>();
      Map<String, Double> newest = new HashMap<>();
      List<Long> newestRows = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Learner learner = s.launch("user-" + i, "link-1", s.ags(bound));
        learners.add(learner);
        s.grade(learner, 2);
      }
      // learners retake the quiz while the platform is still failing
      DeliveryScenario.await(
          () -> s.platform.scoreRequests().size() >= 2,
          Duration.ofSeconds(15),
          () -> "the platform saw " + s.platform.scoreRequests().size() + " of the first tries");
      for (Learner learner : learners) {
        double grade = 5 + learners.indexOf(learner);
        newestRows.add(s.grade(learner, grade));
        newest.put(learner.subject(), grade);
      }
      for (long row : newestRows) {
        s.awaitStatus(row, Status.DELIVERED, WAIT);
      }

      for (Learner learner : learners) {
        JsonNode held = s.platform.grade(bound, learner.subject());
        assertEquals(
            newest.get(learner.subject()), held.get("scoreGiven").asDouble(), learner.subject());
        List<JsonNode> stored =
            s.platform.accepted().stream()
                .filter(a -> a.get("userId").asText().equals(learner.subject()))
                .toList();
        JsonNode last = stored.get(stored.size() - 1);
        assertEquals(
            newest.get(learner.subject()),
            last.get("scoreGiven").asDouble(),
            "the newest is stored last");
        assertEquals(
            1,
            stored.stream()
                .filter(a -> a.get("scoreGiven").asDouble() == newest.get(learner.subject()))
                .count(),
            "the newest grade is stored once");
      }
      assertEquals(0, s.platform.concurrentDuplicates());
      for (long row : newestRows) {
        assertEquals(Status.DELIVERED, s.status(row));
      }
      assertTrue(s.platform.scoreRequests().size() >= 11, "the failing answers were really met");
    }
  }

  @Test
  void a_tool_stopped_mid_delivery_sends_the_grade_after_restart() {
    try (DeliveryScenario s = new DeliveryScenario(TestDatabases.h2())) {
      String bound = s.platform.addLineItem("link-1", "Quiz");
      // the call hangs until the stop ends it: the 20 s timeout is far beyond the stop, so the
      // first try is still in flight then, whatever the load of the machine
      s.platform.enqueueScore(Answer.hangForever());
      Learner sam = s.launch("user-7", "link-1", s.ags(bound));
      long row = s.grade(sam, 8);
      DeliveryScenario.await(
          () -> s.platform.scoreRequests().size() == 1, WAIT, () -> "no score request");

      long stopping = System.nanoTime();
      s.stop();
      Duration stopTook = Duration.ofNanos(System.nanoTime() - stopping);
      assertTrue(
          stopTook.compareTo(Duration.ofSeconds(5)) < 0,
          "stopping does not wait for a hanging platform: " + stopTook);
      // the platform stored the score, but its answer never reached the tool
      s.platform.releaseHangs();
      DeliveryScenario.await(
          () -> s.platform.grade(bound, "user-7") != null, WAIT, () -> "platform kept nothing");

      s.start();
      s.awaitStatus(row, Status.DELIVERED, WAIT);
      assertEquals(8.0, s.platform.grade(bound, "user-7").get("scoreGiven").asDouble());
      assertEquals(2, s.tries(row));
      assertTrue(
          s.column(row, "note").startsWith("Delivered: an earlier try had reached the platform"),
          s.column(row, "note"));
    }
  }

  @Test
  void a_claim_left_by_a_dead_node_expires_and_the_grade_is_sent() {
    try (DeliveryScenario s = new DeliveryScenario(TestDatabases.h2())) {
      String bound = s.platform.addLineItem("link-1", "Quiz");
      Learner sam = s.launch("user-7", "link-1", s.ags(bound));
      long row;
      // long enough that the second below passes well within the claim on a busy machine
      Instant deadUntil = Instant.now().plusSeconds(8);
      row =
          s.jdbc.inTransaction(
              () -> {
                long id = s.grade(sam, 6);
                // as a node that claimed the row and died would leave it
                s.jdbc.update(
                    "UPDATE grade_outbox SET claimed_by = 'dead-node', claim_until = ? WHERE id = ?",
                    deadUntil,
                    id);
                return id;
              });
      long claimed = row;
      DeliveryScenario.holds(
          () -> s.status(claimed) == Status.PENDING && s.platform.scoreRequests().isEmpty(),
          Duration.ofSeconds(1),
          "a live claim is respected");
      assertEquals(Status.PENDING, s.status(row), "a live claim is respected");
      assertEquals(0, s.platform.scoreRequests().size());

      s.awaitStatus(row, Status.DELIVERED, WAIT);
      assertTrue(
          s.platform.scoreRequests().get(0).at().isAfter(deadUntil),
          "sent only after the claim expired");
    }
  }

  @Test
  void a_409_for_a_grade_older_than_the_one_the_platform_holds_marks_it_superseded() {
    try (DeliveryScenario s = new DeliveryScenario(TestDatabases.h2())) {
      String bound = s.platform.addLineItem("link-1", "Quiz");
      Learner sam = s.launch("user-7", "link-1", s.ags(bound));
      long first = s.grade(sam, 4);
      s.awaitStatus(first, Status.DELIVERED, WAIT);
      // someone stored a newer score for the learner on the platform
      s.platform.storeGrade(bound, "user-7", 10, Instant.now().plusSeconds(3600));

      long second = s.grade(sam, 6);
      s.awaitStatus(second, Status.SUPERSEDED, WAIT);
      assertTrue(
          s.column(second, "note").startsWith("Superseded: the platform holds a newer grade"),
          s.column(second, "note"));
      assertEquals(
          10.0,
          s.platform.grade(bound, "user-7").get("scoreGiven").asDouble(),
          "the newer grade stays");
      GradeOutbox.SyncState state = s.outbox.syncState(sam.linkId(), sam.userId()).orElseThrow();
      assertEquals(
          Status.DELIVERED, state.status(), "the learner's grade still counts as in the gradebook");
      GradeOutbox.LearnerSync shown = s.outbox.learners(sam.linkId()).get(0);
      assertEquals(Status.SUPERSEDED, shown.status());
      assertNotNull(shown.note());
    }
  }

  @Test
  void a_newer_grade_queued_while_an_older_one_waits_replaces_it_before_it_is_sent() {
    try (DeliveryScenario s = new DeliveryScenario(TestDatabases.h2())) {
      String bound = s.platform.addLineItem("link-1", "Quiz");
      // the platform is down and asks for a pause longer than the test: the older grade cannot
      // be tried again before the newer one is queued, however slow the machine
      s.platform.enqueueScore(Answer.status(503, "maintenance", Map.of("Retry-After", "3600")));
      Learner sam = s.launch("user-7", "link-1", s.ags(bound));
      long older = s.grade(sam, 4);
      // a claim counts the try before the call, so wait for the platform's 503 to be recorded
      DeliveryScenario.await(
          () ->
              s.platform.scoreRequests().size() == 1
                  && s.status(older) == Status.PENDING
                  && !s.column(older, "COALESCE(last_error, '')").isEmpty(),
          WAIT,
          () -> "the first grade should wait after a 503, is " + s.status(older));

      long newer = s.grade(sam, 6);
      assertEquals(
          Status.SUPERSEDED,
          s.status(older),
          "the waiting grade is replaced as the newer one is queued");
      assertEquals("a newer grade was queued", s.column(older, "note"));
      s.awaitStatus(newer, Status.DELIVERED, WAIT);
      assertEquals(6.0, s.platform.grade(bound, "user-7").get("scoreGiven").asDouble());
      assertEquals(
          2,
          s.platform.scoreRequests().size(),
          "the refused try and the newer grade; the older is never resent");
    }
  }

  @Test
  void a_409_on_a_first_try_with_no_earlier_success_fails_with_the_platform_message() {
    try (DeliveryScenario s = new DeliveryScenario(TestDatabases.h2())) {
      String bound = s.platform.addLineItem("link-1", "Quiz");
      s.platform.storeGrade(bound, "user-7", 10, Instant.now().plusSeconds(3600));
      long row = s.grade(s.launch("user-7", "link-1", s.ags(bound)), 6);
      s.awaitStatus(row, Status.FAILED, WAIT);
      assertTrue(s.column(row, "last_error").contains("HTTP 409"), s.column(row, "last_error"));
    }
  }

  @Test
  void resending_queues_the_newest_grade_again_with_a_newer_timestamp() {
    try (DeliveryScenario s = new DeliveryScenario(TestDatabases.h2())) {
      String bound = s.platform.addLineItem("link-1", "Quiz");
      Learner sam = s.launch("user-7", "link-1", s.ags(bound));
      Learner kim = s.launch("user-8", "link-1", s.ags(bound));
      s.awaitStatus(s.grade(sam, 4), Status.DELIVERED, WAIT);
      s.awaitStatus(s.grade(kim, 9), Status.DELIVERED, WAIT);
      String before = s.platform.grade(bound, "user-7").get("timestamp").asText();

      long again = s.outbox.resendOne(sam.linkId(), sam.userId()).orElseThrow();
      s.awaitStatus(again, Status.DELIVERED, WAIT);
      String after = s.platform.grade(bound, "user-7").get("timestamp").asText();
      assertTrue(Instant.parse(after).isAfter(Instant.parse(before)), before + " then " + after);
      assertEquals(4.0, s.platform.grade(bound, "user-7").get("scoreGiven").asDouble());

      assertEquals(2, s.outbox.resendLink(sam.linkId()));
      DeliveryScenario.await(
          () ->
              s.outbox.learners(sam.linkId()).stream()
                  .allMatch(l -> l.status() == Status.DELIVERED && l.tries() == 1),
          WAIT,
          () -> "resent grades not delivered");
      assertEquals(9.0, s.platform.grade(bound, "user-8").get("scoreGiven").asDouble());
      assertTrue(s.outbox.resendOne(sam.linkId(), 9999).isEmpty(), "no grade, nothing to resend");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void two_learners_on_a_new_link_at_once_get_one_line_item(TestDatabase database) {
    try (DeliveryScenario s = new DeliveryScenario(database, "GRADE_WORKER_INTERVAL_MS", "300")) {
      List<Long> rows = new ArrayList<>();
      s.jdbc.inTransaction(
          () -> {
            // both rows become due in the same poll
            for (int i = 0; i < 4; i++) {
              rows.add(s.grade(s.launch("user-" + i, "link-new", s.ags(null)), i));
            }
            return null;
          });
      for (long row : rows) {
        s.awaitStatus(row, Status.DELIVERED, WAIT);
      }
      assertEquals(1, s.platform.lineItemsCreated());
      assertEquals(1, s.platform.lineItems().size());
    }
  }

  @Test
  void two_nodes_on_one_postgresql_never_send_the_same_grade_at_the_same_time() throws Exception {
    try (DeliveryScenario s =
        new DeliveryScenario(TestDatabases.postgres(), "GRADE_WORKER_INTERVAL_MS", "10")) {
      var other = s.startAnotherNode();
      String bound = s.platform.addLineItem("link-1", "Quiz");
      for (int i = 0; i < 24; i++) {
        s.platform.enqueueScore(Answer.delay(Duration.ofMillis(60)));
      }
      List<Long> rows = new ArrayList<>();
      List<Learner> learners = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        learners.add(s.launch("user-" + i, "link-1", s.ags(bound)));
      }
      s.jdbc.inTransaction(
          () -> {
            for (Learner learner : learners) {
              rows.add(s.grade(learner, 7));
            }
            return null;
          });
      for (long row : rows) {
        s.awaitStatus(row, Status.DELIVERED, WAIT);
      }
      assertEquals(0, s.platform.concurrentDuplicates());
      assertEquals(24, s.platform.scoreRequests().size(), "each grade sent exactly once");
      long nodes =
          s.jdbc.query("SELECT DISTINCT claimed_by FROM grade_outbox", r -> r.getString(1)).size();
      assertEquals(1, nodes, "claims are cleared after delivery");
      long mine = delivered(s.server);
      long theirs = delivered(other);
      assertEquals(24, mine + theirs);
      assertTrue(mine > 0 && theirs > 0, "both nodes shared the work: " + mine + " and " + theirs);
    }
  }

  private static long delivered(com.recoverylab.app.AppServer server) throws Exception {
    String text =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    var match = java.util.regex.Pattern.compile("outcome=\"delivered\"} (\\d+)").matcher(text);
    assertTrue(match.find(), text);
    return Long.parseLong(match.group(1));
  }
}
