package com.recoverylab.multinode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.recoverylab.app.AppServer;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.multinode.RoutingProxy.Forwarded;
import com.recoverylab.multinode.RoutingProxy.Node;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.AgsService;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import com.recoverylab.testing.TestServer;
import com.recoverylab.web.Json;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlRadioButtonInput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deployed like production: two nodes of the tool on one PostgreSQL database behind one public
 * address, a proxy in front that sends each request wherever the test says (no sticky sessions), a
 * Moodle-like platform launching through that address, and a platform grade service receiving what
 * both nodes' workers send.
 */
class MultiNodeTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String AGS_ENDPOINT =
      "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";
  private static final String QUIZ = "myth-check";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static TestDatabase database;
  private static RoutingProxy proxy;
  private static AgsService gradebook;
  private static FakePlatform moodle;
  private static final List<AppServer> servers = new ArrayList<>();
  private static AppServer a;
  private static AppServer b;
  private static Node nodeA;
  private static Node nodeB;
  private static Jdbc jdbc;

  @BeforeAll
  static void deploy() throws Exception {
    database = TestDatabases.postgres();
    proxy = RoutingProxy.start();
    moodle = FakePlatform.start();
    moodle.tokens().trustJwksAt(URI.create(proxy.url() + "/.well-known/jwks.json"));
    gradebook = moodle.ags();

    // a fresh database and both nodes starting at the same moment, as after `compose up`
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService starting = Executors.newFixedThreadPool(2);
    try {
      List<Future<AppServer>> starts = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        starts.add(
            starting.submit(
                () -> {
                  go.await();
                  return TestServer.start(nodeSettings());
                }));
      }
      go.countDown();
      for (Future<AppServer> start : starts) {
        servers.add(start.get(3, TimeUnit.MINUTES));
      }
    } finally {
      starting.shutdownNow();
    }
    a = servers.get(0);
    b = servers.get(1);
    nodeA = Node.of("A", a);
    nodeB = Node.of("B", b);
    jdbc = new Jdbc(a.database().dataSource(), true);
    new PlatformRepository(jdbc)
        .register(
            new Platform(
                0,
                moodle.issuer(),
                moodle.clientId(),
                "Fake Moodle",
                moodle.authUrl(),
                moodle.tokenUrl(),
                moodle.jwksUrl()),
            List.of(moodle.deploymentId()),
            Instant.now());
    moodle.useTool(proxy.url().toString());
  }

  @AfterAll
  static void stop() {
    for (AppServer server : servers) {
      server.close();
    }
    if (moodle != null) {
      moodle.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  /** Every node: its own port, the proxy's address as PUBLIC_URL, a grade worker of one slot. */
  private static Map<String, String> nodeSettings() {
    Map<String, String> settings = TestServer.settings(database);
    settings.put("PUBLIC_URL", proxy.url().toString());
    settings.put("SANDBOX", "false");
    settings.put("GRADE_WORKER_INTERVAL_MS", "50");
    settings.put("GRADE_BACKOFF_BASE_MS", "200");
    settings.put("GRADE_DELIVERY_CONCURRENCY", "1");
    settings.put("GRADE_HTTP_TIMEOUT_MS", "15000");
    settings.put("GRADE_CLAIM_SECONDS", "120");
    return settings;
  }

  @Test
  void nodes_started_together_on_an_empty_database_migrate_once_and_publish_the_same_single_key()
      throws Exception {
    List<String> versions =
        jdbc.query(
            "SELECT version FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank",
            row -> row.getString("version"));
    // a new database gets the baseline script (B), and only V scripts above it
    assertFalse(versions.isEmpty(), "nothing applied");
    assertEquals(
        versions.stream().distinct().count(),
        versions.size(),
        "a migration applied twice: " + versions);
    assertEquals(0L, count("SELECT COUNT(*) FROM flyway_schema_history WHERE NOT success"));

    assertEquals(200, get(nodeA.address() + "/ready").statusCode());
    assertEquals(200, get(nodeB.address() + "/ready").statusCode());
    JsonNode jwksA = Json.MAPPER.readTree(get(nodeA.address() + "/.well-known/jwks.json").body());
    JsonNode jwksB = Json.MAPPER.readTree(get(nodeB.address() + "/.well-known/jwks.json").body());
    assertEquals(jwksA, jwksB, "both nodes publish the same keys");
    assertEquals(
        1,
        jwksA.path("keys").size(),
        "one signing key for the deployment, not one per node: " + jwksA);
    assertEquals(1L, count("SELECT COUNT(*) FROM tool_keys WHERE status = 'CURRENT'"));
    assertEquals(jwksA, Json.MAPPER.readTree(get(proxy.url() + "/.well-known/jwks.json").body()));
  }

  @Test
  void a_login_started_on_one_node_is_completed_by_the_other_and_the_session_works_on_both()
      throws Exception {
    proxy.sendByPath(Map.of("/lti/login", nodeA), nodeB);
    try (WebClient browser = TestServer.browser()) {
      int before = proxy.forwarded().size();
      Page landed =
          moodle.run(
              browser, student("cross-1", "mn-cross", gradebook.addLineItem("mn-cross", "Myth")));

      assertEquals(
          200,
          landed.getWebResponse().getStatusCode(),
          landed.getWebResponse().getContentAsString());
      assertEquals("/quizzes/" + QUIZ, landed.getUrl().getPath(), landed.getUrl().toString());
      List<Forwarded> launch = proxy.forwarded().subList(before, proxy.forwarded().size());
      assertTrue(launch.contains(new Forwarded("POST", "/lti/login", "A", 302)), launch.toString());
      assertTrue(
          launch.contains(new Forwarded("POST", "/lti/launch", "B", 303)), launch.toString());
      String state = moodle.lastState();
      assertNotNull(
          jdbc.queryOne(
                  "SELECT used_at FROM oidc_states WHERE state = ?", r -> r.getObject(1), state)
              .orElseThrow(),
          "node B found node A's state in the database and used it");

      String session = query(landed.getUrl().getQuery()).get("s");
      proxy.sendAllTo(nodeA);
      HtmlPage onA = browser.getPage(proxy.url() + "/quizzes/" + QUIZ + "?s=" + session);
      assertEquals(200, onA.getWebResponse().getStatusCode());
      assertTrue(onA.asNormalizedText().contains("Myth or fact?"), onA.asNormalizedText());
      assertEquals("A", last().node());

      // a form made by node A, posted to node B: the CSRF token is checked against the database too
      proxy.sendAllTo(nodeB);
      HtmlPage attempt =
          ((HtmlButton) onA.getFirstByXPath("//button[@name='layout' and @value='all']")).click();
      assertEquals(200, attempt.getWebResponse().getStatusCode(), attempt.asNormalizedText());
      assertEquals("B", last().node());
      assertFalse(attempt.getByXPath("//input[@type='radio']").isEmpty(), attempt.asXml());
      proxy.sendAllTo(nodeA);
      HtmlPage sameOnA = browser.getPage(attempt.getUrl());
      assertEquals(200, sameOnA.getWebResponse().getStatusCode());
      assertEquals(questions(attempt), questions(sameOnA), "both nodes show the same attempt");
    }
  }

  @Test
  void a_learner_keeps_going_on_another_node_after_theirs_stops() throws Exception {
    AppServer c = TestServer.start(nodeSettings());
    servers.add(c);
    Node nodeC = Node.of("C", c);
    String lineItem = gradebook.addLineItem("mn-stop", "Myth");
    proxy.sendAllTo(nodeC);
    try (WebClient browser = TestServer.browser()) {
      int before = proxy.forwarded().size();
      HtmlPage start = (HtmlPage) moodle.run(browser, student("stop-1", "mn-stop", lineItem));
      HtmlPage attempt =
          ((HtmlButton) start.getFirstByXPath("//button[@name='layout' and @value='all']")).click();
      answerAll(attempt);
      List<Forwarded> onC = since(before);
      assertTrue(
          onC.size() >= 4 && onC.stream().allMatch(f -> f.node().equals("C")), onC.toString());

      c.close();
      servers.remove(c);
      proxy.sendAllTo(nodeB);
      int stopped = proxy.forwarded().size();
      HtmlPage result = submit(attempt);
      assertEquals(200, result.getWebResponse().getStatusCode(), result.asNormalizedText());
      assertTrue(result.asNormalizedText().contains("points"), result.asNormalizedText());
      List<Forwarded> onB = since(stopped);
      assertTrue(
          onB.stream().anyMatch(f -> f.method().equals("POST") && f.path().startsWith("/quizzes/")),
          onB.toString());
      assertTrue(
          onB.stream().allMatch(f -> f.node().equals("B") && f.status() < 400), onB.toString());
    }
    BigDecimal queued = scoreOf("stop-1", "mn-stop");
    await(
        () -> gradebook.grade(lineItem, "stop-1") != null,
        () -> "the grade of stop-1 never reached the platform");
    assertEquals(
        0, queued.compareTo(gradebook.grade(lineItem, "stop-1").get("scoreGiven").decimalValue()));
  }

  @Test
  void both_nodes_drain_the_grade_outbox_and_never_send_one_grade_twice_at_once() throws Exception {
    String lineItem = gradebook.addLineItem("mn-grades", "Myth");
    List<String> learners = List.of("grade-1", "grade-2", "grade-3", "grade-4");
    // the platform holds every score request until the test lets go: what is in flight shows who
    // sends
    gradebook.holdScores();
    proxy.alternate(List.of(nodeA, nodeB));
    int before = proxy.forwarded().size();
    try {
      for (String learner : learners) {
        try (WebClient browser = TestServer.browser()) {
          HtmlPage start = (HtmlPage) moodle.run(browser, student(learner, "mn-grades", lineItem));
          HtmlPage attempt =
              ((HtmlButton) start.getFirstByXPath("//button[@name='layout' and @value='all']"))
                  .click();
          answerAll(attempt);
          HtmlPage result = submit(attempt);
          assertEquals(200, result.getWebResponse().getStatusCode(), result.asNormalizedText());
        }
      }
      Set<String> served =
          since(before).stream()
              .filter(f -> f.path().startsWith("/quizzes/"))
              .map(Forwarded::node)
              .collect(Collectors.toSet());
      assertEquals(Set.of("A", "B"), served, "the learners' requests went to both nodes in turn");

      // each node sends one grade at a time, so two requests in flight at once come from two nodes
      await(
          () -> gradebook.scoresHeld() == 2,
          () -> "score requests in flight: " + gradebook.scoresHeld());
      List<String> claimers =
          jdbc.query(
              "SELECT o.claimed_by FROM grade_outbox o JOIN resource_links l"
                  + " ON l.id = o.resource_link_id WHERE l.link_id = 'mn-grades' AND o.claimed_by IS NOT NULL",
              r -> r.getString(1));
      assertEquals(2, claimers.size(), claimers.toString());
      assertEquals(
          2, Set.copyOf(claimers).size(), "two rows claimed by two different nodes: " + claimers);
    } finally {
      gradebook.releaseScores();
    }

    await(
        () ->
            count(
                    "SELECT COUNT(*) FROM grade_outbox o JOIN resource_links l ON l.id = o.resource_link_id"
                        + " WHERE l.link_id = 'mn-grades' AND o.status = 'DELIVERED'")
                == learners.size(),
        () ->
            "outbox: "
                + jdbc.query(
                    "SELECT status, last_error FROM grade_outbox",
                    r -> r.getString(1) + " " + r.getString(2)));
    assertEquals(0, gradebook.concurrentDuplicates(), "no grade was sent twice at the same time");
    long sent =
        gradebook.scoreRequests().stream()
            .filter(r -> r.uri().startsWith(lineItem.replace("?type_id=1", "")))
            .count();
    assertEquals(learners.size(), sent, "each grade was sent exactly once");
    for (String learner : learners) {
      JsonNode held = gradebook.grade(lineItem, learner);
      assertNotNull(held, learner);
      assertEquals(
          0,
          scoreOf(learner, "mn-grades").compareTo(held.get("scoreGiven").decimalValue()),
          learner);
    }
  }

  // --- helpers ---

  /** A learner's launch of the quiz on a graded link whose line item is on the grade service. */
  private static FakePlatform.Launch student(String userId, String linkId, String lineItem) {
    FakePlatform.Launch launch = moodle.launch().content("quiz:" + QUIZ);
    launch.userId = userId;
    launch.givenName = "Learner";
    launch.familyName = userId;
    launch.linkId = linkId;
    launch.claimsTweak =
        claims ->
            claims.claim(
                AGS_ENDPOINT,
                Map.of(
                    "scope", List.of(AgsService.ALL_SCOPES.split(" ")),
                    "lineitems", gradebook.lineItemsUrl(),
                    "lineitem", lineItem));
    return launch;
  }

  private static void answerAll(HtmlPage attempt) {
    List<HtmlRadioButtonInput> radios =
        attempt.getByXPath("//input[@type='radio' and @value='false']");
    assertFalse(radios.isEmpty(), attempt.asXml());
    radios.forEach(radio -> radio.setChecked(true));
  }

  private static HtmlPage submit(HtmlPage attempt) throws Exception {
    return ((HtmlButton) attempt.getFirstByXPath("//button[@name='action' and @value='submit']"))
        .click();
  }

  private static List<String> questions(HtmlPage page) {
    return page.getByXPath("//input[@type='radio']").stream()
        .map(e -> ((HtmlRadioButtonInput) e).getNameAttribute())
        .distinct()
        .toList();
  }

  private static BigDecimal scoreOf(String subject, String linkId) {
    return jdbc.queryOne(
            "SELECT o.score_given FROM grade_outbox o JOIN users u ON u.id = o.user_id"
                + " JOIN resource_links l ON l.id = o.resource_link_id WHERE u.subject = ? AND l.link_id = ?",
            r -> r.getBigDecimal(1),
            subject,
            linkId)
        .orElseThrow();
  }

  private static Forwarded last() {
    List<Forwarded> all = proxy.forwarded();
    return all.get(all.size() - 1);
  }

  private static List<Forwarded> since(int index) {
    List<Forwarded> all = proxy.forwarded();
    return all.subList(index, all.size());
  }

  private static long count(String sql) {
    return jdbc.queryOne(sql, r -> r.getLong(1)).orElseThrow();
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new HashMap<>();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      params.put(
          pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  private static void await(BooleanSupplier condition, Supplier<String> problem) {
    try {
      Awaitility.await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(50))
          .until(condition::getAsBoolean);
    } catch (ConditionTimeoutException e) {
      fail(problem.get());
    }
  }
}
