package com.recoverylab.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * One machine-readable result line per operation, for scripts that compare runs: {@code PERF
 * op=launch db=h2 users=50 runs=1 tool_cpu_ms=2.91 jit_cpu_ms=0.40 pg_cpu_ms=- ops_per_s=131.0
 * p50_ms=359.0 p99_ms=783.0}. CPU is per operation ({@code jit_cpu_ms}: the part of the tool's that
 * its JIT compiler threads spent); {@code -} stands for "not measured" (PostgreSQL CPU on H2,
 * latencies of grade delivery).
 */
record PerfLine(
    String operation,
    String database,
    int users,
    int runs,
    double toolCpuMs,
    double jitCpuMs,
    double postgresCpuMs,
    double opsPerSecond,
    double p50Ms,
    double p99Ms) {

  PerfLine {
    if (operation.isBlank() || operation.contains(" ")) {
      throw new IllegalArgumentException("operation must be one word: " + operation);
    }
  }

  static PerfLine of(String operation, String database, PhaseResult r) {
    return new PerfLine(
        operation,
        database,
        r.users(),
        1,
        r.toolCpuMillisPerOperation(),
        r.jitCpuMillisPerOperation(),
        r.postgresCpuMillisPerOperation(),
        r.opsPerSecond(),
        r.percentileMillis(50),
        r.percentileMillis(99));
  }

  /** The median of each figure over runs of the same operation (not one run's line). */
  static PerfLine median(List<PerfLine> runs) {
    PerfLine first = runs.get(0);
    return new PerfLine(
        first.operation(),
        first.database(),
        first.users(),
        runs.size(),
        median(runs, PerfLine::toolCpuMs),
        median(runs, PerfLine::jitCpuMs),
        median(runs, PerfLine::postgresCpuMs),
        median(runs, PerfLine::opsPerSecond),
        median(runs, PerfLine::p50Ms),
        median(runs, PerfLine::p99Ms));
  }

  /** Key that identifies the same measurement across runs. */
  String key() {
    return operation + "@" + users;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "PERF op=%s db=%s users=%d runs=%d tool_cpu_ms=%s jit_cpu_ms=%s pg_cpu_ms=%s ops_per_s=%s p50_ms=%s p99_ms=%s",
        operation,
        database,
        users,
        runs,
        figure(toolCpuMs, 3),
        figure(jitCpuMs, 3),
        figure(postgresCpuMs, 3),
        figure(opsPerSecond, 1),
        figure(p50Ms, 1),
        figure(p99Ms, 1));
  }

  private static double median(List<PerfLine> runs, ToDoubleFunction<PerfLine> figure) {
    return Spread.of(runs.stream().mapToDouble(figure).filter(v -> !Double.isNaN(v)).toArray())
        .median();
  }

  private static String figure(double value, int decimals) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
