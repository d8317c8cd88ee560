package com.recoverylab.grading;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Grade delivery figures in the Prometheus text format: outbox rows by state (shared by every node,
 * read from the database) and this node's delivery outcomes since it started.
 */
public final class GradeMetrics {
  /**
   * How long the counts of delivered and superseded rows may be reused. Those rows only grow and
   * counting them reads every one; a scraper asks every 15-60 s, a load test every few
   * milliseconds.
   */
  static final Duration SETTLED_REUSE = Duration.ofSeconds(30);

  private static final Set<GradeOutbox.Status> WAITING =
      EnumSet.of(GradeOutbox.Status.PENDING, GradeOutbox.Status.FAILED);
  private static final Set<GradeOutbox.Status> SETTLED =
      EnumSet.of(GradeOutbox.Status.DELIVERED, GradeOutbox.Status.SUPERSEDED);

  private final GradeOutboxRepository repository;
  private final String node;
  private final Clock clock;
  private final AtomicReference<SettledCounts> settled = new AtomicReference<>();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong superseded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();

  public GradeMetrics(GradeOutboxRepository repository, String node, Clock clock) {
    this.repository = repository;
    this.node = node;
    this.clock = clock;
  }

  private record SettledCounts(Map<GradeOutbox.Status, Long> counts, Instant countedAt) {}

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
    Map<GradeOutbox.Status, Long> counts = new TreeMap<>(repository.countByStatus(WAITING));
    counts.putAll(settledCounts());
    for (Map.Entry<GradeOutbox.Status, Long> e : counts.entrySet()) {
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

  /**
   * Delivered and superseded rows, recounted when the last count is older than {@link
   * #SETTLED_REUSE}. This node's own deliveries since then show at once in
   * recovery_lab_grade_deliveries_total.
   */
  private Map<GradeOutbox.Status, Long> settledCounts() {
    Instant now = clock.instant();
    SettledCounts last = settled.get();
    if (last == null || last.countedAt().plus(SETTLED_REUSE).isBefore(now)) {
      last = new SettledCounts(repository.countByStatus(SETTLED), now);
      settled.set(last);
    }
    return last.counts();
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
