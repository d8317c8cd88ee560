package com.recoverylab.lti.services;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.grading.DeliveryResult;
import com.recoverylab.grading.LineItemUpdate;
import com.recoverylab.grading.OutboxRow;
import com.recoverylab.lti.keys.ToolKeys;
import com.recoverylab.lti.launch.LaunchData;
import com.recoverylab.lti.launch.LaunchFacts;
import com.recoverylab.lti.launch.LaunchRecorder;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.lti.registration.RememberedRegistrations;
import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.AgsService;
import com.recoverylab.testing.Answer;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.FixtureContent;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.LaunchSessionRepository;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Role;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The AGS channel finds or creates a link's gradebook column without holding a database connection
 * or row lock while the platform answers (claim, commit, call, record).
 */
class AgsGradeChannelTest {
  private static final Clock CLOCK = Clock.systemUTC();
  private Database database;
  private Jdbc jdbc;
  private FakePlatform moodle;
  private PlatformHttp http;
  private PlatformRepository thisNode;
  private AgsGradeChannel channel;
  private Platform platform;
  private LaunchSession learner;
  private Connection busy;

  @BeforeEach
  void start() throws SQLException {
    TestDatabase db = TestDatabases.h2();
    // two pooled connections (migrating takes two), one of them busy below for the whole test
    database = Database.open(db.url(), db.user(), db.password(), db.url(), 2);
    jdbc = new Jdbc(database.dataSource(), database.isPostgres());
    ToolKeys keys = new ToolKeys(jdbc, CLOCK);
    keys.ensureSigningKey();
    moodle = FakePlatform.start();
    moodle.tokens().trustKeys(keys::publicJwks);
    http = new PlatformHttp(HttpClient.newHttpClient(), Duration.ofSeconds(10));
    thisNode = new PlatformRepository(jdbc);
    channel =
        new AgsGradeChannel(
            jdbc,
            new RememberedRegistrations(thisNode),
            new AgsClient(http, new AccessTokens(http, keys, CLOCK), CLOCK),
            FixtureContent::library,
            CLOCK,
            "node-a",
            Duration.ofSeconds(60));
    // registered by another node: a platform not yet remembered is read at once
    platform =
        new PlatformRepository(jdbc)
            .insert(
                new Platform(
                    0,
                    moodle.issuer(),
                    moodle.clientId(),
                    "Fake Moodle",
                    moodle.authUrl(),
                    moodle.tokenUrl(),
                    moodle.jwksUrl()),
                Instant.now());
    long platformId = platform.id();
    learner =
        new LaunchRecorder(
                jdbc, new LaunchSessions(new LaunchSessionRepository(jdbc), CLOCK), CLOCK)
            .record(
                new LaunchFacts(
                    platformId,
                    "1",
                    "user-7",
                    "Sam Runner",
                    null,
                    null,
                    null,
                    "course-2",
                    "RUN101",
                    "Running well",
                    "link-1",
                    "Week 1",
                    Role.LEARNER,
                    "quiz",
                    "back-to-back",
                    new LaunchFacts.AgsEndpoints(
                        moodle.ags().lineItemsUrl(),
                        null,
                        List.of(AgsService.ALL_SCOPES.split(" "))),
                    LaunchData.NONE));
    // a long request elsewhere: one connection is left, and a call that kept it would leave
    // every other request without one
    busy = database.dataSource().getConnection();
  }

  @AfterEach
  void stop() throws SQLException {
    busy.close();
    http.close();
    moodle.close();
    database.close();
  }

  private OutboxRow grade() {
    return new OutboxRow(
        1, learner.resourceLinkId(), learner.userId(), 7, 10, null, Instant.now(), 1);
  }

  @Test
  void a_slow_platform_holds_no_pooled_connection_while_the_column_is_found_or_created()
      throws Exception {
    moodle.tokens().enqueueToken(Answer.delay(Duration.ofSeconds(3)));
    CompletableFuture<DeliveryResult> delivery =
        CompletableFuture.supplyAsync(() -> channel.deliver(grade()));
    await("the tool asks the platform for a token")
        .atMost(Duration.ofSeconds(10))
        .until(() -> !moodle.tokens().received().isEmpty());

    // another request needs the database while the platform takes its time: the one pooled
    // connection left is free (the pool gives up after 750 ms, so a held one would fail this query)
    long started = System.nanoTime();
    int links =
        jdbc.queryOne("SELECT COUNT(*) FROM resource_links", r -> r.getInt(1)).orElseThrow();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertEquals(1, links);
    assertTrue(!delivery.isDone(), "the platform call was still in flight");
    assertTrue(
        took.compareTo(Duration.ofMillis(700)) < 0,
        "the query waited " + took + " for a connection");

    assertInstanceOf(DeliveryResult.Delivered.class, delivery.get(20, TimeUnit.SECONDS));
    assertEquals(1, moodle.ags().lineItemsCreated());
    assertEquals(moodle.ags().lineItems().get(0).get("id").asText(), storedLineItem());
    assertEquals(0, claims(), "the claim ends once the line item is stored");
  }

  @Test
  void a_link_claimed_by_another_node_waits_and_is_taken_over_once_the_claim_expires() {
    // a node claimed the column and died mid-call
    jdbc.update(
        "INSERT INTO line_item_claims (resource_link_id, claimed_by, claim_until) VALUES (?, ?, ?)",
        learner.resourceLinkId(),
        "node-b:dead",
        Instant.now().plusSeconds(300));

    DeliveryResult waiting = channel.deliver(grade());
    DeliveryResult.RetryLater retry = assertInstanceOf(DeliveryResult.RetryLater.class, waiting);
    assertEquals(AgsGradeChannel.COLUMN_IN_THE_MAKING, retry.reason());
    assertEquals(
        0,
        moodle.ags().lineItemsCreated(),
        "no second column while another node may be making one");
    assertTrue(
        moodle.tokens().received().isEmpty() && moodle.ags().received().isEmpty(),
        "no platform call at all");

    jdbc.update(
        "UPDATE line_item_claims SET claim_until = ? WHERE resource_link_id = ?",
        Instant.now().minusSeconds(1),
        learner.resourceLinkId());
    assertInstanceOf(DeliveryResult.Delivered.class, channel.deliver(grade()));
    assertEquals(1, moodle.ags().lineItemsCreated());
    assertEquals(0, claims());
  }

  @Test
  void a_column_change_waits_while_the_column_is_being_created() {
    jdbc.update(
        "INSERT INTO line_item_claims (resource_link_id, claimed_by, claim_until) VALUES (?, ?, ?)",
        learner.resourceLinkId(),
        "node-b:busy",
        Instant.now().plusSeconds(300));
    LineItemUpdate rename =
        new LineItemUpdate(1, learner.resourceLinkId(), null, "Week 1, renamed", 1, Instant.now());
    DeliveryResult waiting = channel.updateColumnIfServed(rename).orElseThrow();
    assertEquals(
        AgsGradeChannel.COLUMN_IN_THE_MAKING,
        assertInstanceOf(DeliveryResult.RetryLater.class, waiting).reason(),
        "else the new column keeps the old label");

    jdbc.update("DELETE FROM line_item_claims");
    DeliveryResult nothingToChange = channel.updateColumnIfServed(rename).orElseThrow();
    assertEquals(
        AgsGradeChannel.NO_COLUMN_YET,
        assertInstanceOf(DeliveryResult.Delivered.class, nothingToChange).note());
  }

  @Test
  void a_failed_call_gives_the_claim_back_for_the_next_try() {
    moodle.tokens().enqueueToken(Answer.status(503, "{\"error\":\"maintenance\"}"));
    assertInstanceOf(DeliveryResult.RetryLater.class, channel.deliver(grade()));
    assertEquals(0, claims(), "the next try need not wait for the claim to expire");

    assertInstanceOf(DeliveryResult.Delivered.class, channel.deliver(grade()));
    assertEquals(1, moodle.ags().lineItemsCreated());
  }

  @Test
  void a_token_endpoint_changed_on_another_node_reaches_grades_only_once_the_memory_ages() {
    assertInstanceOf(DeliveryResult.Delivered.class, channel.deliver(grade()));
    int tokenCalls = moodle.tokens().received().size();

    // the platform row is edited elsewhere: within RememberedRegistrations.MAX_AGE this node still
    // sends with the row it read, so the next grade uses the token it already holds
    new PlatformRepository(jdbc).updateEndpoints(movedTokenEndpoint());
    assertInstanceOf(DeliveryResult.Delivered.class, channel.deliver(grade()));
    assertEquals(tokenCalls, moodle.tokens().received().size(), "no read of the platform row");
  }

  @Test
  void a_token_endpoint_changed_on_this_node_reaches_the_next_grade_at_once() {
    assertInstanceOf(DeliveryResult.Delivered.class, channel.deliver(grade()));

    thisNode.updateEndpoints(movedTokenEndpoint());
    channel.deliver(grade());
    assertEquals(
        "moved=1",
        moodle.tokens().received().get(moodle.tokens().received().size() - 1).query(),
        "the token is asked for at the new endpoint");
  }

  @Test
  void a_refusal_earned_with_a_registration_changed_elsewhere_is_tried_again_with_the_new_one() {
    assertInstanceOf(DeliveryResult.Delivered.class, channel.deliver(grade()));
    // the row is changed elsewhere (here its JWKS URL) while this node remembers the old one, and
    // the platform refuses the token the tool holds and the next one it asks for
    new PlatformRepository(jdbc)
        .updateEndpoints(
            new Platform(
                platform.id(),
                platform.issuer(),
                platform.clientId(),
                platform.name(),
                platform.authEndpoint(),
                platform.tokenEndpoint(),
                platform.jwksUrl() + "?rotated=1"));
    moodle.ags().enqueueScore(Answer.status(401, "{\"error\":\"invalid_token\"}"));
    moodle.tokens().enqueueToken(Answer.status(401, "{\"error\":\"invalid_client\"}"));

    DeliveryResult refused = channel.deliver(grade());
    DeliveryResult.RetryLater later = assertInstanceOf(DeliveryResult.RetryLater.class, refused);
    assertTrue(later.reason().startsWith(AgsGradeChannel.REGISTRATION_CHANGED), later.reason());

    // the retry goes out with the row as stored now; refused again, it would fail (test below)
    assertInstanceOf(DeliveryResult.Delivered.class, channel.deliver(grade()));
  }

  @Test
  void a_refusal_earned_with_the_current_registration_fails_the_grade() {
    assertInstanceOf(DeliveryResult.Delivered.class, channel.deliver(grade()));
    moodle.ags().enqueueScore(Answer.status(401, "{\"error\":\"invalid_token\"}"));
    moodle.tokens().enqueueToken(Answer.status(401, "{\"error\":\"invalid_client\"}"));

    assertInstanceOf(DeliveryResult.Failed.class, channel.deliver(grade()));
  }

  /** The platform with its token endpoint moved (still served by the fake, under a new URL). */
  private Platform movedTokenEndpoint() {
    return new Platform(
        platform.id(),
        platform.issuer(),
        platform.clientId(),
        platform.name(),
        platform.authEndpoint(),
        platform.tokenEndpoint() + "?moved=1",
        platform.jwksUrl());
  }

  private String storedLineItem() {
    return jdbc.queryOne(
            "SELECT line_item_url FROM resource_links WHERE id = ?",
            r -> r.getString(1),
            learner.resourceLinkId())
        .orElse(null);
  }

  private int claims() {
    return jdbc.queryOne("SELECT COUNT(*) FROM line_item_claims", r -> r.getInt(1)).orElseThrow();
  }
}
