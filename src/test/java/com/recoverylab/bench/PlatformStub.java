package com.recoverylab.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.store.Jdbc;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays a Moodle-like platform on 127.0.0.1 for the benchmark: publishes its JWKS, answers the
 * tool's OIDC authorization request with an RS256 id_token (kid, Moodle's claims, custom {@code
 * content=quiz:<id>}, an AGS endpoint per link) as an auto-posting form, and serves the AGS token
 * and score endpoints. Score calls can be held back (a gate) so a backlog builds up, and can take a
 * fixed time each (a slow platform).
 */
final class PlatformStub implements AutoCloseable {
  static final String LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
  private static final String LTI = "https://purl.imsglobal.org/spec/lti/claim/";

  static {
    // The JDK server leaves Nagle's algorithm on: it writes a response's head and body apart, and
    // the body then waits for the client's delayed ACK of the head, about 40 ms on Linux. Every
    // score call took 45 ms however fast the platform, which capped grade delivery at
    // concurrency / 45 ms. Web servers in front of Moodle (Apache, nginx) set TCP_NODELAY. Read
    // once, when the JDK server's configuration loads, so before the first server is created.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService threads;
  private final String base;
  private final RSAKey key;
  private final String clientId = "bench-" + UUID.randomUUID().toString().substring(0, 8);
  private final String quizId;
  private final String toolUrl;
  private final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
  private final AtomicLong signNanos = new AtomicLong();
  private final AtomicLong signed = new AtomicLong();
  private final AtomicLong jwksFetches = new AtomicLong();
  private final AtomicLong tokenCalls = new AtomicLong();
  private final ConcurrentLinkedQueue<Long> scoreTimes = new ConcurrentLinkedQueue<>();
  private final Object gateLock = new Object();
  private boolean gateOpen = true;
  private volatile long scoreDelayMillis;

  PlatformStub(String toolUrl, String quizId) throws IOException {
    this.toolUrl = toolUrl;
    this.quizId = quizId;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    base = "http://127.0.0.1:" + server.getAddress().getPort() + "/moodle";
    try {
      key =
          new RSAKeyGenerator(2048)
              .keyID("bench-" + UUID.randomUUID().toString().substring(0, 8))
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.RS256)
              .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/moodle/mod/lti/certs.php", this::jwks);
    server.createContext("/moodle/mod/lti/auth.php", this::auth);
    server.createContext("/moodle/mod/lti/token.php", this::token);
    server.createContext("/moodle/mod/lti/services.php", this::services);
    // slow score calls sleep; the tool sends at most 64 at once (GRADE_DELIVERY_CONCURRENCY)
    threads = Executors.newFixedThreadPool(96);
    server.setExecutor(threads);
    server.start();
  }

  String issuer() {
    return base;
  }

  String clientId() {
    return clientId;
  }

  String authUrl() {
    return base + "/mod/lti/auth.php";
  }

  String tokenUrl() {
    return base + "/mod/lti/token.php";
  }

  /**
   * Registers this platform as an administrator does by hand (issuer, client id, endpoints,
   * deployment 1) and returns its id.
   */
  long registerIn(Jdbc jdbc) {
    return new PlatformRepository(jdbc)
        .register(
            new Platform(0, issuer(), clientId(), "Bench Moodle", authUrl(), tokenUrl(), jwksUrl()),
            List.of("1"),
            Instant.now())
        .id();
  }

  String jwksUrl() {
    return base + "/mod/lti/certs.php";
  }

  /** CPU time this JVM spent signing id_tokens (the platform's share of a launch). */
  long signCpuNanos() {
    return signNanos.get();
  }

  long signed() {
    return signed.get();
  }

  long jwksFetches() {
    return jwksFetches.get();
  }

  long tokenCalls() {
    return tokenCalls.get();
  }

  /** Times (nanoTime) at which score calls were answered, oldest first. */
  List<Long> scoreTimes() {
    return List.copyOf(scoreTimes);
  }

  void clearScoreTimes() {
    scoreTimes.clear();
  }

  /** Holds score calls until {@link #openGate}: outbox rows queue up in the tool meanwhile. */
  void closeGate() {
    synchronized (gateLock) {
      gateOpen = false;
    }
  }

  void openGate() {
    synchronized (gateLock) {
      gateOpen = true;
      gateLock.notifyAll();
    }
  }

  void scoreDelay(long millis) {
    scoreDelayMillis = millis;
  }

  @Override
  public void close() {
    openGate();
    server.stop(0);
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void jwks(HttpExchange exchange) throws IOException {
    jwksFetches.incrementAndGet();
    send(exchange, 200, "application/json", new JWKSet(key.toPublicJWK()).toString());
  }

  /**
   * Moodle's auth.php: checks the request as Moodle does and answers with the id_token form post.
   */
  private void auth(HttpExchange exchange) throws IOException {
    Map<String, String> params = form(exchange.getRequestURI().getRawQuery());
    String state = params.get("state");
    String nonce = params.get("nonce");
    String hint = params.getOrDefault("lti_message_hint", "");
    if (!"openid".equals(params.get("scope"))
        || !"id_token".equals(params.get("response_type"))
        || !"form_post".equals(params.get("response_mode"))
        || !clientId.equals(params.get("client_id"))
        || !(toolUrl + "/lti/launch").equals(params.get("redirect_uri"))
        || state == null
        || nonce == null
        || !hint.startsWith("link-")) {
      send(exchange, 400, "text/plain", "bad authorization request: " + params);
      return;
    }
    String user = params.get("login_hint");
    String link = hint.substring("link-".length());
    long cpuBefore = cpu.getCurrentThreadCpuTime();
    String idToken = sign(claims(user, link, nonce));
    signNanos.addAndGet(cpu.getCurrentThreadCpuTime() - cpuBefore);
    signed.incrementAndGet();
    String html =
        "<!DOCTYPE html><html><head><title>Moodle</title></head><body>"
            + "<form id=\"f\" method=\"post\" action=\""
            + params.get("redirect_uri")
            + "\">"
            + "<input type=\"hidden\" name=\"id_token\" value=\""
            + idToken
            + "\">"
            + "<input type=\"hidden\" name=\"state\" value=\""
            + state
            + "\">"
            + "<button type=\"submit\">Continue</button></form>"
            + "<script>document.getElementById('f').submit();</script></body></html>";
    send(exchange, 200, "text/html", html);
  }

  private JWTClaimsSet claims(String user, String link, String nonce) {
    Instant now = Instant.now();
    Map<String, Object> custom = new LinkedHashMap<>();
    custom.put("content", "quiz:" + quizId);
    custom.put(
        "context_memberships_url",
        base + "/mod/lti/services.php/CourseSection/2/bindings/1/memberships");
    return new JWTClaimsSet.Builder()
        .issuer(base)
        .audience(clientId)
        .subject(user)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(60)))
        .claim("nonce", nonce)
        .claim(LTI + "deployment_id", "1")
        .claim(LTI + "message_type", "LtiResourceLinkRequest")
        .claim(LTI + "version", "1.3.0")
        .claim(LTI + "target_link_uri", toolUrl + "/lti/launch")
        .claim(LTI + "roles", List.of(LEARNER))
        .claim(
            LTI + "context",
            Map.of(
                "id",
                "2",
                "label",
                "RUN101",
                "title",
                "Running well",
                "type",
                List.of("CourseSection")))
        .claim(
            LTI + "resource_link",
            Map.of("id", link, "title", "Myth check " + link, "description", ""))
        .claim(
            LTI + "tool_platform",
            Map.of(
                "product_family_code",
                "moodle",
                "version",
                "2024100700",
                "guid",
                "127.0.0.1",
                "name",
                "Bench Moodle"))
        .claim(
            LTI + "launch_presentation",
            Map.of(
                "locale",
                "en",
                "document_target",
                "iframe",
                "return_url",
                base + "/mod/lti/return.php?course=2&launch_container=4"))
        .claim(LTI + "custom", custom)
        .claim("given_name", "Student")
        .claim("family_name", user)
        .claim("name", "Student " + user)
        .claim("email", user + "@example.edu")
        .claim(
            "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
            Map.of(
                "scope",
                    List.of(
                        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
                        "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
                        "https://purl.imsglobal.org/spec/lti-ags/scope/score"),
                "lineitems", base + "/mod/lti/services.php/2/lineitems?type_id=1",
                "lineitem",
                    base + "/mod/lti/services.php/2/lineitems/" + link + "/lineitem?type_id=1"))
        .claim(
            "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
            Map.of(
                "context_memberships_url",
                base + "/mod/lti/services.php/CourseSection/2/bindings/1/memberships",
                "service_versions",
                List.of("1.0", "2.0")))
        .build();
  }

  private String sign(JWTClaimsSet claims) {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /** The token endpoint answers at once; the tool caches the token, so it is called rarely. */
  private void token(HttpExchange exchange) throws IOException {
    tokenCalls.incrementAndGet();
    Map<String, String> params =
        form(new String(readAll(exchange.getRequestBody()), StandardCharsets.UTF_8));
    if (!"client_credentials".equals(params.get("grant_type"))
        || params.get("client_assertion") == null) {
      send(exchange, 400, "application/json", "{\"error\":\"invalid_request\"}");
      return;
    }
    send(
        exchange,
        200,
        "application/json",
        "{\"access_token\":\"tok-"
            + UUID.randomUUID()
            + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"scope\":\""
            + params.get("scope")
            + "\"}");
  }

  /** AGS score publish: waits at the gate, then the configured delay, then answers 200. */
  private void services(HttpExchange exchange) throws IOException {
    readAll(exchange.getRequestBody());
    String path = exchange.getRequestURI().getPath();
    if (!"POST".equals(exchange.getRequestMethod()) || !path.endsWith("/lineitem/scores")) {
      send(exchange, 404, "application/json", "{\"error\":\"not served by the stub\"}");
      return;
    }
    try {
      synchronized (gateLock) {
        while (!gateOpen) {
          gateLock.wait();
        }
      }
      long delay = scoreDelayMillis;
      if (delay > 0) {
        Thread.sleep(delay);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    scoreTimes.add(System.nanoTime());
    send(exchange, 200, "application/json", "{}");
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  static Map<String, String> form(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      params.put(
          name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
