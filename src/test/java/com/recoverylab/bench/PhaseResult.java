package com.recoverylab.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one load phase measured: completed operations (a launch, a submission or one ceiling
 * request), the tool requests they took, latencies of whole operations, and errors.
 */
record PhaseResult(
    String phase,
    int users,
    long operations,
    long requests,
    long errors,
    double seconds,
    long[] sortedNanos,
    List<String> errorSamples,
    long toolCpuMillis,
    long generatorCpuMillis,
    long postgresCpuMillis,
    long jitCpuMillis,
    ThreadCpu toolThreads) {

  /** Share of the machine's cores the tool process kept busy during the phase (1.0 = one core). */
  double toolCores() {
    return seconds <= 0 || toolCpuMillis < 0 ? Double.NaN : toolCpuMillis / 1000.0 / seconds;
  }

  double toolCpuMillisPerOperation() {
    return operations == 0 || toolCpuMillis < 0 ? Double.NaN : (double) toolCpuMillis / operations;
  }

  /** PostgreSQL's own CPU per operation (the backends serving the tool), NaN on H2. */
  double postgresCpuMillisPerOperation() {
    return operations == 0 || postgresCpuMillis < 0
        ? Double.NaN
        : (double) postgresCpuMillis / operations;
  }

  /** The part of the tool's CPU per operation its JIT compiler threads spent compiling. */
  double jitCpuMillisPerOperation() {
    return operations == 0 || jitCpuMillis < 0 ? Double.NaN : (double) jitCpuMillis / operations;
  }

  double generatorCores() {
    return seconds <= 0 || generatorCpuMillis < 0
        ? Double.NaN
        : generatorCpuMillis / 1000.0 / seconds;
  }

  double opsPerSecond() {
    return seconds <= 0 ? 0 : operations / seconds;
  }

  double requestsPerSecond() {
    return seconds <= 0 ? 0 : requests / seconds;
  }

  double percentileMillis(double p) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
    return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))] / 1_000_000.0;
  }

  static long[] sorted(long[] nanos) {
    long[] copy = nanos.clone();
    Arrays.sort(copy);
    return copy;
  }

  Map<String, Object> toJson(PhaseResult ceiling) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("phase", phase);
    json.put("users", users);
    json.put("operations", operations);
    json.put("tool_requests", requests);
    json.put("errors", errors);
    json.put("seconds", round(seconds));
    json.put("ops_per_s", round(opsPerSecond()));
    json.put("tool_requests_per_s", round(requestsPerSecond()));
    json.put("p50_ms", round(percentileMillis(50)));
    json.put("p95_ms", round(percentileMillis(95)));
    json.put("p99_ms", round(percentileMillis(99)));
    json.put("tool_cpu_cores", round(toolCores()));
    json.put("tool_cpu_ms_per_op", round(toolCpuMillisPerOperation()));
    json.put("tool_jit_cpu_ms_per_op", round(jitCpuMillisPerOperation()));
    json.put(
        "tool_cpu_ms_per_op_by_thread", toolThreads.perOperation(operations, toolCpuMillis, 12));
    json.put("load_generator_cpu_cores", round(generatorCores()));
    if (postgresCpuMillis >= 0) {
      json.put("postgres_cpu_ms_per_op", round(postgresCpuMillisPerOperation()));
    }
    if (ceiling != null && ceiling.requestsPerSecond() > 0) {
      json.put("requests_vs_ceiling", round(requestsPerSecond() / ceiling.requestsPerSecond()));
    }
    if (!errorSamples.isEmpty()) {
      json.put("error_samples", errorSamples);
    }
    return json;
  }

  static double round(double value) {
    return Double.isNaN(value) ? -1 : Math.round(value * 100.0) / 100.0;
  }
}
