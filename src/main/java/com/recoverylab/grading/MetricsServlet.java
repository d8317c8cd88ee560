package com.recoverylab.grading;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /metrics}: grade delivery figures for Prometheus. */
public final class MetricsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient GradeMetrics metrics;

  public MetricsServlet(GradeMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("text/plain; version=0.0.4; charset=utf-8");
    response.getWriter().write(metrics.render());
  }
}
