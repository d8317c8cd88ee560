package com.recoverylab.lti.registration;

import com.recoverylab.app.Config;
import com.recoverylab.app.ConfigException;
import com.recoverylab.store.CommandDatabase;
import com.recoverylab.store.StartupException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Makes a one-time invitation to register a platform through dynamic registration. Uses the same
 * settings as the tool (DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD, DATA_DIR, PUBLIC_URL) and
 * prints the registration URL to paste into the platform:
 *
 * <pre>
 * java -cp recovery-lab.jar com.recoverylab.lti.registration.RegistrationInvite --hours=24
 * </pre>
 */
public final class RegistrationInvite {
  static final int DEFAULT_HOURS = 24;
  static final int MAX_HOURS = 24 * 30;

  private RegistrationInvite() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** Runs the command; returns the process exit code (0 done, 2 bad arguments or database). */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    int hours = DEFAULT_HOURS;
    for (String arg : args) {
      if (!arg.startsWith("--hours=")) {
        err.println("registration-invite: unknown argument: " + arg);
        err.println(
            "usage: RegistrationInvite [--hours=N]  (N from 1 to "
                + MAX_HOURS
                + ", default "
                + DEFAULT_HOURS
                + ")");
        return 2;
      }
      try {
        hours = Integer.parseInt(arg.substring("--hours=".length()).trim());
      } catch (NumberFormatException e) {
        hours = -1;
      }
      if (hours < 1 || hours > MAX_HOURS) {
        err.println(
            "registration-invite: --hours must be a whole number from 1 to "
                + MAX_HOURS
                + ", got: "
                + arg.substring("--hours=".length()));
        return 2;
      }
    }
    Config config;
    try {
      config = Config.from(env);
    } catch (ConfigException e) {
      err.println("registration-invite: " + e.getMessage());
      return 2;
    }
    try (CommandDatabase database = CommandDatabase.open(config.database())) {
      RegistrationInvites invites = new RegistrationInvites(database.jdbc(), Clock.systemUTC());
      String token = invites.create(Duration.ofHours(hours));
      out.println("Registration URL (valid once, for " + hours + " hours):");
      out.println(ToolUrls.of(config.publicUrl()).registration() + "/" + token);
      out.println(
          "Paste it into the platform's dynamic registration (Moodle: Manage tools, Tool URL, Add LTI Advantage).");
      return 0;
    } catch (StartupException e) {
      err.println("registration-invite: " + e.getMessage());
      return 2;
    }
  }
}
