package com.recoverylab.grading;

import com.recoverylab.app.Config.AdminToken;
import com.recoverylab.web.HttpError;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code GET /metrics}: grade delivery figures for Prometheus. With METRICS_TOKEN set, only
 * requests with {@code Authorization: Bearer <token>} see them; without it they are open only where
 * METRICS_OPEN is on (by default on a local PUBLIC_URL) and do not exist elsewhere.
 */
public final class MetricsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient GradeMetrics metrics;
  private final transient Optional<AdminToken> token;
  private final boolean open;

  public MetricsServlet(GradeMetrics metrics, Optional<AdminToken> token, boolean open) {
    this.metrics = metrics;
    this.token = token;
    this.open = open;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setHeader("Cache-Control", "no-store");
    if (token.isPresent()) {
      String authorization = request.getHeader("Authorization");
      String presented =
          authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
              ? authorization.substring(7).strip()
              : null;
      if (!token.get().matches(presented)) {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
        throw HttpError.unauthorized("grading.metrics.token");
      }
    } else if (!open) {
      throw HttpError.notFound("error.404");
    }
    response.setContentType("text/plain; version=0.0.4; charset=utf-8");
    response.getWriter().write(metrics.render());
  }
}
