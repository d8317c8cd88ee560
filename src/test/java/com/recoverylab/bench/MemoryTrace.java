package com.recoverylab.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The tool's resident set through a run, sampled every 200 ms and labelled with the benchmark's
 * stage, so that a peak can be placed: VmHWM alone says how high, not when or why. Above {@code
 * compilesAboveKb} (0: never) each sample, at most one a second, also records the JIT compilations
 * in flight (jcmd Compiler.queue): a C2 compilation of a large method can hold tens of MiB of arena
 * for a few seconds.
 */
final class MemoryTrace implements AutoCloseable {
  static final long SAMPLE_MILLIS = 200;

  /** The highest sample: its resident set, stage, seconds into that stage, and the compilations. */
  record Peak(long rssKb, String stage, double secondsIntoStage, List<String> compiling) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%d MiB during %s (+%.1f s)%s",
          rssKb / 1024,
          stage,
          secondsIntoStage,
          compiling.isEmpty() ? "" : ", compiling: " + String.join("; ", compiling));
    }
  }

  private final ToolProcess tool;
  private final long compilesAboveKb;
  private final BufferedWriter out;
  private final ScheduledExecutorService sampler;
  private final long startNanos = System.nanoTime();
  private volatile String stage = "start";
  private volatile long stageNanos = startNanos;
  private long lastCompilesNanos;
  private Peak peak = new Peak(0, "start", 0, List.of());

  MemoryTrace(ToolProcess tool, Path file, long compilesAboveKb) throws IOException {
    this.tool = tool;
    this.compilesAboveKb = compilesAboveKb;
    this.out = Files.newBufferedWriter(file);
    out.write("seconds\tstage\trss_kb\tcompiling\n");
    sampler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "memory-trace");
              t.setDaemon(true);
              return t;
            });
    sampler.scheduleAtFixedRate(this::sample, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Labels the samples from now on. */
  void stage(String name) {
    stageNanos = System.nanoTime();
    stage = name;
  }

  synchronized Peak peak() {
    return peak;
  }

  private synchronized void sample() {
    long rss = tool.statusKb("VmRSS").orElse(-1);
    if (rss < 0) {
      return;
    }
    long now = System.nanoTime();
    List<String> compiling = List.of();
    if (compilesAboveKb > 0
        && rss > compilesAboveKb
        && now - lastCompilesNanos >= TimeUnit.SECONDS.toNanos(1)) {
      lastCompilesNanos = now;
      compiling = tool.compilationsInFlight();
    }
    String at = stage;
    double intoStage = (now - stageNanos) / 1e9;
    if (rss > peak.rssKb()) {
      peak = new Peak(rss, at, intoStage, compiling);
    }
    try {
      out.write(
          String.format(
              Locale.ROOT,
              "%.1f\t%s\t%d\t%s%n",
              (now - startNanos) / 1e9,
              at,
              rss,
              String.join("; ", compiling)));
    } catch (IOException e) {
      // an exception would end the schedule unseen; the peak goes on being tracked without a file
      LoadBenchmark.say("memory trace: " + e.getMessage());
    }
  }

  @Override
  public void close() throws IOException {
    sampler.shutdownNow();
    try {
      sampler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      out.close();
    }
  }

  /** The method lines under "Current compiles:" of jcmd Compiler.queue. */
  static List<String> currentCompiles(String compilerQueue) {
    List<String> compiles = new ArrayList<>();
    boolean inCurrent = false;
    for (String line : compilerQueue.split("\n")) {
      if (line.startsWith("Current compiles:")) {
        inCurrent = true;
      } else if (inCurrent && line.isBlank()) {
        break;
      } else if (inCurrent) {
        compiles.add(line.trim().replaceAll("\\s+", " "));
      }
    }
    return compiles;
  }
}
