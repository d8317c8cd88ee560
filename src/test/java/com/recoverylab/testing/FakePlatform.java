package com.recoverylab.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.recoverylab.app.AppServer;
import com.recoverylab.lti.legacy.Consumers;
import com.recoverylab.lti.legacy.NewConsumer;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.store.Jdbc;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import org.htmlunit.Page;
import org.htmlunit.WebClient;

/**
 * The one course platform for tests; it behaves like Moodle 4.5 (see PLATFORMS.md). A JDK HTTP
 * server on 127.0.0.1 whose site lives under {@code /moodle}, composed of small parts: its RSA keys
 * and JWKS ({@link PlatformKeys}), an OpenID configuration and registration endpoint for dynamic
 * registration, a login-initiation page that auto-posts to the tool, an authorization endpoint that
 * checks the tool's parameters as Moodle does and auto-posts an id_token built from one
 * Moodle-shaped baseline ({@link Launch}), the token endpoint ({@link #tokens()}), Assignment and
 * Grade Services ({@link #ags()}), the roster ({@link #nrps()}), the deep linking return ({@link
 * #deepLinking()}), and LTI 1.1: Basic Outcomes ({@link #outcomes()}) and signed launches ({@link
 * #lti11(AppServer, String)}). A protocol change is one edit here.
 */
public final class FakePlatform implements AutoCloseable {
  public static final String LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
  public static final String INSTRUCTOR =
      "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
  private static final String LTI = "https://purl.imsglobal.org/spec/lti/claim/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final String origin;
  private final String base;
  private final PlatformKeys keys = new PlatformKeys();
  private final TokenEndpoint tokens;
  private final AgsService ags;
  private final NrpsService nrps;
  private final DeepLinkReturn deepLinkReturn;
  private final BasicOutcomesService outcomes;
  private final Map<String, String> pages = new ConcurrentHashMap<>();
  private volatile String clientId =
      "moodle-client-" + UUID.randomUUID().toString().substring(0, 8);
  private volatile String deploymentId = "1";
  private volatile String toolLoginUrl;
  private volatile String toolRedirectUri;
  private volatile String toolTargetLinkUri;
  private final DynamicRegistration registration = new DynamicRegistration(this);
  private final OidcLogin oidc = new OidcLogin(this);

  /** Changes the OpenID configuration before it is served (tests break it on purpose). */
  public volatile Consumer<Map<String, Object>> configurationTweak = c -> {};

  /** Registrations update the tool registered last (Moodle's "Update" keeps the client id). */
  public volatile boolean updateOnRegistration;

  /** When not 200, the registration endpoint refuses with this status. */
  public volatile int registrationStatus = 200;

  private FakePlatform() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    // several threads: a held or hanging score must not stop the platform answering others
    server.setExecutor(threads);
    origin = "http://127.0.0.1:" + server.getAddress().getPort();
    base = origin + "/moodle";
    tokens = new TokenEndpoint(base + "/mod/lti/token.php", () -> clientId);
    ags = new AgsService(base + "/mod/lti/services.php/2", tokens);
    nrps =
        new NrpsService(
            base + "/mod/lti/services.php/CourseSection/2/bindings/1/memberships", tokens);
    deepLinkReturn = new DeepLinkReturn(base + "/mod/lti/contentitem_return.php");
    outcomes = new BasicOutcomesService(base + "/mod/lti/service.php");
    server.createContext("/moodle/mod/lti/certs.php", keys::serveJwks);
    route("/moodle/mod/lti/token.php", tokens::handle);
    route("/moodle/mod/lti/services.php/2/lineitems", ags::handle);
    route("/moodle/mod/lti/services.php/CourseSection/2/bindings/1/memberships", nrps::handle);
    route("/moodle/mod/lti/contentitem_return.php", deepLinkReturn::handle);
    route("/moodle/mod/lti/service.php", outcomes::handle);
    server.createContext("/moodle/mod/lti/page.php", this::page);
    server.createContext("/moodle/mod/lti/openid-configuration.php", registration::configuration);
    server.createContext("/moodle/mod/lti/openid-registration.php", registration::registration);
    server.createContext("/moodle/mod/lti/auth.php", oidc::auth);
    server.createContext("/moodle/mod/lti/launch.php", oidc::initiateLogin);
    server.createContext("/moodle/mod/lti/course.php", oidc::coursePage);
    server.createContext("/moodle/mod/lti/storage.php", oidc::storageFrame);
    server.start();
  }

  public static FakePlatform start() {
    try {
      return new FakePlatform();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A part of the platform answering one path and what lies under it. */
  private interface Part {
    void handle(HttpExchange exchange, Received request) throws IOException;
  }

  private void route(String path, Part part) {
    server.createContext(
        path,
        exchange -> {
          try (exchange) {
            part.handle(exchange, Exchanges.read(exchange, origin));
          }
        });
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      ags.close();
      server.stop(0);
      threads.shutdownNow();
    }
  }

  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** The token endpoint: client assertions, tokens, scripted refusals. */
  public TokenEndpoint tokens() {
    return tokens;
  }

  /** Assignment and Grade Services: line items, scores, scripted failures. */
  public AgsService ags() {
    return ags;
  }

  /** Names and Role Provisioning Services: the course roster. */
  public NrpsService nrps() {
    return nrps;
  }

  /** The deep linking return URL and what the tool posted to it. */
  public DeepLinkReturn deepLinking() {
    return deepLinkReturn;
  }

  /** LTI 1.1 Basic Outcomes. */
  public BasicOutcomesService outcomes() {
    return outcomes;
  }

  /**
   * Creates an LTI 1.1 consumer key for this platform in the tool's database, as the administrator
   * does on the tool's consumers page, and returns the consumer that uses it.
   */
  public Lti11Consumer lti11(AppServer tool, String key) {
    Jdbc jdbc = new Jdbc(tool.database().dataSource(), tool.database().isPostgres());
    NewConsumer created = new Consumers(jdbc, Clock.systemUTC()).create(key, "Test Moodle " + key);
    return lti11(created.key(), created.secret(), tool.config().url("/lti/11/launch"));
  }

  /** An LTI 1.1 consumer with a key and secret the tool already holds. */
  public Lti11Consumer lti11(String key, String secret, String launchUrl) {
    return new Lti11Consumer(this, key, secret, launchUrl);
  }

  /** The platform as the tool's database holds it after {@link #registerWith(AppServer)}. */
  public Platform platformIn(AppServer tool) {
    Jdbc jdbc = new Jdbc(tool.database().dataSource(), tool.database().isPostgres());
    return new PlatformRepository(jdbc)
        .find(issuer(), clientId)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the platform " + issuer() + " is not registered with the tool"));
  }

  /**
   * A platform page whose form of these fields submits itself to {@code action}; returns its URL.
   */
  String autoPostPage(String action, Map<String, String> fields) {
    String id = UUID.randomUUID().toString();
    pages.put(id, Exchanges.autoPost(action, fields));
    return base + "/mod/lti/page.php?id=" + id;
  }

  private void page(HttpExchange exchange) throws IOException {
    String html = pages.get(query(exchange).get("id"));
    send(exchange, html == null ? 404 : 200, "text/html", html == null ? "no such page" : html);
  }

  public String issuer() {
    return base;
  }

  public String clientId() {
    return clientId;
  }

  public String deploymentId() {
    return deploymentId;
  }

  public String authUrl() {
    return base + "/mod/lti/auth.php";
  }

  public String jwksUrl() {
    return base + "/mod/lti/certs.php";
  }

  public String tokenUrl() {
    return base + "/mod/lti/token.php";
  }

  public String configurationUrl() {
    return base + "/mod/lti/openid-configuration.php";
  }

  /** How often the OpenID configuration was read. */
  public int configurationFetches() {
    return registration.configurationFetches();
  }

  /** How many registrations reached the registration endpoint. */
  public int registrationPosts() {
    return registration.registrationPosts();
  }

  public int jwksFetches() {
    return keys.fetches();
  }

  /** Parameters of every authorization request the tool sent, in order. */
  public List<Map<String, String>> authRequests() {
    return oidc.authRequests();
  }

  /** The id_token of the last launch the platform answered. */
  public String lastIdToken() {
    return oidc.lastIdToken();
  }

  /** The state of the last launch the platform answered. */
  public String lastState() {
    return oidc.lastState();
  }

  /** The body of the last dynamic registration request. */
  public JsonNode lastRegistration() {
    return registration.lastRegistration();
  }

  /** Registers this platform directly in the tool's database, as the hand registration does. */
  public FakePlatform registerWith(AppServer tool) {
    Jdbc jdbc = new Jdbc(tool.database().dataSource(), tool.database().isPostgres());
    new PlatformRepository(jdbc)
        .register(
            new Platform(0, issuer(), clientId, "Fake Moodle", authUrl(), tokenUrl(), jwksUrl()),
            List.of(deploymentId),
            Instant.now());
    useTool(tool.url().toString());
    tokens.trustJwksAt(URI.create(tool.url() + "/.well-known/jwks.json"));
    return this;
  }

  /**
   * Uses this client id for the tool from now on, as if the administrator had typed it (tests that
   * pair this platform with another service expecting a known client id).
   */
  public FakePlatform useClientId(String id) {
    clientId = id;
    return this;
  }

  /**
   * The tool registered itself: a new client id unless the registration updates the last one (then
   * null), its URLs, and where its keys are published. Returns the client id.
   */
  String registered(
      String newClientId,
      String loginUrl,
      String redirectUri,
      String targetLinkUri,
      String jwksUri) {
    if (newClientId != null) {
      clientId = newClientId;
    }
    deploymentId = "1";
    toolLoginUrl = loginUrl;
    toolRedirectUri = redirectUri;
    toolTargetLinkUri = targetLinkUri;
    tokens.trustJwksAt(URI.create(jwksUri));
    return clientId;
  }

  String toolLoginUrl() {
    return toolLoginUrl;
  }

  String toolRedirectUri() {
    return toolRedirectUri;
  }

  String toolTargetLinkUri() {
    return toolTargetLinkUri;
  }

  /** Where the tool lives (set by registration). */
  public void useTool(String toolUrl) {
    toolLoginUrl = toolUrl + "/lti/login";
    toolRedirectUri = toolUrl + "/lti/launch";
    toolTargetLinkUri = toolUrl + "/lti/launch";
  }

  /** The URL Moodle opens when the administrator presses "Add LTI Advantage". */
  public String dynamicRegistrationUrl(String toolRegistrationUrl) {
    String token = "reg-" + UUID.randomUUID();
    registration.expectToken(token);
    return toolRegistrationUrl
        + "?openid_configuration="
        + Exchanges.enc(configurationUrl())
        + "&registration_token="
        + Exchanges.enc(token);
  }

  /** Replaces the signing key with a new one (new kid) and publishes only the new key. */
  public RSAKey rotateKey() {
    return keys.rotate();
  }

  /** A key the platform does not publish. */
  public static RSAKey unpublishedKey() {
    return PlatformKeys.newKey();
  }

  public RSAKey signingKey() {
    return keys.signingKey();
  }

  public String sign(JWTClaimsSet claims) {
    return sign(claims, keys.signingKey());
  }

  public static String sign(JWTClaimsSet claims, RSAKey key) {
    return PlatformKeys.sign(claims, key);
  }

  /** A student's resource link launch with Moodle's defaults; change fields to vary it. */
  public Launch launch() {
    return new Launch();
  }

  /**
   * Runs the whole launch in the browser: the platform's login form, the tool's redirect to the
   * authorization endpoint, the id_token form post, and whatever the tool answers. Returns the page
   * the browser ends on.
   */
  public Page run(WebClient browser, Launch launch) throws IOException {
    String id = "ltilaunch1_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    oidc.expect(id, launch);
    browser.getPage(base + "/mod/lti/launch.php?id=" + id);
    return browser.getCurrentWindow().getEnclosedPage();
  }

  /**
   * Runs the launch inside an iframe of a course page that also holds a postMessage storage frame
   * (LTI client-side OIDC), passing {@code lti_storage_target} at login. Returns the page the
   * tool's iframe ends on.
   */
  public Page runInIframeWithStorage(WebClient browser, Launch launch) throws IOException {
    String id = "ltilaunch1_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    launch.extraLoginParams.put("lti_storage_target", OidcLogin.STORAGE_FRAME);
    oidc.expect(id, launch);
    org.htmlunit.html.HtmlPage course = browser.getPage(base + "/mod/lti/course.php?id=" + id);
    for (int i = 0; i < 50; i++) {
      browser.waitForBackgroundJavaScript(200);
      Page inFrame = course.getFrameByName("tool").getEnclosedPage();
      String path = inFrame.getUrl().getPath();
      if (!path.startsWith("/moodle/") && !path.startsWith("/lti/")) {
        return inFrame;
      }
      if (inFrame.getWebResponse().getStatusCode() >= 400) {
        return inFrame;
      }
    }
    return course.getFrameByName("tool").getEnclosedPage();
  }

  /** The claims Moodle puts in an id_token for this launch. */
  public JWTClaimsSet claims(Launch launch, String nonce) {
    return claims(launch, nonce, Instant.now());
  }

  /**
   * The claims Moodle puts in an id_token for this launch, issued at {@code now} (tests with a
   * fixed clock).
   */
  public JWTClaimsSet claims(Launch launch, String nonce, Instant now) {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(base)
            .audience(clientId)
            .subject(launch.userId)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(60)))
            .claim("nonce", nonce)
            .claim(LTI + "deployment_id", deploymentId)
            .claim(LTI + "message_type", launch.messageType)
            .claim(LTI + "version", "1.3.0")
            .claim(
                LTI + "target_link_uri",
                launch.targetLinkUri != null ? launch.targetLinkUri : toolTargetLinkUri)
            .claim(LTI + "roles", launch.roles)
            .claim(
                LTI + "context",
                Map.of(
                    "id",
                    launch.contextId,
                    "label",
                    "RUN101",
                    "title",
                    launch.contextTitle,
                    "type",
                    List.of("CourseSection")))
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
                    "Fake Moodle",
                    "description",
                    "Fake Moodle"))
            .claim(
                LTI + "launch_presentation",
                Map.of(
                    "locale",
                    "en",
                    "document_target",
                    "window",
                    "return_url",
                    base + "/mod/lti/return.php?course=2&launch_container=4"))
            .claim("given_name", launch.givenName)
            .claim("family_name", launch.familyName)
            .claim("name", launch.givenName + " " + launch.familyName)
            .claim("email", "user" + launch.userId + "@example.edu")
            .claim(
                "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
                Map.of(
                    "context_memberships_url", nrps.membershipsUrl(),
                    "service_versions", List.of("1.0", "2.0")));
    Map<String, Object> custom = new LinkedHashMap<>(launch.custom);
    custom.putIfAbsent("context_memberships_url", nrps.membershipsUrl());
    claims.claim(LTI + "custom", custom);
    if ("LtiDeepLinkingRequest".equals(launch.messageType)) {
      claims.claim(
          "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
          Map.of(
              "deep_link_return_url",
              deepLinkReturn.url() + "?course=2&id=1&sesskey=abc",
              "accept_types",
              List.of("ltiResourceLink"),
              "accept_presentation_document_targets",
              List.of("frame", "iframe", "window"),
              "accept_multiple",
              true,
              "auto_create",
              false));
      claims.claim(
          "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
          Map.of("scope", agsScopes(), "lineitems", ags.lineItemsUrl()));
    } else {
      claims.claim(
          LTI + "resource_link",
          Map.of("id", launch.linkId, "title", launch.linkTitle, "description", ""));
      claims.claim(
          "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
          Map.of(
              "scope", agsScopes(),
              "lineitems", ags.lineItemsUrl(),
              "lineitem", ags.lineItemUrlFor(launch.linkId)));
      claims.claim(
          "https://purl.imsglobal.org/spec/lti-bo/claim/basicoutcome",
          Map.of(
              "lis_result_sourcedid",
              "{\"data\":{\"instanceid\":\""
                  + launch.linkId
                  + "\",\"userid\":\""
                  + launch.userId
                  + "\",\"typeid\":\"1\",\"launchid\":1}}",
              "lis_outcome_service_url",
              outcomes.url()));
    }
    launch.claimsTweak.accept(claims);
    return claims.build();
  }

  private static List<String> agsScopes() {
    return List.of(AgsService.ALL_SCOPES.split(" "));
  }

  /** One launch: who, which link, what kind; every field may be changed by a test. */
  public final class Launch {
    public String userId = "2";
    public String givenName = "Sam";
    public String familyName = "Runner";
    public List<String> roles = List.of(LEARNER);
    public String linkId = "7";
    public String linkTitle = "Week 1";
    public String contextId = "2";
    public String contextTitle = "Running well";
    public String messageType = "LtiResourceLinkRequest";
    public Map<String, Object> custom = new LinkedHashMap<>();
    public String targetLinkUri;

    /** Overrides target_link_uri in the login initiation only. */
    public String loginTargetLinkUri;

    public boolean sendClientId = true;
    public String loginDeploymentId;
    public Map<String, String> extraLoginParams = new LinkedHashMap<>();

    /** Changes the claims before signing. */
    public Consumer<JWTClaimsSet.Builder> claimsTweak = c -> {};

    /** Turns the claims into the id_token; signs with the platform key unless changed. */
    public Function<JWTClaimsSet, String> token = FakePlatform.this::sign;

    /** Replaces the state the platform posts back. */
    public String stateOverride;

    /** Runs with the tool's state just before the id_token is posted back. */
    public Consumer<String> beforePost = state -> {};

    public Launch instructor() {
      roles =
          List.of(
              INSTRUCTOR,
              "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator");
      userId = "3";
      givenName = "Ilse";
      familyName = "Teacher";
      return this;
    }

    public Launch content(String value) {
      custom.put("content", value);
      return this;
    }
  }

  // --- plumbing ---

  private static Map<String, String> query(HttpExchange exchange) {
    return Exchanges.query(exchange);
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    Exchanges.send(exchange, status, body, Map.of("Content-Type", type + "; charset=utf-8"));
  }
}
