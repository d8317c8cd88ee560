package com.recoverylab.app;

import com.recoverylab.lti.launch.UnboundLaunch;
import com.recoverylab.store.DatabaseAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The validated start-up settings. Every value comes from an environment variable (or the
 * command-line flag of the same name); a bad value stops the start with a message that names the
 * setting and the accepted form.
 */
public record Config(
    int port,
    String bindAddress,
    URI publicUrl,
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    Path dataDir,
    Optional<Path> contentDir,
    boolean sandbox,
    String frameAncestors,
    boolean devMode,
    Optional<AdminToken> adminToken,
    GradeDelivery gradeDelivery,
    java.time.Duration shutdownDrain,
    Registration registration,
    Optional<AdminToken> metricsToken,
    boolean metricsOpen,
    java.time.Duration sessionIdle,
    Optional<EncryptionKey> keyEncryptionKey,
    Optional<EncryptionKey> previousKeyEncryptionKey,
    UnboundLaunch unboundLaunch) {

  public Config {
    if (port < 0 || port > 65535) {
      throw new ConfigException("PORT must be a number from 0 to 65535, got: " + port);
    }
    if (publicUrl.getPath() != null && publicUrl.getPath().endsWith("/")) {
      throw new ConfigException("PUBLIC_URL must not end in /: " + publicUrl);
    }
  }

  /** Reads the settings from environment-style variables, with defaults for a laptop. */
  public static Config from(Map<String, String> env) {
    int port = parsePort(env.getOrDefault("PORT", "8080"));
    URI publicUrl = parsePublicUrl(env.get("PUBLIC_URL"), port);
    Path dataDir = Path.of(env.getOrDefault("DATA_DIR", "./data")).toAbsolutePath().normalize();
    String databaseUrl = env.get("DATABASE_URL");
    if (databaseUrl == null || databaseUrl.isBlank()) {
      databaseUrl = "jdbc:h2:file:" + dataDir.resolve("recovery-lab") + ";DB_CLOSE_ON_EXIT=FALSE";
    } else if (!databaseUrl.startsWith("jdbc:postgresql:") && !databaseUrl.startsWith("jdbc:h2:")) {
      throw new ConfigException(
          "DATABASE_URL must be a JDBC URL starting with jdbc:postgresql: or jdbc:h2:, got: "
              + redact(databaseUrl));
    }
    Optional<Path> contentDir = parseContentDir(env.get("CONTENT_DIR"));
    boolean local = isLocal(publicUrl);
    boolean sandbox = parseBoolean("SANDBOX", env.get("SANDBOX"), local);
    boolean devMode = parseBoolean("DEV_MODE", env.get("DEV_MODE"), false);
    String frameAncestors = env.getOrDefault("FRAME_ANCESTORS", "*").trim();
    if (frameAncestors.isEmpty() || frameAncestors.matches(".*[;,\"'\\r\\n].*")) {
      throw new ConfigException(
          "FRAME_ANCESTORS must be a space-separated CSP source list such as '*' or"
              + " 'https://moodle.example.edu', got: "
              + frameAncestors);
    }
    String bindAddress = env.getOrDefault("BIND_ADDRESS", local ? "127.0.0.1" : "0.0.0.0").trim();
    if (!bindAddress.matches("[0-9A-Za-z.:\\-]+")) {
      throw new ConfigException(
          "BIND_ADDRESS must be an IP address or host name such as 0.0.0.0, got: " + bindAddress);
    }
    return new Config(
        port,
        bindAddress,
        publicUrl,
        databaseUrl,
        env.getOrDefault("DATABASE_USER", ""),
        env.getOrDefault("DATABASE_PASSWORD", ""),
        dataDir,
        contentDir,
        sandbox,
        frameAncestors,
        devMode,
        parseAdminToken(env.get("ADMIN_TOKEN")),
        GradeDelivery.from(env),
        parseShutdownDrain(env.get("SHUTDOWN_DRAIN_SECONDS")),
        Registration.from(env, local),
        parseToken("METRICS_TOKEN", env.get("METRICS_TOKEN")),
        parseBoolean("METRICS_OPEN", env.get("METRICS_OPEN"), local),
        parseSessionIdle(env.get("SESSION_IDLE_MINUTES")),
        EncryptionKey.parse("KEY_ENCRYPTION_KEY", env.get("KEY_ENCRYPTION_KEY")),
        EncryptionKey.parse("KEY_ENCRYPTION_KEY_PREVIOUS", env.get("KEY_ENCRYPTION_KEY_PREVIOUS")),
        parseUnboundLaunch(env.get("UNBOUND_LAUNCH")));
  }

  /** Environment variables, overridden by {@code --NAME=value} flags. */
  public static Config fromEnvironmentAndArgs(String[] args) {
    Map<String, String> env = new HashMap<>(System.getenv());
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new ConfigException(
            "flags take the form --NAME=value (for example --PORT=9000), got: " + arg);
      }
      String name = arg.substring(2, arg.indexOf('=')).toUpperCase(Locale.ROOT).replace('-', '_');
      env.put(name, arg.substring(arg.indexOf('=') + 1));
    }
    return from(env);
  }

  /** The same settings with another port and public URL; tests use it for port 0. */
  public Config withPort(int newPort, URI newPublicUrl) {
    return new Config(
        newPort,
        bindAddress,
        newPublicUrl,
        databaseUrl,
        databaseUser,
        databasePassword,
        dataDir,
        contentDir,
        sandbox,
        frameAncestors,
        devMode,
        adminToken,
        gradeDelivery,
        shutdownDrain,
        registration,
        metricsToken,
        metricsOpen,
        sessionIdle,
        keyEncryptionKey,
        previousKeyEncryptionKey,
        unboundLaunch);
  }

  /**
   * Sealing of the secrets kept in the database, with KEY_ENCRYPTION_KEY (and the previous key).
   */
  public com.recoverylab.store.SecretSealing secretSealing() {
    return new com.recoverylab.store.SecretSealing(
        keyEncryptionKey.map(EncryptionKey::bytes),
        previousKeyEncryptionKey.map(EncryptionKey::bytes));
  }

  /** True when PUBLIC_URL names this machine (a laptop or a test), where defaults stay open. */
  public boolean isLocal() {
    return isLocal(publicUrl);
  }

  public boolean usesPostgres() {
    return databaseUrl.startsWith("jdbc:postgresql:");
  }

  /** The database URL with any password parameter hidden, for logs and error messages. */
  public String databaseUrlForDisplay() {
    return redact(databaseUrl);
  }

  /** The database to open, for the server and for every command. */
  public DatabaseAddress database() {
    return new DatabaseAddress(
        databaseUrl, databaseUser, databasePassword, databaseUrlForDisplay());
  }

  /** The tool's own absolute URL for a path such as {@code /lti/launch}. */
  public String url(String path) {
    return publicUrl + path;
  }

  static String redact(String jdbcUrl) {
    return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new ConfigException("PORT must be a number from 0 to 65535, got: " + value);
    }
  }

  private static URI parsePublicUrl(String value, int port) {
    if (value == null || value.isBlank()) {
      return URI.create("http://localhost:" + port);
    }
    String trimmed = value.trim().replaceAll("/+$", "");
    try {
      URI uri = new URI(trimmed);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null
          || uri.getQuery() != null
          || uri.getFragment() != null) {
        throw new URISyntaxException(trimmed, "not an absolute http(s) URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException(
          "PUBLIC_URL must be an absolute http:// or https:// URL without query, such as"
              + " https://recovery.example.edu, got: "
              + value);
    }
  }

  private static Optional<Path> parseContentDir(String value) {
    if (value != null && !value.isBlank()) {
      Path dir = Path.of(value.trim()).toAbsolutePath().normalize();
      if (!Files.isDirectory(dir.resolve("lessons"))
          || !Files.isDirectory(dir.resolve("quizzes"))) {
        throw new ConfigException(
            "CONTENT_DIR must be a folder holding lessons/ and quizzes/, got: " + value);
      }
      return Optional.of(dir);
    }
    Path here = Path.of("").toAbsolutePath();
    if (Files.isDirectory(here.resolve("lessons")) && Files.isDirectory(here.resolve("quizzes"))) {
      return Optional.of(here);
    }
    return Optional.empty();
  }

  private static boolean parseBoolean(String name, String value, boolean fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "on", "yes", "1":
        return true;
      case "false", "off", "no", "0":
        return false;
      default:
        throw new ConfigException(name + " must be true or false, got: " + value);
    }
  }

  // legacy: ADMIN_TOKEN
  /**
   * The credential for the tool's few administrator pages (the LTI 1.1 consumer list). The tool has
   * no administrator login, so these pages exist only when ADMIN_TOKEN is set and answer only
   * requests that present it.
   */
  public record AdminToken(String value) {
    static final int MIN_LENGTH = 20;

    public AdminToken {
      check("ADMIN_TOKEN", value);
    }

    static void check(String name, String value) {
      if (value == null || value.length() < MIN_LENGTH || !value.matches("[\\x21-\\x7e]+")) {
        throw new ConfigException(
            name
                + " must be at least "
                + MIN_LENGTH
                + " printable characters without spaces (for example the output of: openssl rand -base64 30)");
      }
    }

    /** Compares in constant time, so timing does not reveal how much of a guess was right. */
    public boolean matches(String candidate) {
      return candidate != null
          && java.security.MessageDigest.isEqual(
              value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
              candidate.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Never prints the token itself. */
    @Override
    public String toString() {
      return "AdminToken[***]";
    }
  }

  private static Optional<AdminToken> parseAdminToken(String value) {
    return value == null || value.isBlank()
        ? Optional.empty()
        : Optional.of(new AdminToken(value.trim()));
  }

  /** A bearer token of the same form as ADMIN_TOKEN for another purpose (METRICS_TOKEN). */
  private static Optional<AdminToken> parseToken(String name, String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    AdminToken.check(name, value.trim());
    return Optional.of(new AdminToken(value.trim()));
  }

  // legacy end

  private static boolean isLocal(URI url) {
    String host = url.getHost();
    return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
  }

  /** UNBOUND_LAUNCH: new-window (the default), frame or refuse. */
  private static UnboundLaunch parseUnboundLaunch(String value) {
    if (value == null || value.isBlank()) {
      return UnboundLaunch.NEW_WINDOW;
    }
    return UnboundLaunch.fromWord(value)
        .orElseThrow(
            () ->
                new ConfigException(
                    "UNBOUND_LAUNCH must be new-window, frame or refuse, got: " + value));
  }

  /**
   * Who may register the tool through dynamic registration (REGISTRATION,
   * REGISTRATION_ALLOWED_HOSTS, REGISTRATION_PRIVATE_ADDRESSES). On a public URL the default needs
   * an invitation link made by the operator, so nobody else can make the tool fetch addresses of
   * their choosing or store platforms.
   *
   * @param open anyone who knows the address may register a platform (REGISTRATION=open)
   * @param allowedHosts platform hosts that may register without an invitation
   * @param privateAddresses whether loopback, private and link-local addresses may be fetched
   */
  public record Registration(
      boolean open, java.util.Set<String> allowedHosts, boolean privateAddresses) {
    public Registration {
      allowedHosts = java.util.Set.copyOf(allowedHosts);
    }

    static Registration from(Map<String, String> env, boolean local) {
      String mode = env.getOrDefault("REGISTRATION", "").trim().toLowerCase(Locale.ROOT);
      boolean open;
      switch (mode) {
        case "" -> open = local;
        case "open" -> open = true;
        case "invite" -> open = false;
        default -> throw new ConfigException("REGISTRATION must be invite or open, got: " + mode);
      }
      java.util.Set<String> hosts = new java.util.HashSet<>();
      for (String host : env.getOrDefault("REGISTRATION_ALLOWED_HOSTS", "").split(",")) {
        String trimmed = host.trim().toLowerCase(Locale.ROOT);
        if (trimmed.isEmpty()) {
          continue;
        }
        if (!trimmed.matches("[a-z0-9.\\-]+")) {
          throw new ConfigException(
              "REGISTRATION_ALLOWED_HOSTS must be host names separated by commas, such as"
                  + " moodle.example.edu,canvas.example.edu, got: "
                  + host.trim());
        }
        hosts.add(trimmed);
      }
      return new Registration(
          open,
          hosts,
          parseBoolean(
              "REGISTRATION_PRIVATE_ADDRESSES", env.get("REGISTRATION_PRIVATE_ADDRESSES"), local));
    }
  }

  static final int MAX_SESSION_IDLE_MINUTES = 24 * 60;

  /** SESSION_IDLE_MINUTES: a session unused this long ends (default two hours). */
  private static java.time.Duration parseSessionIdle(String value) {
    if (value == null || value.isBlank()) {
      return java.time.Duration.ofHours(2);
    }
    try {
      int minutes = Integer.parseInt(value.trim());
      if (minutes < 1 || minutes > MAX_SESSION_IDLE_MINUTES) {
        throw new NumberFormatException();
      }
      return java.time.Duration.ofMinutes(minutes);
    } catch (NumberFormatException e) {
      throw new ConfigException(
          "SESSION_IDLE_MINUTES must be a whole number of minutes from 1 to "
              + MAX_SESSION_IDLE_MINUTES
              + ", got: "
              + value);
    }
  }

  /**
   * KEY_ENCRYPTION_KEY: 32 random bytes in base64 (openssl rand -base64 32) that encrypt the tool's
   * private keys and LTI 1.1 secrets in the database. Never printed.
   */
  public record EncryptionKey(byte[] bytes) {
    static Optional<EncryptionKey> parse(String name, String value) {
      if (value == null || value.isBlank()) {
        return Optional.empty();
      }
      byte[] bytes;
      try {
        bytes = java.util.Base64.getDecoder().decode(value.trim());
      } catch (IllegalArgumentException e) {
        bytes = new byte[0];
      }
      if (bytes.length != 32) {
        throw new ConfigException(
            name
                + " must be 32 bytes in base64 (for example the output of:"
                + " openssl rand -base64 32)");
      }
      return Optional.of(new EncryptionKey(bytes));
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof EncryptionKey key
          && java.security.MessageDigest.isEqual(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "EncryptionKey[***]";
    }
  }

  // <multinode>
  /** Longest drain accepted: orchestrators kill a node that takes much longer to stop. */
  static final int MAX_SHUTDOWN_DRAIN_SECONDS = 120;

  /**
   * SHUTDOWN_DRAIN_SECONDS: how long a stopping node keeps serving while {@code /ready} already
   * answers 503, so load balancers take it out of rotation before Jetty's graceful stop turns new
   * requests away with 503s they cannot resend. 0 (the default) suits a single local node; behind a
   * load balancer use at least its health-check interval.
   */
  private static java.time.Duration parseShutdownDrain(String value) {
    if (value == null || value.isBlank()) {
      return java.time.Duration.ZERO;
    }
    try {
      int seconds = Integer.parseInt(value.trim());
      if (seconds < 0 || seconds > MAX_SHUTDOWN_DRAIN_SECONDS) {
        throw new NumberFormatException();
      }
      return java.time.Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      throw new ConfigException(
          "SHUTDOWN_DRAIN_SECONDS must be a whole number of seconds from 0 to "
              + MAX_SHUTDOWN_DRAIN_SECONDS
              + ", got: "
              + value);
    }
  }

  // </multinode>

  // <grading>
  /**
   * How grades travel to platforms: the retry window, the worker's pace and parallelism, and the
   * timeouts that bound one delivery (its claim must outlast them).
   *
   * @param retryFor how long after a grade was queued the tool keeps trying (GRADE_RETRY_HOURS)
   * @param concurrency deliveries in flight at once on this node (GRADE_DELIVERY_CONCURRENCY)
   * @param interval pause between looks for due grades (GRADE_WORKER_INTERVAL_MS)
   * @param backoffBase first wait after a passing failure, doubled per try (GRADE_BACKOFF_BASE_MS)
   * @param httpTimeout timeout of one call to a platform (GRADE_HTTP_TIMEOUT_MS)
   * @param claimFor how long a node holds a row it sends (GRADE_CLAIM_SECONDS)
   */
  public record GradeDelivery(
      java.time.Duration retryFor,
      int concurrency,
      java.time.Duration interval,
      java.time.Duration backoffBase,
      java.time.Duration httpTimeout,
      java.time.Duration claimFor) {

    /** Calls one delivery may make: token, line item lookup and creation, score, and a retry. */
    static final int CALLS_PER_DELIVERY = 6;

    public GradeDelivery {
      if (claimFor.compareTo(httpTimeout.multipliedBy(CALLS_PER_DELIVERY)) <= 0) {
        throw new ConfigException(
            "GRADE_CLAIM_SECONDS must be longer than "
                + CALLS_PER_DELIVERY
                + " x GRADE_HTTP_TIMEOUT_MS ("
                + httpTimeout.multipliedBy(CALLS_PER_DELIVERY).toSeconds()
                + " s), so a slow delivery keeps its claim, got: "
                + claimFor.toSeconds());
      }
    }

    static GradeDelivery from(Map<String, String> env) {
      return new GradeDelivery(
          java.time.Duration.ofHours(parseWhole(env, "GRADE_RETRY_HOURS", 168, 1, 24 * 365)),
          (int) parseWhole(env, "GRADE_DELIVERY_CONCURRENCY", 8, 1, 64),
          java.time.Duration.ofMillis(
              parseWhole(env, "GRADE_WORKER_INTERVAL_MS", 2000, 10, 3_600_000)),
          java.time.Duration.ofMillis(parseWhole(env, "GRADE_BACKOFF_BASE_MS", 5000, 1, 3_600_000)),
          java.time.Duration.ofMillis(
              parseWhole(env, "GRADE_HTTP_TIMEOUT_MS", 20_000, 100, 300_000)),
          java.time.Duration.ofSeconds(parseWhole(env, "GRADE_CLAIM_SECONDS", 300, 1, 86_400)));
    }

    private static long parseWhole(
        Map<String, String> env, String name, long fallback, long min, long max) {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        return fallback;
      }
      try {
        long parsed = Long.parseLong(value.trim());
        if (parsed < min || parsed > max) {
          throw new NumberFormatException();
        }
        return parsed;
      } catch (NumberFormatException e) {
        throw new ConfigException(
            name + " must be a whole number from " + min + " to " + max + ", got: " + value);
      }
    }
  }
  // </grading>
}
