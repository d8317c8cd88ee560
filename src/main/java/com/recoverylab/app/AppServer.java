package com.recoverylab.app;

import com.recoverylab.store.Database;
import com.recoverylab.web.HealthServlet;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running tool: its Jetty server, the effective configuration (with the real port when 0 was
 * asked for), and everything to stop, in order, when it closes.
 */
public final class AppServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AppServer.class);
  private final Server server;
  private final Config config;
  private final Database database;
  private final List<AutoCloseable> workers;
  private final HealthServlet health;

  AppServer(
      Server server,
      Config config,
      Database database,
      List<AutoCloseable> workers,
      HealthServlet health) {
    this.server = server;
    this.config = config;
    this.database = database;
    this.workers = List.copyOf(workers);
    this.health = health;
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
   * Drains, stops taking requests, lets in-flight ones finish (Jetty's graceful stop), then stops
   * the background workers and closes the pool. Draining: {@code /ready} answers 503 {@code
   * "stopping"} while the node goes on serving for SHUTDOWN_DRAIN_SECONDS, so a load balancer stops
   * sending it requests before Jetty's stop would answer them with 503s (which a load balancer
   * cannot safely resend).
   */
  @Override
  public void close() {
    health.markStopping();
    Duration drain = config.shutdownDrain();
    if (!drain.isZero()) {
      log.info("event=draining seconds={}", drain.toSeconds());
      try {
        Thread.sleep(drain.toMillis());
      } catch (InterruptedException e) {
        // asked to hurry: stop now, and keep the interrupt for the caller
        Thread.currentThread().interrupt();
      }
    }
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
