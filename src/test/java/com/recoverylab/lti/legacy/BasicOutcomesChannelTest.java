package com.recoverylab.lti.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.grading.DeliveryResult;
import com.recoverylab.grading.OutboxRow;
import com.recoverylab.lti.launch.LaunchData;
import com.recoverylab.lti.launch.LaunchFacts;
import com.recoverylab.lti.launch.LaunchRecorder;
import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.LaunchSessionRepository;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Role;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;

/**
 * The Basic Outcomes channel against a stub outcomes endpoint that plays scripted answers and
 * checks every request on its own: OAuth signature (RFC 5849, recomputed), body hash and POX body.
 */
class BasicOutcomesChannelTest {
  private static final String SOURCED_ID = "{\"data\":{\"instanceid\":\"2\",\"userid\":\"7\"}} & <more>";

  private Database database;
  private Jdbc jdbc;
  private HttpServer endpoint;
  private final Deque<Answer> answers = new ArrayDeque<>();
  private final List<Received> received = new ArrayList<>();
  private NewConsumer consumer;
  private LaunchSession learner;

  /** A scripted answer of the stub endpoint. */
  private record Answer(int status, String body, Map<String, String> headers, long delayMillis) {
    static Answer of(int status, String body) {
      return new Answer(status, body, Map.of(), 0);
    }
  }

  /** What the stub endpoint saw, checked independently of the tool's code. */
  private record Received(String contentType, String consumerKey, boolean signatureValid, boolean bodyHashValid,
      String sourcedId, String score) {}

  private static String pox(String codeMajor, String description) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        + "<imsx_POXEnvelopeResponse xmlns=\"http://www.imsglobal.org/services/ltiv1p1/xsd/imsoms_v1p0\">"
        + "<imsx_POXHeader><imsx_POXResponseHeaderInfo><imsx_version>V1.0</imsx_version>"
        + "<imsx_messageIdentifier>1</imsx_messageIdentifier><imsx_statusInfo>"
        + "<imsx_codeMajor>" + codeMajor + "</imsx_codeMajor><imsx_severity>status</imsx_severity>"
        + "<imsx_description>" + description + "</imsx_description>"
        + "<imsx_messageRefIdentifier>x</imsx_messageRefIdentifier>"
        + "<imsx_operationRefIdentifier>replaceResult</imsx_operationRefIdentifier>"
        + "</imsx_statusInfo></imsx_POXResponseHeaderInfo></imsx_POXHeader>"
        + "<imsx_POXBody><replaceResultResponse/></imsx_POXBody></imsx_POXEnvelopeResponse>";
  }

  static Stream<TestDatabase> databases() {
    return Stream.of("h2", "postgresql").map(k -> k.equals("h2") ? TestDatabases.h2() : TestDatabases.postgres());
  }

  @BeforeEach
  void setUp() throws Exception {
    open(TestDatabases.h2());
  }

  private void open(TestDatabase db) throws Exception {
    if (database != null) {
      database.close();
    }
    database = Database.open(db.url(), db.user(), db.password(), db.url(), 4);
    jdbc = new Jdbc(database.dataSource(), database.isPostgres());
    if (endpoint == null) {
      endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      endpoint.createContext("/mod/lti/service.php", exchange -> {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String url = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/mod/lti/service.php";
        received.add(check(url, exchange.getRequestHeaders().getFirst("Authorization"),
            exchange.getRequestHeaders().getFirst("Content-Type"), body));
        Answer answer = answers.isEmpty() ? Answer.of(500, "no answer scripted") : answers.poll();
        try {
          Thread.sleep(answer.delayMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
          exchange.getResponseBody().write(out);
        }
        exchange.close();
      });
      endpoint.start();
    }
    consumer = new Consumers(jdbc, Clock.systemUTC()).create("moodle-outcomes", "Moodle");
    long platformId = jdbc.queryOne("SELECT platform_id FROM lti11_consumers WHERE consumer_key = ?",
        row -> row.getLong(1), consumer.key()).orElseThrow();
    LaunchRecorder recorder = new LaunchRecorder(jdbc,
        new LaunchSessions(new LaunchSessionRepository(jdbc), Clock.systemUTC()), Clock.systemUTC());
    learner = recorder.record(new LaunchFacts(platformId, consumer.key(), "7", "Sam", null, null, null, "3", "RUN101",
        "Running well", "42", "Quiz", Role.LEARNER, "quiz", "back-to-back", null, LaunchData.NONE));
    new OutcomeRepository(jdbc).save(learner.resourceLinkId(), learner.userId(), new OutcomeAddress(
        "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/mod/lti/service.php", SOURCED_ID), Instant.now());
  }

  @AfterEach
  void tearDown() {
    endpoint.stop(0);
    database.close();
  }

  /** Checks the request the way a platform would, with code written from the specifications. */
  private Received check(String url, String authorization, String contentType, byte[] body) {
    Map<String, String> oauth = Rfc5849.authorizationParameters(authorization);
    boolean signatureValid = oauth.get("oauth_signature").equals(
        Rfc5849.signature("POST", url, oauth, consumer.secret()))
        && "HMAC-SHA1".equals(oauth.get("oauth_signature_method"));
    boolean bodyHashValid;
    String sourcedId;
    String score;
    try {
      bodyHashValid = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(body))
          .equals(oauth.get("oauth_body_hash"));
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      Document pox = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
      sourcedId = pox.getElementsByTagNameNS("*", "sourcedId").item(0).getTextContent();
      score = pox.getElementsByTagNameNS("*", "textString").item(0).getTextContent();
      if (pox.getElementsByTagNameNS("*", "replaceResultRequest").getLength() != 1) {
        throw new AssertionError("not a replaceResultRequest");
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return new Received(contentType, oauth.get("oauth_consumer_key"), signatureValid, bodyHashValid, sourcedId, score);
  }

  private BasicOutcomesChannel channel(Duration timeout) {
    return new BasicOutcomesChannel(jdbc, java.net.http.HttpClient.newHttpClient(), timeout, java.time.Clock.systemUTC());
  }

  private OutboxRow row(double given, double maximum) {
    return new OutboxRow(1, learner.resourceLinkId(), learner.userId(), given, maximum, "", Instant.now(), 0);
  }

  @Test
  void grade_is_sent_as_a_signed_replace_result_and_success_means_delivered() {
    answers.add(Answer.of(200, pox("success", "Score for 7 is now 0.8")));
    DeliveryResult result = channel(Duration.ofSeconds(5)).deliver(row(8, 10));
    assertInstanceOf(DeliveryResult.Delivered.class, result);
    assertEquals(1, received.size());
    Received request = received.get(0);
    assertTrue(request.signatureValid(), "OAuth 1.0a HMAC-SHA1 signature checks out");
    assertTrue(request.bodyHashValid(), "oauth_body_hash is the SHA-1 of the body");
    assertEquals(consumer.key(), request.consumerKey());
    assertTrue(request.contentType().startsWith("application/xml"), request.contentType());
    assertEquals(SOURCED_ID, request.sourcedId(), "sourcedId arrives unchanged, XML specials included");
    assertEquals("0.8", request.score());
  }

  @Test
  void full_and_zero_marks_are_sent_as_fractions() {
    answers.add(Answer.of(200, pox("success", "")));
    answers.add(Answer.of(200, pox("success", "")));
    BasicOutcomesChannel channel = channel(Duration.ofSeconds(5));
    channel.deliver(row(3, 3));
    channel.deliver(row(0, 3));
    assertEquals("1.0", received.get(0).score());
    assertEquals("0.0", received.get(1).score());
  }

  @Test
  void failure_answer_with_http_200_fails_with_the_platforms_reason() {
    answers.add(Answer.of(200, pox("failure", "This activity does not accept grades")));
    DeliveryResult result = channel(Duration.ofSeconds(5)).deliver(row(8, 10));
    DeliveryResult.Failed failed = assertInstanceOf(DeliveryResult.Failed.class, result);
    assertTrue(failed.reason().contains("This activity does not accept grades"), failed.reason());
  }

  @Test
  void unsupported_answer_fails() {
    answers.add(Answer.of(200, pox("unsupported", "replaceResult is not supported")));
    DeliveryResult.Failed failed = assertInstanceOf(DeliveryResult.Failed.class,
        channel(Duration.ofSeconds(5)).deliver(row(8, 10)));
    assertTrue(failed.reason().contains("unsupported"), failed.reason());
  }

  @Test
  void server_error_is_retried_later() {
    answers.add(Answer.of(500, "oops"));
    assertInstanceOf(DeliveryResult.RetryLater.class, channel(Duration.ofSeconds(5)).deliver(row(8, 10)));
  }

  @Test
  void unavailable_platform_is_retried_after_the_time_it_asks_for() {
    answers.add(new Answer(503, "maintenance", Map.of("Retry-After", "120"), 0));
    DeliveryResult.RetryLater retry = assertInstanceOf(DeliveryResult.RetryLater.class,
        channel(Duration.ofSeconds(5)).deliver(row(8, 10)));
    assertEquals(Duration.ofSeconds(120), retry.retryAfter());
  }

  @Test
  void timeout_is_retried_later() {
    answers.add(new Answer(200, pox("success", ""), Map.of(), 2_000));
    assertInstanceOf(DeliveryResult.RetryLater.class, channel(Duration.ofMillis(300)).deliver(row(8, 10)));
  }

  @Test
  void refused_signature_and_missing_endpoint_fail() {
    answers.add(Answer.of(401, "bad signature"));
    answers.add(Answer.of(403, "forbidden"));
    answers.add(Answer.of(404, "not here"));
    BasicOutcomesChannel channel = channel(Duration.ofSeconds(5));
    for (int i = 0; i < 3; i++) {
      assertInstanceOf(DeliveryResult.Failed.class, channel.deliver(row(8, 10)));
    }
  }

  @Test
  void answer_that_is_not_pox_fails_without_throwing() {
    answers.add(Answer.of(200, "<html><body>Please log in</body></html>"));
    DeliveryResult.Failed failed = assertInstanceOf(DeliveryResult.Failed.class,
        channel(Duration.ofSeconds(5)).deliver(row(8, 10)));
    assertTrue(failed.reason().contains("not a Basic Outcomes response"), failed.reason());
  }

  @Test
  void unreachable_platform_is_retried_later() {
    endpoint.stop(0);
    assertInstanceOf(DeliveryResult.RetryLater.class, channel(Duration.ofSeconds(2)).deliver(row(8, 10)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void serves_only_learners_and_links_with_a_basic_outcomes_address(TestDatabase db) throws Exception {
    open(db);
    BasicOutcomesChannel channel = channel(Duration.ofSeconds(5));
    assertTrue(channel.serves(row(8, 10)));
    assertFalse(channel.serves(new OutboxRow(2, learner.resourceLinkId(), learner.userId() + 100, 8, 10, "",
        Instant.now(), 0)), "a user without an outcome address");
    // an LTI 1.3 platform's link stores no Basic Outcomes address
    long platform13 = jdbc.insert("INSERT INTO platforms (issuer, client_id, lti_version, created_at)"
        + " VALUES ('https://lms', 'c1', '1.3', ?)", Instant.now());
    LaunchSession other = new LaunchRecorder(jdbc,
        new LaunchSessions(new LaunchSessionRepository(jdbc), Clock.systemUTC()), Clock.systemUTC())
        .record(new LaunchFacts(platform13, "1", "7", "Sam", null, null, null, "3", null, null, "42", null,
            Role.LEARNER, null, null, null, LaunchData.NONE));
    assertFalse(channel.serves(new OutboxRow(3, other.resourceLinkId(), other.userId(), 8, 10, "", Instant.now(), 0)));
  }
}
