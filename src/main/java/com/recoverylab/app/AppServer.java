package com.recoverylab.app;

import com.recoverylab.store.Database;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running tool: its Jetty server, the effective configuration (with the real port when 0
 * was asked for), and everything to stop, in order, when it closes.
 */
public final class AppServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AppServer.class);
  private final Server server;
  private final Config config;
  private final Database database;
  private final List<AutoCloseable> workers;

  AppServer(Server server, Config config, Database database, List<AutoCloseable> workers) {
    this.server = server;
    this.config = config;
    this.database = database;
    this.workers = List.copyOf(workers);
  }

  public Config config() {
    return config;
  }

  /** The public base URL, for example {@code http://localhost:8080}. */
  public URI url() {
    return config.publicUrl();
  }

  public int port() {
    return config.port();
  }

  public Database database() {
    return database;
  }

  public void join() throws InterruptedException {
    server.join();
  }

  /**
   * Stops taking requests, lets in-flight ones finish (Jetty's graceful stop), then stops the
   * background workers and closes the pool.
   */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("event=stop_failed part=jetty", e);
    }
    List<AutoCloseable> reversed = new ArrayList<>(workers);
    java.util.Collections.reverse(reversed);
    for (AutoCloseable worker : reversed) {
      try {
        worker.close();
      } catch (Exception e) {
        log.warn("event=stop_failed part={}", worker.getClass().getSimpleName(), e);
      }
    }
    database.close();
    log.info("event=stopped");
  }
}
