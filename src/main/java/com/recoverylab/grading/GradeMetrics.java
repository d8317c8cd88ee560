package com.recoverylab.grading;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Grade delivery figures in the Prometheus text format: outbox rows by state (shared by every node,
 * read from the database) and this node's delivery outcomes since it started.
 */
public final class GradeMetrics {
  private final GradeOutboxRepository repository;
  private final String node;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong superseded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();

  public GradeMetrics(GradeOutboxRepository repository, String node) {
    this.repository = repository;
    this.node = node;
  }

  public String node() {
    return node;
  }

  void delivered() {
    delivered.incrementAndGet();
  }

  void superseded() {
    superseded.incrementAndGet();
  }

  void failed() {
    failed.incrementAndGet();
  }

  void retried() {
    retries.incrementAndGet();
  }

  /** The metrics page (text/plain; version=0.0.4). */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append(
        "# HELP recovery_lab_grades Grades in the outbox by delivery state, across all nodes.\n");
    out.append("# TYPE recovery_lab_grades gauge\n");
    for (Map.Entry<GradeOutbox.Status, Long> e : repository.countByStatus().entrySet()) {
      out.append("recovery_lab_grades{status=\"")
          .append(e.getKey().name().toLowerCase(Locale.ROOT))
          .append("\"} ")
          .append(e.getValue())
          .append('\n');
    }
    String label = "node=\"" + node.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    out.append(
        "# HELP recovery_lab_grade_retries_total Delivery tries this node will repeat later.\n");
    out.append("# TYPE recovery_lab_grade_retries_total counter\n");
    out.append("recovery_lab_grade_retries_total{")
        .append(label)
        .append("} ")
        .append(retries.get())
        .append('\n');
    out.append(
        "# HELP recovery_lab_grade_deliveries_total Deliveries this node finished, by outcome.\n");
    out.append("# TYPE recovery_lab_grade_deliveries_total counter\n");
    outcome(out, label, "delivered", delivered.get());
    outcome(out, label, "superseded", superseded.get());
    outcome(out, label, "failed", failed.get());
    return out.toString();
  }

  private static void outcome(StringBuilder out, String label, String outcome, long value) {
    out.append("recovery_lab_grade_deliveries_total{")
        .append(label)
        .append(",outcome=\"")
        .append(outcome)
        .append("\"} ")
        .append(value)
        .append('\n');
  }
}
