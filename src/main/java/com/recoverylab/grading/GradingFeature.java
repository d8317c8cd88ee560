package com.recoverylab.grading;

import com.recoverylab.app.Config;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.Feature;
import jakarta.servlet.Servlet;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The grade outbox, its delivery worker and the metrics page.
 *
 * @param outbox where features queue grades and column changes
 */
public record GradingFeature(Map<String, Servlet> servlets, GradeOutbox outbox, Parts parts)
    implements Feature {
  public GradingFeature {
    servlets = Feature.paths(servlets);
  }

  /**
   * What the worker is built from; kept apart since the channels come from features built later.
   */
  record Parts(
      GradeOutboxRepository rows,
      LineItemUpdateRepository columnUpdates,
      GradeMetrics metrics,
      Config.GradeDelivery delivery,
      Clock clock) {}

  /**
   * @param node this node's name, in claims and metrics
   */
  public static GradingFeature create(Jdbc jdbc, Config config, String node, Clock clock) {
    GradeOutboxRepository rows = new GradeOutboxRepository(jdbc);
    GradeMetrics metrics = new GradeMetrics(rows, node, clock);
    return new GradingFeature(
        Map.of(
            "/metrics", new MetricsServlet(metrics, config.metricsToken(), config.metricsOpen())),
        new GradeOutbox(jdbc, rows, clock),
        new Parts(
            rows, new LineItemUpdateRepository(jdbc), metrics, config.gradeDelivery(), clock));
  }

  /**
   * The worker that delivers the outbox through the first channel that serves each row (AGS for LTI
   * 1.3 links, Basic Outcomes for LTI 1.1); not started.
   */
  public GradeDeliveryWorker worker(List<GradeChannel> channels) {
    Config.GradeDelivery delivery = parts.delivery();
    return new GradeDeliveryWorker(
        parts.rows(),
        parts.columnUpdates(),
        channels,
        parts.metrics(),
        new GradeDeliveryWorker.Settings(
            delivery.retryFor(),
            delivery.concurrency(),
            delivery.interval(),
            delivery.backoffBase(),
            delivery.claimFor()),
        parts.clock());
  }
}
