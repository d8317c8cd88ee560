package com.recoverylab.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Assignment and Grade Services with Moodle 4.5's habits (PLATFORMS.md): line item URLs under
 * {@code /mod/lti/services.php/2/lineitems} with {@code ?type_id=1}, scores posted to {@code
 * .../lineitem/scores?type_id=1}, 200 with an empty body, 409 to a score not newer than the stored
 * one, 400 for a missing required field. Score and line item answers can be scripted ahead;
 * everything received is recorded for assertions.
 */
public final class AgsService {
  public static final String SCOPE_LINEITEM =
      "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";
  public static final String SCOPE_LINEITEM_READONLY =
      "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly";
  public static final String SCOPE_RESULT_READONLY =
      "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly";
  public static final String SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score";

  /** Every scope Moodle grants a tool by default, space separated. */
  public static final String ALL_SCOPES =
      String.join(" ", SCOPE_LINEITEM, SCOPE_LINEITEM_READONLY, SCOPE_RESULT_READONLY, SCOPE_SCORE);

  static final String CONTAINER_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json";
  static final String LINEITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json";
  static final String SCORE_TYPE = "application/vnd.ims.lis.v1.score+json";
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final TokenEndpoint tokens;
  private final ConcurrentLinkedDeque<Answer> scoreScript = new ConcurrentLinkedDeque<>();
  private final ConcurrentLinkedDeque<Answer> lineItemUpdateScript = new ConcurrentLinkedDeque<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile CountDownLatch scoreGate = new CountDownLatch(0);
  private final AtomicInteger scoresHeld = new AtomicInteger();
  private volatile CountDownLatch lineItemUpdateGate = new CountDownLatch(0);
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, ObjectNode> lineItems =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final AtomicInteger lineItemsCreated = new AtomicInteger();

  /** line item URL → user id → stored score. */
  private final Map<String, Map<String, JsonNode>> gradebook = new HashMap<>();

  private final List<JsonNode> accepted = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final AtomicInteger concurrentDuplicates = new AtomicInteger();

  /** {@code base} is the course's services URL, such as {@code <site>/mod/lti/services.php/2}. */
  AgsService(String base, TokenEndpoint tokens) {
    this.base = base;
    this.tokens = tokens;
  }

  /** The line items container URL, with the query Moodle puts on it. */
  public String lineItemsUrl() {
    return base + "/lineitems?type_id=1";
  }

  /** The URL of the line item bound to a platform resource link in launches. */
  public String lineItemUrlFor(String resourceLinkId) {
    return base + "/lineitems/" + resourceLinkId + "/lineitem?type_id=1";
  }

  /**
   * Adds a line item bound to a platform resource link (as if the instructor made the activity
   * graded).
   */
  public String addLineItem(String resourceLinkId, String label) {
    String id = base + "/lineitems/" + (lineItems.size() + 100) + "/lineitem?type_id=1";
    ObjectNode item = JSON.createObjectNode();
    item.put("id", id);
    item.put("label", label);
    item.put("scoreMaximum", 10);
    item.put("resourceLinkId", resourceLinkId);
    lineItems.put(id, item);
    return id;
  }

  /** Answers for the next score posts, in order; then scores are checked and stored. */
  public void enqueueScore(Answer... answers) {
    scoreScript.addAll(Arrays.asList(answers));
  }

  /** Answers for the next line item updates (PUT), in order; then updates are made as asked. */
  public void enqueueLineItemUpdate(Answer... answers) {
    lineItemUpdateScript.addAll(Arrays.asList(answers));
  }

  /**
   * Lets hanging score posts ({@link Answer#hangForever()}) end: the score is stored, no answer
   * reaches the tool.
   */
  public void releaseHangs() {
    release.countDown();
  }

  /**
   * From now on score requests wait (recorded, not yet answered) until {@link #releaseScores()};
   * then they are answered as usual. Shows which deliveries are in flight at one moment.
   */
  public void holdScores() {
    scoreGate = new CountDownLatch(1);
  }

  public void releaseScores() {
    scoreGate.countDown();
  }

  /**
   * From now on line item updates (PUT) wait, recorded and their scripted answer already taken,
   * until {@link #releaseLineItemUpdates()}: a try stays in flight for as long as a test needs.
   */
  public void holdLineItemUpdates() {
    lineItemUpdateGate = new CountDownLatch(1);
  }

  public void releaseLineItemUpdates() {
    lineItemUpdateGate.countDown();
  }

  /** Score requests waiting in {@link #holdScores()} right now. */
  public int scoresHeld() {
    return scoresHeld.get();
  }

  /** Every AGS request received, in order (token requests are the token endpoint's). */
  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** Line item updates (PUT) received, answered or not. */
  public List<Received> lineItemUpdates() {
    return received().stream().filter(r -> "PUT".equals(r.method())).toList();
  }

  public List<Received> scoreRequests() {
    return received().stream().filter(r -> r.path().endsWith("/scores")).toList();
  }

  /** The line item as the platform holds it now, or null. */
  public JsonNode lineItem(String url) {
    synchronized (lineItems) {
      ObjectNode item = lineItems.get(url);
      return item == null ? null : item.deepCopy();
    }
  }

  public int lineItemsCreated() {
    return lineItemsCreated.get();
  }

  public List<JsonNode> lineItems() {
    synchronized (lineItems) {
      return List.copyOf(lineItems.values());
    }
  }

  /** The stored score of a user on a line item, or null. */
  public synchronized JsonNode grade(String lineItemUrl, String userId) {
    return gradebook.getOrDefault(lineItemUrl, Map.of()).get(userId);
  }

  /** Stores a score directly, as if set earlier (for example by another tool or a newer try). */
  public synchronized void storeGrade(
      String lineItemUrl, String userId, double given, Instant timestamp) {
    ObjectNode score = JSON.createObjectNode();
    score.put("userId", userId);
    score.put("scoreGiven", given);
    score.put("timestamp", TIMESTAMP.format(timestamp));
    gradebook.computeIfAbsent(lineItemUrl, k -> new HashMap<>()).put(userId, score);
  }

  /** Every score stored, in order. */
  public List<JsonNode> accepted() {
    synchronized (accepted) {
      return List.copyOf(accepted);
    }
  }

  /** How often the same score for the same line item was in flight twice at once. */
  public int concurrentDuplicates() {
    return concurrentDuplicates.get();
  }

  void close() {
    release.countDown();
    scoreGate.countDown();
    lineItemUpdateGate.countDown();
  }

  // --- the service -----------------------------------------------------------------------------

  void handle(HttpExchange exchange, Received request) throws IOException {
    received.add(request);
    String path = request.path();
    if (path.endsWith("/lineitems")) {
      if (!authorized(exchange, request)) {
        return;
      }
      if ("POST".equals(request.method())) {
        createLineItem(exchange, request.body());
      } else {
        listLineItems(exchange, request);
      }
    } else if (path.matches(".*/lineitems/[^/]+/lineitem/scores")) {
      score(exchange, request);
    } else if (path.matches(".*/lineitems/[^/]+/lineitem")) {
      if (!authorized(exchange, request)) {
        return;
      }
      if ("PUT".equals(request.method())) {
        updateLineItem(exchange, request);
      } else {
        JsonNode item = lineItem(request.uri());
        Exchanges.send(
            exchange,
            item == null ? 404 : 200,
            item == null ? "{\"error\":\"no such line item\"}" : item.toString(),
            Map.of());
      }
    } else {
      Exchanges.send(exchange, 404, "{\"error\":\"no such endpoint\"}", Map.of());
    }
  }

  private boolean authorized(HttpExchange exchange, Received request) throws IOException {
    if (tokens.authorized(request)) {
      return true;
    }
    Exchanges.send(exchange, 401, "{\"error\":\"invalid_token\"}", Map.of());
    return false;
  }

  private void listLineItems(HttpExchange exchange, Received request) throws IOException {
    String link = Received.decode(request.query()).get("resource_link_id");
    ArrayNode items = JSON.createArrayNode();
    for (JsonNode item : lineItems()) {
      if (link == null || link.equals(item.path("resourceLinkId").asText())) {
        items.add(item);
      }
    }
    Exchanges.send(exchange, 200, items.toString(), Map.of("Content-Type", CONTAINER_TYPE));
  }

  private void createLineItem(HttpExchange exchange, String body) throws IOException {
    ObjectNode item = (ObjectNode) JSON.readTree(body);
    Exchanges.pause(
        java.time.Duration.ofMillis(150)); // widens the window in which two deliveries could race
    String id;
    synchronized (lineItems) {
      id = base + "/lineitems/" + (lineItems.size() + 1) + "/lineitem?type_id=1";
      item.put("id", id);
      lineItems.put(id, item);
    }
    lineItemsCreated.incrementAndGet();
    Exchanges.send(exchange, 201, item.toString(), Map.of("Content-Type", LINEITEM_TYPE));
  }

  /**
   * AGS 3.2.7, as Moodle 4.5 does it: label and scoreMaximum are required; the item is replaced.
   */
  private void updateLineItem(HttpExchange exchange, Received request) throws IOException {
    Answer scripted = lineItemUpdateScript.poll();
    awaitGate(lineItemUpdateGate);
    if (scripted != null && scripted.scripted()) {
      Exchanges.send(exchange, scripted);
      return;
    }
    if (!LINEITEM_TYPE.equals(request.contentType())) {
      Exchanges.send(exchange, 415, "{\"error\":\"wrong content type\"}", Map.of());
      return;
    }
    JsonNode item = JSON.readTree(request.body());
    if (!item.path("scoreMaximum").isNumber() || !item.path("label").isTextual()) {
      Exchanges.send(
          exchange, 400, "{\"error\":\"label and scoreMaximum are required\"}", Map.of());
      return;
    }
    synchronized (lineItems) {
      if (!lineItems.containsKey(request.uri())) {
        Exchanges.send(exchange, 404, "{\"error\":\"no such line item\"}", Map.of());
        return;
      }
      ObjectNode updated = (ObjectNode) item;
      updated.put("id", request.uri());
      lineItems.put(request.uri(), updated);
    }
    Exchanges.send(exchange, 200, item.toString(), Map.of());
  }

  private void score(HttpExchange exchange, Received request) throws IOException {
    if (!authorized(exchange, request)) {
      return;
    }
    String lineItem = request.uri().replace("/scores", "");
    String key = lineItem + "|" + request.body();
    AtomicInteger copies = inFlight.computeIfAbsent(key, k -> new AtomicInteger());
    if (copies.incrementAndGet() > 1) {
      concurrentDuplicates.incrementAndGet();
    }
    try {
      awaitScoreGate();
      Answer scripted = scoreScript.poll();
      if (scripted != null && scripted.scripted()) {
        Exchanges.send(exchange, scripted);
        return;
      }
      if (scripted != null) {
        Exchanges.pause(scripted.delay());
      }
      if (scripted != null && scripted.hangs()) {
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        store(lineItem, JSON.readTree(request.body()));
        exchange.close();
        return; // the answer never reaches the tool
      }
      if (!SCORE_TYPE.equals(request.contentType())) {
        Exchanges.send(exchange, 415, "{\"error\":\"wrong content type\"}", Map.of());
        return;
      }
      JsonNode score = JSON.readTree(request.body());
      for (String field : List.of("userId", "timestamp", "activityProgress", "gradingProgress")) {
        if (!score.hasNonNull(field)) {
          Exchanges.send(exchange, 400, "{\"error\":\"missing " + field + "\"}", Map.of());
          return;
        }
      }
      if (!store(lineItem, score)) {
        Exchanges.send(
            exchange, 409, "{\"error\":\"the score is not newer than the stored one\"}", Map.of());
        return;
      }
      Exchanges.send(exchange, 200, "", Map.of());
    } finally {
      copies.decrementAndGet();
    }
  }

  private void awaitScoreGate() {
    CountDownLatch gate = scoreGate;
    if (gate.getCount() == 0) {
      return;
    }
    scoresHeld.incrementAndGet();
    try {
      gate.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      scoresHeld.decrementAndGet();
    }
  }

  private static void awaitGate(CountDownLatch gate) {
    try {
      gate.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized boolean store(String lineItem, JsonNode score) {
    Map<String, JsonNode> scores = gradebook.computeIfAbsent(lineItem, k -> new HashMap<>());
    JsonNode held = scores.get(score.get("userId").asText());
    if (held != null
        && !Instant.parse(score.get("timestamp").asText())
            .isAfter(Instant.parse(held.get("timestamp").asText()))) {
      return false;
    }
    scores.put(score.get("userId").asText(), score);
    accepted.add(score);
    return true;
  }
}
