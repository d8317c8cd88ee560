package com.recoverylab.bench;

import com.recoverylab.app.App;
import com.recoverylab.app.AppServer;
import com.recoverylab.app.Config;
import com.recoverylab.store.Jdbc;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An A/B of H2 settings on the tool's real launch and submit paths, in one JVM (run by hand, not by
 * {@code mvn verify}). Each variant is a suffix of the H2 URL ({@code bench.variants}, split on
 * {@code |}, default H2's own statement cache off, as the tool runs it, and on beside the
 * statements the tool keeps); each round starts the tool in-process on a fresh H2 file database
 * once per variant, in an order that turns by one each round ({@code bench.rounds}), registers the
 * platform stub, warms up, then measures {@code bench.launches} full launches and {@code
 * bench.submits} saves-and-submits (with the result page; the attempt's start and form are prepared
 * outside the measurement) from {@code bench.clients} threads of {@code bench.students} students
 * over five links, after {@code bench.warmRuns} runs whose figures are dropped (the JIT compiles
 * the paths meanwhile). CPU is per-thread, so the stub and the students do not count: the request
 * threads' ({@code http-*}) and H2's background writer's (with the two threads it hands chunks to),
 * per operation. Prints each run, then the median and range per variant, and the database file's
 * size after each run.
 */
public final class H2SettingBench {
  private static final int LINKS = 5;

  /**
   * H2's background writer and the two threads it hands chunks to ({@code H2-serialization}, {@code
   * H2-save}).
   */
  private static final List<String> WRITER = List.of("MVStore background writer", "H2-");

  private H2SettingBench() {}

  /** CPU per operation of one run, in microseconds, and the file's size afterwards. */
  private record Run(
      double launchRequests,
      double launchWriter,
      double submitRequests,
      double submitWriter,
      long fileKb) {}

  public static void main(String[] args) throws Exception {
    List<String> variants =
        Arrays.asList(
            System.getProperty("bench.variants", "QUERY_CACHE_SIZE=0|QUERY_CACHE_SIZE=64")
                .split("\\|"));
    int rounds = Integer.getInteger("bench.rounds", 3);
    Map<String, List<Run>> runs = new LinkedHashMap<>();
    variants.forEach(v -> runs.put(v, new ArrayList<>()));
    // the JIT compiles the paths during the first runs, whichever variant they have: not counted
    for (int i = 0; i < Integer.getInteger("bench.warmRuns", 2); i++) {
      Run discarded = run(variants.get(i % variants.size()));
      System.out.printf(Locale.ROOT, "warm-up run: launch %.0f us%n", discarded.launchRequests());
    }
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < variants.size(); i++) {
        String variant = variants.get((i + round) % variants.size());
        Run run = run(variant);
        runs.get(variant).add(run);
        System.out.printf(
            Locale.ROOT,
            "round %d %-40s launch %.0f + writer %.0f us, submit %.0f + writer %.0f us, file %d KiB%n",
            round,
            variant,
            run.launchRequests(),
            run.launchWriter(),
            run.submitRequests(),
            run.submitWriter(),
            run.fileKb());
      }
    }
    System.out.println("median (range), CPU us per operation:");
    runs.forEach(
        (variant, all) ->
            System.out.printf(
                Locale.ROOT,
                "%-40s launch %s + writer %s; submit %s + writer %s; file KiB %s%n",
                variant,
                summary(all.stream().mapToDouble(Run::launchRequests).toArray()),
                summary(all.stream().mapToDouble(Run::launchWriter).toArray()),
                summary(all.stream().mapToDouble(Run::submitRequests).toArray()),
                summary(all.stream().mapToDouble(Run::submitWriter).toArray()),
                summary(all.stream().mapToDouble(Run::fileKb).toArray())));
  }

  private static Run run(String variant) throws Exception {
    int students = Integer.getInteger("bench.students", 40);
    int launches = Integer.getInteger("bench.launches", 600);
    int submits = Integer.getInteger("bench.submits", 400);
    int clients = Integer.getInteger("bench.clients", 4);
    int warmup = Integer.getInteger("bench.warmup", 3);
    Path dataDir = Files.createTempDirectory("recovery-lab-h2-setting");
    int port = ToolProcess.freePort();
    String toolUrl = "http://127.0.0.1:" + port;
    Map<String, String> env = ToolProcess.localEnvironment(port, dataDir);
    env.put("CONTENT_DIR", Path.of("").toAbsolutePath().toString());
    env.put(
        "DATABASE_URL",
        "jdbc:h2:file:" + dataDir.resolve("recovery-lab") + ";DB_CLOSE_ON_EXIT=FALSE;" + variant);
    Run result;
    try (PlatformStub platform = new PlatformStub(toolUrl, "myth-check");
        AppServer server = App.newServer(Config.from(env))) {
      platform.registerIn(new Jdbc(server.database().dataSource(), false));
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
      Student[] all = new Student[students];
      for (int i = 0; i < students; i++) {
        all[i] = new Student(http, toolUrl, platform, i);
      }
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      try {
        for (int w = 0; w < warmup; w++) {
          each(pool, students, i -> all[i].launch(String.valueOf(i % LINKS)));
          each(pool, students, i -> all[i].submit());
        }
        Map<String, Long> before = cpu();
        each(pool, launches, i -> all[i % students].launch(String.valueOf(i % LINKS)));
        Map<String, Long> afterLaunches = cpu();
        // each student has one open attempt at a time: prepare one each, submit them, again
        Student.PreparedSubmission[] prepared = new Student.PreparedSubmission[students];
        long submitRequests = 0;
        long submitWriter = 0;
        int submitted = 0;
        while (submitted < submits) {
          each(pool, students, i -> prepared[i] = all[i].prepareSubmission());
          Map<String, Long> beforeSubmits = cpu();
          each(pool, students, i -> all[i].submitPrepared(prepared[i]));
          Map<String, Long> afterSubmits = cpu();
          submitRequests += delta(beforeSubmits, afterSubmits, List.of("http-"));
          submitWriter += delta(beforeSubmits, afterSubmits, WRITER);
          submitted += students;
        }
        result =
            new Run(
                delta(before, afterLaunches, List.of("http-")) / 1e3 / launches,
                delta(before, afterLaunches, WRITER) / 1e3 / launches,
                submitRequests / 1e3 / submitted,
                submitWriter / 1e3 / submitted,
                0);
      } finally {
        pool.shutdownNow();
      }
    }
    long bytes;
    try (var files = Files.list(dataDir)) {
      bytes =
          files
              .filter(f -> f.getFileName().toString().endsWith(".mv.db"))
              .mapToLong(f -> f.toFile().length())
              .sum();
    }
    ToolProcess.deleteDataDirectory(dataDir);
    return new Run(
        result.launchRequests(),
        result.launchWriter(),
        result.submitRequests(),
        result.submitWriter(),
        bytes / 1024);
  }

  /** A student's step; may throw whatever the student throws. */
  @FunctionalInterface
  private interface Step {
    void run(int i) throws Exception;
  }

  /** Runs the step for 0..count-1 on the pool and waits; the first failure stops the bench. */
  private static void each(ExecutorService pool, int count, Step step) throws Exception {
    List<Future<?>> done = new ArrayList<>();
    int clients = Integer.getInteger("bench.clients", 4);
    for (int c = 0; c < clients; c++) {
      int client = c;
      done.add(
          pool.submit(
              () -> {
                // each client takes every clients-th student, so no student runs twice at once
                for (int i = client; i < count; i += clients) {
                  step.run(i);
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
  }

  /** CPU nanoseconds of every live thread, by name. */
  private static Map<String, Long> cpu() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Long> byName = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      ThreadInfo info = threads.getThreadInfo(id);
      long nanos = threads.getThreadCpuTime(id);
      if (info != null && nanos >= 0) {
        byName.merge(info.getThreadName() + "#" + id, nanos, Long::sum);
      }
    }
    return byName;
  }

  /** CPU nanoseconds the threads whose name starts with one of the prefixes spent between looks. */
  private static long delta(
      Map<String, Long> before, Map<String, Long> after, List<String> prefixes) {
    long sum = 0;
    for (Map.Entry<String, Long> e : after.entrySet()) {
      if (prefixes.stream().anyMatch(e.getKey()::startsWith)) {
        sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
      }
    }
    return sum;
  }

  private static String summary(double[] values) {
    return Spread.of(values).format(0);
  }
}
