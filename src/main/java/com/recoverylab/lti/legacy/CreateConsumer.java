package com.recoverylab.lti.legacy;

import com.recoverylab.app.Config;
import com.recoverylab.app.ConfigException;
import com.recoverylab.store.CommandDatabase;
import com.recoverylab.store.StartupException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Command that creates an LTI 1.1 consumer key and prints its new secret, once. It uses the same
 * settings as the server (DATABASE_URL and friends), so run it where the server runs:
 *
 * <pre>
 * java -cp target/recovery-lab.jar com.recoverylab.lti.legacy.CreateConsumer --key=moodle-main --name="Moodle"
 * </pre>
 */
public final class CreateConsumer {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  private static final String HELP =
      "usage: CreateConsumer --key=<consumer key> [--name=<platform name>]\n"
          + "  creates an LTI 1.1 consumer key with a new secret and prints the secret once;\n"
          + "  reads DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD, DATA_DIR and PUBLIC_URL like the server";

  private CreateConsumer() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** Runs the command and returns its exit code: 0 done, 1 failed, 2 wrong arguments. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Map<String, String> flags = new HashMap<>();
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        out.println(HELP);
        return OK;
      }
      int equals = arg.indexOf('=');
      if (!arg.startsWith("--") || equals < 0) {
        err.println("CreateConsumer: arguments take the form --name=value, got: " + arg);
        err.println(HELP);
        return USAGE;
      }
      String name = arg.substring(2, equals);
      if (!name.equals("key") && !name.equals("name")) {
        err.println("CreateConsumer: unknown argument --" + name + " (known: --key, --name)");
        err.println(HELP);
        return USAGE;
      }
      flags.put(name, arg.substring(equals + 1));
    }
    if (flags.get("key") == null || flags.get("key").isBlank()) {
      err.println("CreateConsumer: --key is required");
      err.println(HELP);
      return USAGE;
    }
    Config config;
    try {
      config = Config.from(env);
    } catch (ConfigException e) {
      err.println("CreateConsumer: " + e.getMessage());
      return USAGE;
    }
    try (CommandDatabase database = CommandDatabase.open(config.database())) {
      Consumers consumers =
          new Consumers(database.jdbc(), Clock.systemUTC(), config.secretSealing());
      NewConsumer created = consumers.create(flags.get("key").strip(), flags.get("name"));
      out.println("Created LTI 1.1 consumer \"" + created.name() + "\".");
      out.println("  Launch URL:    " + config.url("/lti/11/launch"));
      out.println("  Consumer key:  " + created.key());
      out.println("  Shared secret: " + created.secret());
      out.println(
          "Enter these in the platform's external tool settings. The secret is not shown again;");
      out.println("if it is lost, create a new key.");
      return OK;
    } catch (IllegalArgumentException e) {
      err.println("CreateConsumer: " + e.getMessage());
      return FAILED;
    } catch (StartupException e) {
      err.println("CreateConsumer: " + e.getMessage());
      return FAILED;
    }
  }
}
