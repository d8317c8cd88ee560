package com.recoverylab.testing;

import com.recoverylab.app.App;
import com.recoverylab.app.AppServer;
import com.recoverylab.app.Config;
import com.recoverylab.content.ContentLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.htmlunit.WebClient;

/**
 * Starts the real tool on a random loopback port through {@link App#newServer}, with a fresh
 * database, and always stops it.
 */
public final class TestServer {
  private TestServer() {}

  /** Settings for a test server; add or replace entries to change one thing. */
  public static Map<String, String> settings(TestDatabases.TestDatabase database) {
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.put("PUBLIC_URL", "http://127.0.0.1:0");
    env.put("BIND_ADDRESS", "127.0.0.1");
    env.put("DATABASE_URL", database.url());
    env.put("DATABASE_USER", database.user());
    env.put("DATABASE_PASSWORD", database.password());
    try {
      Path dataDir = Files.createTempDirectory("recovery-lab-data");
      env.put("DATA_DIR", dataDir.toString());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    env.put("CONTENT_DIR", Path.of("").toAbsolutePath().toString());
    return env;
  }

  public static AppServer start(Map<String, String> settings) {
    return App.newServer(Config.from(settings));
  }

  /** Starts with the given content instead of the content folder's. */
  public static AppServer start(Map<String, String> settings, ContentLibrary content) {
    return App.newServer(Config.from(settings), () -> content);
  }

  /** Starts with the given content, spaced review running on {@code reviewClock}. */
  public static AppServer start(
      Map<String, String> settings, ContentLibrary content, java.time.Clock reviewClock) {
    return App.newServer(Config.from(settings), () -> content, reviewClock);
  }

  public static AppServer start() {
    return start(settings(TestDatabases.h2()));
  }

  /** Runs the test against a started server and stops it afterwards, pass or fail. */
  public static void with(Map<String, String> settings, Consumer<AppServer> test) {
    try (AppServer server = start(settings)) {
      test.accept(server);
    }
  }

  /** A browser like the ones students use: JavaScript on, error statuses returned as pages. */
  public static WebClient browser() {
    WebClient client = new WebClient();
    client.getOptions().setThrowExceptionOnFailingStatusCode(false);
    client.getOptions().setThrowExceptionOnScriptError(true);
    client.getOptions().setCssEnabled(false);
    client.getOptions().setRedirectEnabled(true);
    return client;
  }
}
