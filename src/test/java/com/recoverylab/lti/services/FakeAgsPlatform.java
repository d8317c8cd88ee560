package com.recoverylab.lti.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.recoverylab.web.Json;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A course platform's token endpoint and Assignment and Grade Services, played on 127.0.0.1 with
 * Moodle's habits (line item URLs with {@code ?type_id=1}, 409 to a score not newer than the
 * stored one, 200 with an empty body). Score and token answers can be scripted ahead, like
 * MockWebServer's queue; everything received is recorded for assertions.
 */
public final class FakeAgsPlatform implements AutoCloseable {
  public static final String CLIENT_ID = "tool-client-1";
  public static final String ALL_SCOPES = String.join(" ", AgsClient.SCOPE_LINEITEM,
      AgsClient.SCOPE_LINEITEM_READONLY, "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
      AgsClient.SCOPE_SCORE);

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final String base;
  private volatile Supplier<JWKSet> toolKeys;
  /** Like real platforms, the JWKS is kept and read again only for a kid it does not hold. */
  private volatile JWKSet cachedKeys;
  private volatile long tokenLifetimeSeconds = 3600;
  private volatile Set<String> refusedScopes = Set.of();
  private final ConcurrentLinkedDeque<Answer> scoreScript = new ConcurrentLinkedDeque<>();
  private final ConcurrentLinkedDeque<Answer> tokenScript = new ConcurrentLinkedDeque<>();
  private final ConcurrentLinkedDeque<Answer> lineItemUpdateScript = new ConcurrentLinkedDeque<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile CountDownLatch scoreGate = new CountDownLatch(0);
  private final AtomicInteger scoresHeld = new AtomicInteger();

  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  private final List<String> assertionProblems = Collections.synchronizedList(new ArrayList<>());
  private final List<JWTClaimsSet> assertions = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> seenJti = ConcurrentHashMap.newKeySet();
  private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
  private final AtomicInteger tokenCount = new AtomicInteger();
  private final Map<String, ObjectNode> lineItems = Collections.synchronizedMap(new LinkedHashMap<>());
  private final AtomicInteger lineItemsCreated = new AtomicInteger();
  /** line item URL → user id → stored score. */
  private final Map<String, Map<String, JsonNode>> gradebook = new HashMap<>();
  /** Every score stored, in order. */
  private final List<JsonNode> accepted = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final AtomicInteger concurrentDuplicates = new AtomicInteger();

  /** One request as the platform saw it. */
  public record Received(String method, String uri, String contentType, String authorization, String body,
      Instant at) {}

  /**
   * A scripted answer: a status with body and headers, or a pause before answering normally
   * ({@code delay}), or a hang ({@code hangForever}) until {@link #close()} or {@link #releaseHangs()} (then the
   * score is stored as if the platform saved it but the answer never reached the tool).
   */
  public record Answer(int status, String body, Map<String, String> headers, Duration delay, boolean hangs) {
    public static Answer status(int status, String body) {
      return new Answer(status, body, Map.of(), null, false);
    }

    public static Answer status(int status, String body, Map<String, String> headers) {
      return new Answer(status, body, headers, null, false);
    }

    /** Answers normally, after the pause (longer than the tool's timeout: a timeout). */
    public static Answer delay(Duration pause) {
      return new Answer(0, null, Map.of(), pause, false);
    }

    public static Answer hangForever() {
      return new Answer(0, null, Map.of(), null, true);
    }
  }

  public FakeAgsPlatform() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The tool's published keys, read from its running server's JWKS URL on every token request. */
  public FakeAgsPlatform trustJwksAt(URI jwksUrl) {
    this.toolKeys = () -> {
      try {
        return JWKSet.load(jwksUrl.toURL());
      } catch (IOException | java.text.ParseException e) {
        throw new IllegalStateException("cannot read the tool's JWKS at " + jwksUrl, e);
      }
    };
    this.cachedKeys = null;
    return this;
  }

  public FakeAgsPlatform trustKeys(Supplier<JWKSet> keys) {
    this.toolKeys = keys;
    this.cachedKeys = null;
    return this;
  }

  public String issuer() {
    return base;
  }

  public String tokenUrl() {
    return base + "/token";
  }

  /** The line items container URL, with the query Moodle puts on it. */
  public String lineItemsUrl() {
    return base + "/lineitems?type_id=1";
  }

  /** Adds a line item bound to a platform resource link (as if the instructor made the activity graded). */
  public String addLineItem(String resourceLinkId, String label) {
    String id = base + "/lineitems/" + (lineItems.size() + 100) + "/lineitem?type_id=1";
    ObjectNode item = Json.MAPPER.createObjectNode();
    item.put("id", id);
    item.put("label", label);
    item.put("scoreMaximum", 10);
    item.put("resourceLinkId", resourceLinkId);
    lineItems.put(id, item);
    return id;
  }

  public void setTokenLifetimeSeconds(long seconds) {
    this.tokenLifetimeSeconds = seconds;
  }

  public void refuseScopes(String... scopes) {
    this.refusedScopes = Set.of(scopes);
  }

  /** Makes every token issued so far invalid (revoked early). */
  public void revokeTokens() {
    tokens.clear();
  }

  public void enqueueScore(Answer... answers) {
    scoreScript.addAll(Arrays.asList(answers));
  }

  /** Answers for the next line item updates (PUT), in order; then updates are made as asked. */
  public void enqueueLineItemUpdate(Answer... answers) {
    lineItemUpdateScript.addAll(Arrays.asList(answers));
  }

  public void enqueueToken(Answer... answers) {
    tokenScript.addAll(Arrays.asList(answers));
  }

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

  /** Score requests waiting in {@link #holdScores()} right now. */
  public int scoresHeld() {
    return scoresHeld.get();
  }

  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** Line item updates (PUT) received, answered or not. */
  public List<Received> lineItemUpdates() {
    return received().stream().filter(r -> "PUT".equals(r.method())).toList();
  }

  /** The line item as the platform holds it now, or null. */
  public JsonNode lineItem(String url) {
    synchronized (lineItems) {
      ObjectNode item = lineItems.get(url);
      return item == null ? null : item.deepCopy();
    }
  }

  public List<Received> scoreRequests() {
    return received().stream().filter(r -> r.uri().contains("/scores")).toList();
  }

  public int tokenRequests() {
    return tokenCount.get();
  }

  public List<String> assertionProblems() {
    synchronized (assertionProblems) {
      return List.copyOf(assertionProblems);
    }
  }

  public List<JWTClaimsSet> assertions() {
    synchronized (assertions) {
      return List.copyOf(assertions);
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
  public synchronized void storeGrade(String lineItemUrl, String userId, double given, Instant timestamp) {
    ObjectNode score = Json.MAPPER.createObjectNode();
    score.put("userId", userId);
    score.put("scoreGiven", given);
    score.put("timestamp", AgsClient.TIMESTAMP.format(timestamp));
    gradebook.computeIfAbsent(lineItemUrl, k -> new HashMap<>()).put(userId, score);
  }

  public List<JsonNode> accepted() {
    synchronized (accepted) {
      return List.copyOf(accepted);
    }
  }

  public int concurrentDuplicates() {
    return concurrentDuplicates.get();
  }

  @Override
  public void close() {
    release.countDown();
    scoreGate.countDown();
    server.stop(0);
    threads.shutdownNow();
  }

  // --- the platform ----------------------------------------------------------------------------

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String uri = exchange.getRequestURI().toString();
      String path = exchange.getRequestURI().getPath();
      received.add(new Received(exchange.getRequestMethod(), base + uri,
          exchange.getRequestHeaders().getFirst("Content-Type"),
          exchange.getRequestHeaders().getFirst("Authorization"), body, Instant.now()));
      if (path.equals("/token")) {
        token(exchange, body);
      } else if (path.equals("/lineitems")) {
        if (!authorized(exchange)) {
          return;
        }
        if ("POST".equals(exchange.getRequestMethod())) {
          createLineItem(exchange, body);
        } else {
          listLineItems(exchange);
        }
      } else if (path.matches("/lineitems/\\d+/lineitem/scores")) {
        score(exchange, uri, body);
      } else if (path.matches("/lineitems/\\d+/lineitem")) {
        if (!authorized(exchange)) {
          return;
        }
        if ("PUT".equals(exchange.getRequestMethod())) {
          updateLineItem(exchange, base + uri, body);
        } else {
          ObjectNode item = (ObjectNode) lineItem(base + uri);
          answer(exchange, item == null ? 404 : 200, item == null ? "{\"error\":\"no such line item\"}"
              : item.toString(), Map.of());
        }
      } else {
        answer(exchange, 404, "{\"error\":\"no such endpoint\"}", Map.of());
      }
    }
  }

  private void token(HttpExchange exchange, String body) throws IOException {
    tokenCount.incrementAndGet();
    Answer scripted = tokenScript.poll();
    if (scripted != null && scripted.status() > 0) {
      answer(exchange, scripted.status(), scripted.body(), scripted.headers());
      return;
    }
    Map<String, String> form = form(body);
    String problem = checkAssertion(form);
    if (problem != null) {
      assertionProblems.add(problem);
      answer(exchange, 401, "{\"error\":\"invalid_client\",\"error_description\":\"" + problem + "\"}", Map.of());
      return;
    }
    List<String> asked = Arrays.asList(form.getOrDefault("scope", "").split(" "));
    for (String scope : asked) {
      if (refusedScopes.contains(scope)) {
        answer(exchange, 400, "{\"error\":\"invalid_scope\",\"error_description\":\"scope not granted: " + scope
            + "\"}", Map.of());
        return;
      }
    }
    String token = "tok-" + tokenCount.get();
    tokens.put(token, Instant.now().plusSeconds(tokenLifetimeSeconds));
    answer(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":"
        + tokenLifetimeSeconds + ",\"scope\":\"" + String.join(" ", asked) + "\"}", Map.of());
  }

  /** Security Framework 4.1: the client assertion, verified with the tool's published keys. */
  private String checkAssertion(Map<String, String> form) {
    if (!"client_credentials".equals(form.get("grant_type"))) {
      return "grant_type must be client_credentials";
    }
    if (!AccessTokens.ASSERTION_TYPE.equals(form.get("client_assertion_type"))) {
      return "wrong client_assertion_type";
    }
    try {
      SignedJWT jwt = SignedJWT.parse(form.get("client_assertion"));
      if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
        return "alg must be RS256";
      }
      String kid = jwt.getHeader().getKeyID();
      JWK key = cachedKeys == null ? null : cachedKeys.getKeyByKeyId(kid);
      if (key == null) {
        cachedKeys = toolKeys.get();
        key = cachedKeys.getKeyByKeyId(kid);
      }
      if (key == null) {
        return "unknown kid " + jwt.getHeader().getKeyID();
      }
      if (!jwt.verify(new RSASSAVerifier(key.toRSAKey()))) {
        return "bad signature";
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      assertions.add(claims);
      Instant now = Instant.now();
      if (!CLIENT_ID.equals(claims.getIssuer()) || !CLIENT_ID.equals(claims.getSubject())) {
        return "iss and sub must be the client id";
      }
      if (!List.of(tokenUrl()).equals(claims.getAudience())) {
        return "aud must be the token endpoint";
      }
      if (claims.getIssueTime() == null || claims.getIssueTime().toInstant().isAfter(now)) {
        return "iat in the future";
      }
      if (claims.getExpirationTime() == null || !claims.getExpirationTime().toInstant().isAfter(now)) {
        return "expired";
      }
      if (Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant())
          .compareTo(Duration.ofMinutes(5).plusSeconds(5)) > 0) {
        return "lives too long";
      }
      if (claims.getJWTID() == null || !seenJti.add(claims.getJWTID())) {
        return "jti missing or reused";
      }
      return null;
    } catch (Exception e) {
      return "unreadable assertion: " + e;
    }
  }

  private boolean authorized(HttpExchange exchange) throws IOException {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    Instant until = header != null && header.startsWith("Bearer ") ? tokens.get(header.substring(7)) : null;
    if (until == null || Instant.now().isAfter(until)) {
      answer(exchange, 401, "{\"error\":\"invalid_token\"}", Map.of());
      return false;
    }
    return true;
  }

  private void listLineItems(HttpExchange exchange) throws IOException {
    String link = form(exchange.getRequestURI().getRawQuery()).get("resource_link_id");
    ArrayNode items = Json.MAPPER.createArrayNode();
    for (JsonNode item : lineItems()) {
      if (link == null || link.equals(item.path("resourceLinkId").asText())) {
        items.add(item);
      }
    }
    exchange.getResponseHeaders().add("Content-Type", AgsClient.CONTAINER_TYPE);
    answer(exchange, 200, items.toString(), Map.of());
  }

  private void createLineItem(HttpExchange exchange, String body) throws IOException {
    ObjectNode item = (ObjectNode) Json.MAPPER.readTree(body);
    sleep(Duration.ofMillis(150)); // widens the window in which two deliveries could race
    String id;
    synchronized (lineItems) {
      id = base + "/lineitems/" + (lineItems.size() + 1) + "/lineitem?type_id=1";
      item.put("id", id);
      lineItems.put(id, item);
    }
    lineItemsCreated.incrementAndGet();
    exchange.getResponseHeaders().add("Content-Type", AgsClient.LINEITEM_TYPE);
    answer(exchange, 201, item.toString(), Map.of());
  }

  /** AGS 3.2.7, as Moodle 4.5 does it: label and scoreMaximum are required; the item is replaced. */
  private void updateLineItem(HttpExchange exchange, String url, String body) throws IOException {
    Answer scripted = lineItemUpdateScript.poll();
    if (scripted != null && scripted.status() > 0) {
      answer(exchange, scripted.status(), scripted.body(), scripted.headers());
      return;
    }
    if (!AgsClient.LINEITEM_TYPE.equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
      answer(exchange, 415, "{\"error\":\"wrong content type\"}", Map.of());
      return;
    }
    JsonNode item = Json.MAPPER.readTree(body);
    if (!item.path("scoreMaximum").isNumber() || !item.path("label").isTextual()) {
      answer(exchange, 400, "{\"error\":\"label and scoreMaximum are required\"}", Map.of());
      return;
    }
    synchronized (lineItems) {
      if (!lineItems.containsKey(url)) {
        answer(exchange, 404, "{\"error\":\"no such line item\"}", Map.of());
        return;
      }
      ObjectNode updated = (ObjectNode) item;
      updated.put("id", url);
      lineItems.put(url, updated);
    }
    answer(exchange, 200, item.toString(), Map.of());
  }

  private void score(HttpExchange exchange, String uri, String body) throws IOException {
    if (!authorized(exchange)) {
      return;
    }
    String lineItem = base + uri.replace("/scores", "");
    String key = lineItem + "|" + body;
    AtomicInteger copies = inFlight.computeIfAbsent(key, k -> new AtomicInteger());
    if (copies.incrementAndGet() > 1) {
      concurrentDuplicates.incrementAndGet();
    }
    try {
      awaitScoreGate();
      Answer scripted = scoreScript.poll();
      if (scripted != null && scripted.status() > 0) {
        answer(exchange, scripted.status(), scripted.body(), scripted.headers());
        return;
      }
      if (scripted != null && scripted.delay() != null) {
        sleep(scripted.delay());
      }
      if (scripted != null && scripted.hangs()) {
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        store(lineItem, Json.MAPPER.readTree(body));
        return; // the answer never reaches the tool
      }
      if (!AgsClient.SCORE_TYPE.equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
        answer(exchange, 415, "{\"error\":\"wrong content type\"}", Map.of());
        return;
      }
      JsonNode score = Json.MAPPER.readTree(body);
      for (String field : List.of("userId", "timestamp", "activityProgress", "gradingProgress")) {
        if (!score.hasNonNull(field)) {
          answer(exchange, 400, "{\"error\":\"missing " + field + "\"}", Map.of());
          return;
        }
      }
      if (!store(lineItem, score)) {
        answer(exchange, 409, "{\"error\":\"the score is not newer than the stored one\"}", Map.of());
        return;
      }
      answer(exchange, 200, "", Map.of());
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

  private synchronized boolean store(String lineItem, JsonNode score) {
    Map<String, JsonNode> scores = gradebook.computeIfAbsent(lineItem, k -> new HashMap<>());
    JsonNode held = scores.get(score.get("userId").asText());
    if (held != null && !Instant.parse(score.get("timestamp").asText())
        .isAfter(Instant.parse(held.get("timestamp").asText()))) {
      return false;
    }
    scores.put(score.get("userId").asText(), score);
    accepted.add(score);
    return true;
  }

  private static void answer(HttpExchange exchange, int status, String body, Map<String, String> headers)
      throws IOException {
    headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (!exchange.getResponseHeaders().containsKey("Content-Type") && bytes.length > 0) {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static Map<String, String> form(String encoded) {
    Map<String, String> values = new HashMap<>();
    if (encoded == null || encoded.isBlank()) {
      return values;
    }
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      values.put(name, value);
    }
    return values;
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
