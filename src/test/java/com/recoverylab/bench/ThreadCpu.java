package com.recoverylab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A process's CPU by thread name, from /proc/<pid>/task/*&#47;stat, user and system ticks summed
 * over threads whose names differ only in numbers (the request pool's {@code qtp#-#}, the grade
 * workers). Says where an operation's CPU went without a profiler's own cost: the request threads,
 * the JIT, the collector (the serial collector runs in the {@code VM Thread}), H2's background
 * writer. A thread that ended between two readings takes its ticks with it; {@link #perOperation}
 * counts them as {@code ended}.
 */
record ThreadCpu(Map<String, long[]> ticks) {
  private static final int MILLIS_PER_TICK = 10; // USER_HZ is 100 on Linux

  static ThreadCpu of(long pid) {
    Map<String, long[]> ticks = new HashMap<>();
    try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
      for (Path task : tasks.toList()) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException gone) {
          continue; // the thread ended meanwhile
        }
        String name =
            stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                .replaceAll("[0-9]+", "#")
                .replace(' ', '_');
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long[] sum = ticks.computeIfAbsent(name, n -> new long[2]);
        sum[0] += Long.parseLong(fields[11]);
        sum[1] += Long.parseLong(fields[12]);
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process is gone: nothing to say
    }
    return new ThreadCpu(ticks);
  }

  /** The ticks spent since {@code before}, by name; names that spent nothing are left out. */
  ThreadCpu since(ThreadCpu before) {
    Map<String, long[]> spent = new HashMap<>();
    ticks.forEach(
        (name, now) -> {
          long[] then = before.ticks.getOrDefault(name, new long[2]);
          long[] delta = {now[0] - then[0], now[1] - then[1]};
          if (delta[0] + delta[1] > 0) {
            spent.put(name, delta);
          }
        });
    return new ThreadCpu(spent);
  }

  /** This and {@code other} added, name by name. */
  ThreadCpu plus(ThreadCpu other) {
    Map<String, long[]> sum = new HashMap<>();
    ticks.forEach((name, t) -> sum.put(name, t.clone()));
    other.ticks.forEach(
        (name, t) -> {
          long[] s = sum.computeIfAbsent(name, n -> new long[2]);
          s[0] += t[0];
          s[1] += t[1];
        });
    return new ThreadCpu(sum);
  }

  long userMillis(String name) {
    return ticks.getOrDefault(name, new long[2])[0] * MILLIS_PER_TICK;
  }

  long systemMillis(String name) {
    return ticks.getOrDefault(name, new long[2])[1] * MILLIS_PER_TICK;
  }

  /** User and system ms of the threads whose names start with {@code prefix} ({@code http-}). */
  long millisStartingWith(String prefix) {
    return ticks.entrySet().stream()
            .filter(e -> e.getKey().startsWith(prefix))
            .mapToLong(e -> e.getValue()[0] + e.getValue()[1])
            .sum()
        * MILLIS_PER_TICK;
  }

  /**
   * CPU ms per operation by thread name, the largest first, at most {@code top} names, each with
   * its system part when it has one; the rest as {@code others}, and what the whole process used
   * beyond all its threads as {@code ended}.
   */
  String perOperation(long operations, long processMillis, int top) {
    if (operations <= 0) {
      return "";
    }
    Map<String, Long> millis =
        ticks.entrySet().stream()
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey, e -> (e.getValue()[0] + e.getValue()[1]) * MILLIS_PER_TICK));
    long named = millis.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder line = new StringBuilder();
    var sorted =
        millis.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .toList();
    long others = 0;
    for (int i = 0; i < sorted.size(); i++) {
      if (i < top) {
        String name = sorted.get(i).getKey();
        line.append(format(name, sorted.get(i).getValue(), operations));
        long system = systemMillis(name);
        if (system > 0) {
          // the kernel's part (network, futex waits, page faults), which a Java profiler does not
          // see
          line.append(String.format(Locale.ROOT, "(sys %.3f)", (double) system / operations));
        }
      } else {
        others += sorted.get(i).getValue();
      }
    }
    line.append(format("others", others, operations));
    if (processMillis >= 0) {
      line.append(format("ended", Math.max(0, processMillis - named), operations));
    }
    return line.toString().trim();
  }

  private static String format(String name, long millis, long operations) {
    return String.format(Locale.ROOT, " %s=%.3f", name, (double) millis / operations);
  }
}
