package com.recoverylab.lti.keys;

import com.recoverylab.app.Config;
import com.recoverylab.app.ConfigException;
import com.recoverylab.store.CommandDatabase;
import com.recoverylab.store.Jdbc;
import com.recoverylab.store.StartupException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The administrator's key rotation command: {@code prepare} publishes the next signing key, {@code
 * activate} makes it sign (the old key stays published for {@link ToolKeys#RETIRED_KEY_LIFETIME}),
 * {@code status} lists the keys. It reads the same settings as the tool (environment variables, or
 * {@code --NAME=value} flags) and opens the same database.
 *
 * <pre>
 * java -cp recovery-lab.jar com.recoverylab.lti.keys.RotateKeys prepare|activate|status [--force]
 * </pre>
 */
public final class RotateKeys {
  /**
   * How long a prepared key must have been published before {@code activate} goes ahead without
   * {@code --force}: platforms cache the tool's JWKS, and a platform that has not seen the new key
   * yet rejects what the tool signs with it (deep-linking responses, service token requests).
   */
  static final Duration MIN_PUBLISHED = Duration.ofHours(1);

  static final String USAGE =
      String.join(
          "\n",
          "usage: RotateKeys prepare|activate|status [--force] [--NAME=value ...]",
          "  prepare   publish a new key in the JWKS without signing with it",
          "  activate  sign with the prepared key; the old key stays published for "
              + ToolKeys.RETIRED_KEY_LIFETIME.toHours()
              + " hours",
          "  status    list the keys and their states",
          "  --force   activate even though the prepared key was published less than "
              + MIN_PUBLISHED.toHours()
              + " hour ago",
          "Settings (DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD, DATA_DIR, ...) are read as the tool reads them.");

  private enum Step {
    PREPARE,
    ACTIVATE,
    STATUS
  }

  private RotateKeys() {}

  public static void main(String[] args) {
    System.exit(
        run(args, Config::fromEnvironmentAndArgs, System.out, System.err, Clock.systemUTC()));
  }

  /**
   * Runs one step and returns the process exit code: 0 done, 1 refused or wrong usage, 2 the
   * settings or the database are unusable (as for the tool's own start).
   */
  static int run(
      String[] args,
      Function<String[], Config> settings,
      PrintStream out,
      PrintStream err,
      Clock clock) {
    Step step = null;
    boolean force = false;
    List<String> settingFlags = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals("--force")) {
        force = true;
      } else if (arg.startsWith("--")) {
        settingFlags.add(arg);
      } else if (step == null && isStep(arg)) {
        step = Step.valueOf(arg.toUpperCase(Locale.ROOT));
      } else {
        err.println("rotate-keys: unknown step or argument: " + arg);
        err.println(USAGE);
        return 1;
      }
    }
    if (step == null) {
      err.println(USAGE);
      return 1;
    }
    if (force && step != Step.ACTIVATE) {
      err.println("rotate-keys: --force applies to activate only");
      return 1;
    }

    Config config;
    try {
      config = settings.apply(settingFlags.toArray(String[]::new));
    } catch (ConfigException e) {
      err.println("rotate-keys: " + e.getMessage());
      return 2;
    }
    try (CommandDatabase database = CommandDatabase.open(config.database())) {
      Jdbc jdbc = database.jdbc();
      Rotation rotation =
          new Rotation(
              new ToolKeys(jdbc, clock, config.secretSealing()),
              new ToolKeyRepository(jdbc, config.secretSealing()),
              clock,
              out,
              err);
      return switch (step) {
        case PREPARE -> rotation.prepare(config);
        case ACTIVATE -> rotation.activate(force);
        case STATUS -> rotation.status();
      };
    } catch (StartupException e) {
      err.println("rotate-keys: " + e.getMessage());
      if (config.databaseUrl().startsWith("jdbc:h2:file:")) {
        // an embedded H2 file is locked by the process that has it open
        err.println(
            "rotate-keys: with the embedded H2 database, stop the tool first, then run this command.");
      }
      return 2;
    }
  }

  private static boolean isStep(String arg) {
    for (Step step : Step.values()) {
      if (step.name().equalsIgnoreCase(arg)) {
        return true;
      }
    }
    return false;
  }

  /** The three steps against an opened database. */
  private record Rotation(
      ToolKeys keys, ToolKeyRepository repository, Clock clock, PrintStream out, PrintStream err) {

    int prepare(Config config) {
      keys.ensureSigningKey();
      Optional<ToolKey> existing = next();
      String kid = keys.prepareNext();
      if (existing.isPresent()) {
        out.println(
            "Key "
                + kid
                + " was already prepared at "
                + format(existing.get().createdAt())
                + "; nothing changed.");
      } else {
        out.println(
            "Prepared key "
                + kid
                + ": published in "
                + config.url("/.well-known/jwks.json")
                + ", not signing yet.");
      }
      Instant ready =
          repository.all().stream()
              .filter(k -> k.kid().equals(kid))
              .findFirst()
              .orElseThrow()
              .createdAt()
              .plus(MIN_PUBLISHED);
      out.println(
          "Next: wait until every platform has fetched the JWKS again (at least its JWKS cache time;"
              + " not before "
              + format(ready)
              + "), then run: RotateKeys activate");
      return 0;
    }

    int activate(boolean force) {
      keys.ensureSigningKey();
      Optional<ToolKey> next = next();
      if (next.isEmpty()) {
        err.println(
            "rotate-keys: there is no prepared key: run prepare first, wait, then activate.");
        return 1;
      }
      Instant now = clock.instant();
      Instant ready = next.get().createdAt().plus(MIN_PUBLISHED);
      if (now.isBefore(ready) && !force) {
        long minutes = Duration.between(next.get().createdAt(), now).toMinutes();
        err.println(
            "rotate-keys: key "
                + next.get().kid()
                + " was published only "
                + minutes
                + " minutes ago; platforms may not have fetched it yet. Activate after "
                + format(ready)
                + ", or add --force if every platform has fetched it.");
        return 1;
      }
      List<ToolKey> before = repository.all();
      String kid = keys.activateNext();
      out.println("Key " + kid + " signs from now on.");
      for (ToolKey old : before) {
        if (old.status() == ToolKey.Status.CURRENT) {
          out.println(
              "Key "
                  + old.kid()
                  + " no longer signs; it stays published until "
                  + format(now.plus(ToolKeys.RETIRED_KEY_LIFETIME))
                  + ".");
        }
      }
      out.println("Running nodes pick the new key up within a minute.");
      return 0;
    }

    int status() {
      List<ToolKey> all = repository.all();
      if (all.isEmpty()) {
        out.println("No keys yet: the tool creates its first signing key when it starts.");
        return 0;
      }
      Instant now = clock.instant();
      out.println(
          String.format(
              Locale.ROOT,
              "%-36s  %-8s  %-20s  %-20s  %s",
              "kid",
              "state",
              "created",
              "activated",
              "published"));
      for (ToolKey key : all) {
        String published =
            switch (key.status()) {
              case NEXT, CURRENT -> "yes";
              case RETIRED ->
                  key.retireAfter().isAfter(now)
                      ? "until " + format(key.retireAfter())
                      : "no (expired)";
            };
        out.println(
            String.format(
                Locale.ROOT,
                "%-36s  %-8s  %-20s  %-20s  %s",
                key.kid(),
                key.status(),
                format(key.createdAt()),
                key.activatedAt() == null ? "-" : format(key.activatedAt()),
                published));
      }
      next()
          .ifPresent(
              k ->
                  out.println(
                      "A prepared key is waiting: run activate after "
                          + format(k.createdAt().plus(MIN_PUBLISHED))
                          + "."));
      return 0;
    }

    private Optional<ToolKey> next() {
      return repository.all().stream().filter(k -> k.status() == ToolKey.Status.NEXT).findFirst();
    }

    private static String format(Instant instant) {
      return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
  }
}
