package com.recoverylab.web;

import com.recoverylab.store.Database;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * {@code /health}: the process answers. {@code /ready}: and its database answers too, and the node
 * is not stopping (a stopping node drains: it still serves, but load balancers should send it
 * nothing new).
 */
public final class HealthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient Database database;
  private volatile boolean stopping;

  public HealthServlet(Database database) {
    this.database = database;
  }

  /** From now on {@code /ready} answers 503 {@code "stopping"}; {@code /health} stays up. */
  public void markStopping() {
    stopping = true;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setHeader("Cache-Control", "no-store");
    if ("/health".equals(request.getServletPath())) {
      Json.write(response, Map.of("status", "up"));
      return;
    }
    if (stopping) {
      response.setStatus(503);
      Json.write(response, Map.of("status", "stopping"));
      return;
    }
    boolean reachable = database.isReachable();
    response.setStatus(reachable ? 200 : 503);
    if (!reachable) {
      response.setHeader("Retry-After", "5");
    }
    Json.write(
        response,
        Map.of(
            "status", reachable ? "ready" : "unavailable", "database", reachable ? "up" : "down"));
  }
}
