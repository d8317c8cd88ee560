package com.recoverylab.lti.registration;

import com.recoverylab.app.Config;
import com.recoverylab.app.ConfigException;
import com.recoverylab.store.CommandDatabase;
import com.recoverylab.store.StartupException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Registers a platform by hand, for platforms without dynamic registration. Uses the same database
 * settings as the tool (DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD, DATA_DIR):
 *
 * <pre>
 * java -cp recovery-lab.jar com.recoverylab.lti.registration.RegisterPlatform \
 *   --issuer=https://moodle.example.edu --client-id=AbC123 \
 *   --auth=https://moodle.example.edu/mod/lti/auth.php \
 *   --token=https://moodle.example.edu/mod/lti/token.php \
 *   --jwks=https://moodle.example.edu/mod/lti/certs.php --deployment=1
 * </pre>
 *
 * Running it again with the same issuer and client id updates the endpoints and adds deployments.
 */
public final class RegisterPlatform {
  private static final Set<String> FLAGS =
      Set.of("issuer", "client-id", "auth", "token", "jwks", "deployment", "name");

  private RegisterPlatform() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** Runs the command; returns the process exit code (0 done, 2 bad arguments or database). */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Map<String, String> flags = new HashMap<>();
    List<String> deployments = new ArrayList<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String name = arg.startsWith("--") && eq > 2 ? arg.substring(2, eq) : null;
      if (name == null || !FLAGS.contains(name)) {
        err.println("register-platform: unknown argument: " + arg);
        err.println(usage());
        return 2;
      }
      String value = arg.substring(eq + 1).trim();
      if ("deployment".equals(name)) {
        for (String id : value.split(",")) {
          if (!id.isBlank()) {
            deployments.add(id.trim());
          }
        }
      } else {
        flags.put(name, value);
      }
    }
    for (String required : List.of("issuer", "client-id", "auth", "jwks")) {
      if (flags.getOrDefault(required, "").isBlank()) {
        err.println("register-platform: --" + required + "= is required");
        err.println(usage());
        return 2;
      }
    }
    for (String url : List.of("issuer", "auth", "token", "jwks")) {
      String value = flags.get(url);
      if (value != null && !value.isBlank() && !isHttpUrl(value)) {
        err.println("register-platform: --" + url + " must be an http(s) URL, got: " + value);
        return 2;
      }
    }
    if (deployments.isEmpty()) {
      err.println(
          "register-platform: --deployment= is required (the deployment id the platform shows; several may be"
              + " given separated by commas)");
      return 2;
    }
    Config config;
    try {
      config = Config.from(env);
    } catch (ConfigException e) {
      err.println("register-platform: " + e.getMessage());
      return 2;
    }
    try (CommandDatabase database = CommandDatabase.open(config.database())) {
      PlatformRepository platforms = new PlatformRepository(database.jdbc());
      Platform platform =
          platforms.register(
              new Platform(
                  0,
                  flags.get("issuer"),
                  flags.get("client-id"),
                  flags.get("name"),
                  flags.get("auth"),
                  blankToNull(flags.get("token")),
                  flags.get("jwks")),
              deployments,
              Instant.now());
      ToolUrls urls = ToolUrls.of(config.publicUrl());
      out.println(
          "Registered platform "
              + platform.id()
              + ": "
              + platform.issuer()
              + " client id "
              + platform.clientId()
              + ", deployments "
              + platforms.deployments(platform.id()));
      out.println(
          "Enter these in the platform: login "
              + urls.login()
              + ", redirect "
              + urls.launch()
              + ", JWKS "
              + urls.jwks()
              + ", domain "
              + urls.domain());
      return 0;
    } catch (StartupException e) {
      err.println("register-platform: " + e.getMessage());
      return 2;
    }
  }

  private static boolean isHttpUrl(String value) {
    try {
      URI uri = new URI(value);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static String usage() {
    return "usage: RegisterPlatform --issuer=URL --client-id=ID --auth=URL --jwks=URL --deployment=ID[,ID]"
        + " [--token=URL] [--name=TEXT]";
  }
}
