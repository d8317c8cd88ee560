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
import com.recoverylab.testing.Answer;
import com.recoverylab.testing.BasicOutcomesService;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.Received;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.LaunchSessionRepository;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Role;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;

/**
 * The Basic Outcomes channel against the test platform's outcomes endpoint, which plays scripted
 * answers; every request it received is checked here on its own: OAuth signature (RFC 5849,
 * recomputed), body hash and POX body.
 */
class BasicOutcomesChannelTest {
  private static final String SOURCED_ID =
      "{\"data\":{\"instanceid\":\"2\",\"userid\":\"7\"}} & <more>";

  private Database database;
  private Jdbc jdbc;
  private FakePlatform moodle;
  private NewConsumer consumer;
  private LaunchSession learner;

  /** What the stub endpoint saw, checked independently of the tool's code. */
  private record Checked(
      String contentType,
      String consumerKey,
      boolean signatureValid,
      boolean bodyHashValid,
      String sourcedId,
      String score) {}

  private static String pox(String codeMajor, String description) {
    return BasicOutcomesService.pox(codeMajor, description);
  }

  private void enqueue(Answer answer) {
    moodle.outcomes().enqueue(answer);
  }

  /** Every request the platform received, checked. */
  private List<Checked> received() {
    return moodle.outcomes().received().stream().map(this::check).toList();
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
    if (moodle == null) {
      moodle = FakePlatform.start();
    }
    consumer = new Consumers(jdbc, Clock.systemUTC()).create("moodle-outcomes", "Moodle");
    long platformId =
        jdbc.queryOne(
                "SELECT platform_id FROM lti11_consumers WHERE consumer_key = ?",
                row -> row.getLong(1),
                consumer.key())
            .orElseThrow();
    LaunchRecorder recorder =
        new LaunchRecorder(
            jdbc,
            new LaunchSessions(new LaunchSessionRepository(jdbc), Clock.systemUTC()),
            Clock.systemUTC());
    learner =
        recorder.record(
            new LaunchFacts(
                platformId,
                consumer.key(),
                "7",
                "Sam",
                null,
                null,
                null,
                "3",
                "RUN101",
                "Running well",
                "42",
                "Quiz",
                Role.LEARNER,
                "quiz",
                "back-to-back",
                null,
                LaunchData.NONE));
    new OutcomeRepository(jdbc)
        .save(
            learner.resourceLinkId(),
            learner.userId(),
            new OutcomeAddress(moodle.outcomes().url(), SOURCED_ID),
            Instant.now());
  }

  @AfterEach
  void tearDown() {
    moodle.close();
    database.close();
  }

  /** Checks the request the way a platform would, with code written from the specifications. */
  private Checked check(Received request) {
    String url = moodle.outcomes().url();
    String contentType = request.contentType();
    byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
    Map<String, String> oauth = Rfc5849.authorizationParameters(request.authorization());
    boolean signatureValid =
        oauth
                .get("oauth_signature")
                .equals(Rfc5849.signature("POST", url, oauth, consumer.secret()))
            && "HMAC-SHA1".equals(oauth.get("oauth_signature_method"));
    boolean bodyHashValid;
    String sourcedId;
    String score;
    try {
      bodyHashValid =
          Base64.getEncoder()
              .encodeToString(MessageDigest.getInstance("SHA-1").digest(body))
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
    return new Checked(
        contentType,
        oauth.get("oauth_consumer_key"),
        signatureValid,
        bodyHashValid,
        sourcedId,
        score);
  }

  private BasicOutcomesChannel channel(Duration timeout) {
    return new BasicOutcomesChannel(
        jdbc, java.net.http.HttpClient.newHttpClient(), timeout, java.time.Clock.systemUTC());
  }

  private OutboxRow row(double given, double maximum) {
    return new OutboxRow(
        1, learner.resourceLinkId(), learner.userId(), given, maximum, "", Instant.now(), 0);
  }

  @Test
  void grade_is_sent_as_a_signed_replace_result_and_success_means_delivered() {
    enqueue(Answer.status(200, pox("success", "Score for 7 is now 0.8")));
    DeliveryResult result = channel(Duration.ofSeconds(5)).deliver(row(8, 10));
    assertInstanceOf(DeliveryResult.Delivered.class, result);
    assertEquals(1, received().size());
    Checked request = received().get(0);
    assertTrue(request.signatureValid(), "OAuth 1.0a HMAC-SHA1 signature checks out");
    assertTrue(request.bodyHashValid(), "oauth_body_hash is the SHA-1 of the body");
    assertEquals(consumer.key(), request.consumerKey());
    assertTrue(request.contentType().startsWith("application/xml"), request.contentType());
    assertEquals(
        SOURCED_ID, request.sourcedId(), "sourcedId arrives unchanged, XML specials included");
    assertEquals("0.8", request.score());
  }

  @Test
  void full_and_zero_marks_are_sent_as_fractions() {
    enqueue(Answer.status(200, pox("success", "")));
    enqueue(Answer.status(200, pox("success", "")));
    BasicOutcomesChannel channel = channel(Duration.ofSeconds(5));
    channel.deliver(row(3, 3));
    channel.deliver(row(0, 3));
    assertEquals("1.0", received().get(0).score());
    assertEquals("0.0", received().get(1).score());
  }

  @Test
  void failure_answer_with_http_200_fails_with_the_platforms_reason() {
    enqueue(Answer.status(200, pox("failure", "This activity does not accept grades")));
    DeliveryResult result = channel(Duration.ofSeconds(5)).deliver(row(8, 10));
    DeliveryResult.Failed failed = assertInstanceOf(DeliveryResult.Failed.class, result);
    assertTrue(failed.reason().contains("This activity does not accept grades"), failed.reason());
  }

  @Test
  void unsupported_answer_fails() {
    enqueue(Answer.status(200, pox("unsupported", "replaceResult is not supported")));
    DeliveryResult.Failed failed =
        assertInstanceOf(
            DeliveryResult.Failed.class, channel(Duration.ofSeconds(5)).deliver(row(8, 10)));
    assertTrue(failed.reason().contains("unsupported"), failed.reason());
  }

  @Test
  void server_error_is_retried_later() {
    enqueue(Answer.status(500, "oops"));
    assertInstanceOf(
        DeliveryResult.RetryLater.class, channel(Duration.ofSeconds(5)).deliver(row(8, 10)));
  }

  @Test
  void unavailable_platform_is_retried_after_the_time_it_asks_for() {
    enqueue(Answer.status(503, "maintenance", Map.of("Retry-After", "120")));
    DeliveryResult.RetryLater retry =
        assertInstanceOf(
            DeliveryResult.RetryLater.class, channel(Duration.ofSeconds(5)).deliver(row(8, 10)));
    assertEquals(Duration.ofSeconds(120), retry.retryAfter());
  }

  @Test
  void timeout_is_retried_later() {
    enqueue(Answer.status(200, pox("success", "")).after(Duration.ofMillis(2_000)));
    assertInstanceOf(
        DeliveryResult.RetryLater.class, channel(Duration.ofMillis(300)).deliver(row(8, 10)));
  }

  @Test
  void refused_signature_and_missing_endpoint_fail() {
    enqueue(Answer.status(401, "bad signature"));
    enqueue(Answer.status(403, "forbidden"));
    enqueue(Answer.status(404, "not here"));
    BasicOutcomesChannel channel = channel(Duration.ofSeconds(5));
    for (int i = 0; i < 3; i++) {
      assertInstanceOf(DeliveryResult.Failed.class, channel.deliver(row(8, 10)));
    }
  }

  @Test
  void answer_that_is_not_pox_fails_without_throwing() {
    enqueue(Answer.status(200, "<html><body>Please log in</body></html>"));
    DeliveryResult.Failed failed =
        assertInstanceOf(
            DeliveryResult.Failed.class, channel(Duration.ofSeconds(5)).deliver(row(8, 10)));
    assertTrue(failed.reason().contains("not a Basic Outcomes response"), failed.reason());
  }

  @Test
  void unreachable_platform_is_retried_later() {
    moodle.close();
    assertInstanceOf(
        DeliveryResult.RetryLater.class, channel(Duration.ofSeconds(2)).deliver(row(8, 10)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void serves_only_learners_and_links_with_a_basic_outcomes_address(TestDatabase db)
      throws Exception {
    open(db);
    BasicOutcomesChannel channel = channel(Duration.ofSeconds(5));
    assertTrue(channel.serves(row(8, 10)));
    assertFalse(
        channel.serves(
            new OutboxRow(
                2, learner.resourceLinkId(), learner.userId() + 100, 8, 10, "", Instant.now(), 0)),
        "a user without an outcome address");
    // an LTI 1.3 platform's link stores no Basic Outcomes address
    long platform13 =
        jdbc.insert(
            "INSERT INTO platforms (issuer, client_id, lti_version, created_at)"
                + " VALUES ('https://lms', 'c1', '1.3', ?)",
            Instant.now());
    LaunchSession other =
        new LaunchRecorder(
                jdbc,
                new LaunchSessions(new LaunchSessionRepository(jdbc), Clock.systemUTC()),
                Clock.systemUTC())
            .record(
                new LaunchFacts(
                    platform13,
                    "1",
                    "7",
                    "Sam",
                    null,
                    null,
                    null,
                    "3",
                    null,
                    null,
                    "42",
                    null,
                    Role.LEARNER,
                    null,
                    null,
                    null,
                    LaunchData.NONE));
    assertFalse(
        channel.serves(
            new OutboxRow(3, other.resourceLinkId(), other.userId(), 8, 10, "", Instant.now(), 0)));
  }
}
