package com.recoverylab.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.recoverylab.app.Config;
import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load benchmark, run by hand (not part of the test suite): starts the packaged tool as a child
 * process with a fresh H2 database, plays a Moodle-like platform and many students' browsers from
 * this JVM, and measures launches, quiz submissions, grade delivery to a fast and a slow platform,
 * the same load against {@code /health} (the ceiling: what Jetty and the request filters do on this
 * machine in this run), start-up time and memory. Prints one table and writes the same figures as
 * JSON under {@code target/bench/}.
 *
 * <p>Settings are system properties: {@code bench.users} (default {@code 50,200,1000}), {@code
 * bench.seconds} per measured phase (10), {@code bench.warmup} seconds (10), {@code bench.links}
 * resource links per course (5), {@code bench.quiz} ({@code myth-check}), {@code bench.concurrency}
 * for GRADE_DELIVERY_CONCURRENCY (8), {@code bench.slowMillis} per score call of the slow platform
 * (200), {@code bench.jvm} the tool's JVM flags (those of the container image with a 512 MiB
 * limit), {@code bench.jfr} a file for a JFR recording of the tool, {@code bench.heapDump} a file
 * for a heap dump of the tool at the end, {@code bench.phases} which of {@code
 * ceiling,launch,submit,grades} to measure (all; launches and submissions still run as warm-up and
 * to build the grade backlog when not measured).
 */
public final class LoadBenchmark {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final Pattern GRADES =
      Pattern.compile("recovery_lab_grades\\{status=\"(\\w+)\"} (\\d+)");
  private static final Pattern DELIVERIES =
      Pattern.compile("recovery_lab_grade_deliveries_total\\{[^}]*outcome=\"(\\w+)\"} (\\d+)");
  private static final Pattern RETRIES =
      Pattern.compile("recovery_lab_grade_retries_total\\{[^}]*} (\\d+)");

  private final List<Integer> levels;
  private final double seconds;
  private final double warmup;
  private final int links;
  private final String quiz;
  private final int concurrency;
  private final long slowMillis;
  private List<String> jvm;
  private boolean archiveChecked;
  private final List<String> phases;
  private final int runs;
  private final String postgresAdmin;
  private final String postgresUser;
  private PostgresServer postgres;
  private double freshReadyMillis;
  private long freshReadyCpuMillis;
  private double restartReadyMillis;
  private final List<RunLine> wholeRuns = new ArrayList<>();

  /** The figures of a whole run: start-up to /ready and peak RSS, as one PERF_RUN line. */
  private record RunLine(
      String database,
      double freshReadyMs,
      long freshReadyCpuMs,
      double restartReadyMs,
      long peakRssMib) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "PERF_RUN db=%s ready_fresh_ms=%.0f ready_fresh_cpu_ms=%d ready_restart_ms=%.0f peak_rss_mib=%d",
          database,
          freshReadyMs,
          freshReadyCpuMs,
          restartReadyMs,
          peakRssMib);
    }
  }

  /** The JVM flags of the container image and bin/recovery-lab, which the tool is measured with. */
  public static final String IMAGE_JVM =
      "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx112m -XX:TrimNativeHeapInterval=2000"
          + " -XX:+ExitOnOutOfMemoryError";

  private HttpClient http;
  private String toolUrl;
  private PlatformStub platform;
  private ToolProcess tool;
  private MemoryTrace memoryTrace;
  private Student[] students;
  private final AtomicInteger[] launchesPerStudent;

  private LoadBenchmark() {
    levels =
        Arrays.stream(System.getProperty("bench.users", "50,200,1000").split(","))
            .map(String::trim)
            .map(Integer::parseInt)
            .toList();
    seconds = Double.parseDouble(System.getProperty("bench.seconds", "10"));
    warmup = Double.parseDouble(System.getProperty("bench.warmup", "10"));
    links = Integer.parseInt(System.getProperty("bench.links", "5"));
    quiz = System.getProperty("bench.quiz", "myth-check");
    concurrency = Integer.parseInt(System.getProperty("bench.concurrency", "8"));
    slowMillis = Long.parseLong(System.getProperty("bench.slowMillis", "200"));
    List<String> flags =
        new ArrayList<>(
            Arrays.asList(System.getProperty("bench.jvm", IMAGE_JVM).trim().split("\\s+")));
    String jfr = System.getProperty("bench.jfr", "");
    if (!jfr.isBlank()) {
      flags.add("-XX:FlightRecorderOptions=stackdepth=256");
      flags.add(
          "-XX:StartFlightRecording=filename="
              + Path.of(jfr).toAbsolutePath()
              + ",settings=profile,dumponexit=true"
              // bench.jfrSampling=max samples every 1 ms instead of 10, for ProfileLayers' shares
              + ",method-profiling="
              + System.getProperty("bench.jfrSampling", "high"));
    }
    jvm = flags;
    phases =
        Arrays.stream(
                System.getProperty("bench.phases", "ceiling,launch,quiz,submit,grades").split(","))
            .map(String::trim)
            .toList();
    runs = Integer.parseInt(System.getProperty("bench.runs", "1"));
    // PostgreSQL: the server of bench.postgres (an administrator's JDBC URL), else of DATABASE_URL
    String server = System.getProperty("bench.postgres", "");
    String databaseUrl = System.getenv().getOrDefault("DATABASE_URL", "");
    if (server.isBlank() && databaseUrl.startsWith("jdbc:postgresql:")) {
      server = databaseUrl;
    }
    postgresAdmin =
        server.isBlank() ? "" : server.substring(0, server.lastIndexOf('/') + 1) + "postgres";
    postgresUser =
        System.getProperty(
            "bench.postgresUser", System.getenv().getOrDefault("DATABASE_USER", "postgres"));
    int most = Collections.max(levels);
    launchesPerStudent = new AtomicInteger[most];
    for (int i = 0; i < most; i++) {
      launchesPerStudent[i] = new AtomicInteger();
    }
  }

  public static void main(String[] args) throws Exception {
    // Browsers drop a kept-alive connection the server may already have closed; the JDK client
    // keeps one for 20 minutes and then fails a POST on it. Jetty closes idle ones after 30 s.
    System.setProperty("jdk.httpclient.keepalive.timeout", "20");
    try {
      runAll(new LoadBenchmark());
    } catch (Exception e) {
      e.printStackTrace();
      // the platform stub's threads would keep the JVM waiting for nothing
      System.exit(1);
    }
    // the HTTP client's and stub's threads must not keep Maven's JVM alive
    System.exit(0);
  }

  private static void runAll(LoadBenchmark benchmark) throws Exception {
    Map<String, List<PerfLine>> byOperation = new LinkedHashMap<>();
    for (int run = 1; run <= benchmark.runs; run++) {
      if (benchmark.runs > 1) {
        say("run " + run + " of " + benchmark.runs);
      }
      for (PerfLine line : benchmark.run()) {
        byOperation.computeIfAbsent(line.key(), k -> new ArrayList<>()).add(line);
      }
    }
    if (benchmark.runs > 1) {
      System.out.println();
      System.out.println("Medians of " + benchmark.runs + " runs (CPU per operation in ms):");
      byOperation.values().forEach(lines -> System.out.println(PerfLine.median(lines)));
      benchmark.wholeRuns.forEach(System.out::println);
    }
  }

  private String database() {
    return postgresAdmin.isBlank() ? "h2" : "postgresql";
  }

  /** One whole run (fresh database, tool started twice); returns its PERF lines. */
  private List<PerfLine> run() throws Exception {
    Path jar = Path.of(System.getProperty("bench.jar", "target/recovery-lab.jar"));
    if (!Files.isRegularFile(jar)) {
      System.err.println("No " + jar + ": build it first with  mvn -B -q -DskipTests package");
      System.exit(2);
    }
    warnIfStale(jar);
    if (!archiveChecked) {
      archiveChecked = true;
      if (!System.getProperty("bench.classArchive", "record").equals("none")) {
        // as the image and bin/recovery-lab start it: with the class archive of a training start
        ToolProcess.classArchive(jar, jvm)
            .ifPresentOrElse(
                archive -> {
                  jvm = new ArrayList<>(jvm);
                  jvm.add(0, "-XX:SharedArchiveFile=" + archive);
                },
                () -> say("no class archive for " + jar + " (its training start failed)"));
      }
    }
    Path out = Path.of("target", "bench");
    Files.createDirectories(out);
    String stamp = STAMP.format(Instant.now());
    Path log = out.resolve("tool-" + stamp + ".log");
    Path dataDir = Files.createTempDirectory("recovery-lab-bench");
    int port = ToolProcess.freePort();
    toolUrl = "http://127.0.0.1:" + port;
    platform = new PlatformStub(toolUrl, quiz);

    Map<String, String> env = ToolProcess.localEnvironment(port, dataDir);
    env.put("GRADE_DELIVERY_CONCURRENCY", String.valueOf(concurrency));
    // score calls wait at the stub's gate while a backlog builds; they must not time out meanwhile
    env.put("GRADE_HTTP_TIMEOUT_MS", "120000");
    env.put("GRADE_CLAIM_SECONDS", "900");
    // as the container image sets it: few malloc arenas for many threads (deploy/Dockerfile)
    env.put("MALLOC_ARENA_MAX", System.getProperty("bench.mallocArenas", "2"));
    if (!postgresAdmin.isBlank()) {
      postgres =
          new PostgresServer(postgresAdmin, postgresUser, "rl_bench_" + stamp.replace("-", "_"));
      env.put("DATABASE_URL", postgres.url());
      env.put("DATABASE_USER", postgres.user());
    }

    say(
        "tool: java "
            + String.join(" ", jvm)
            + " -jar "
            + jar
            + " on "
            + toolUrl
            + ", "
            + (postgres == null ? "H2 in " + dataDir : "PostgreSQL " + postgres.url()));
    double freshReady;
    try (ToolProcess first = ToolProcess.start(jar, jvm, Map.copyOf(env), dataDir, log)) {
      freshReady = first.readyMillis();
      freshReadyCpuMillis = first.readyCpuMillis();
    }
    freshReadyMillis = freshReady;
    say("fresh start ready in " + Math.round(freshReady) + " ms; registering the platform");
    register(Config.from(env));

    Map<String, Object> json = new LinkedHashMap<>();
    List<PhaseResult> ceilings = new ArrayList<>();
    List<PhaseResult> launches = new ArrayList<>();
    List<PhaseResult> submits = new ArrayList<>();
    List<PhaseResult> quizPages = new ArrayList<>();
    Map<String, Object> drainFast;
    Map<String, Object> drainSlow;
    Map<String, Object> memory = new LinkedHashMap<>();
    Map<String, Long> grades;
    tool = ToolProcess.start(jar, jvm, Map.copyOf(env), dataDir, log);
    memoryTrace =
        new MemoryTrace(
            tool,
            out.resolve("rss-" + stamp + ".tsv"),
            Long.parseLong(System.getProperty("bench.compilesAboveMib", "0")) * 1024);
    try {
      double restartReady = tool.readyMillis();
      restartReadyMillis = restartReady;
      say("restart ready in " + Math.round(restartReady) + " ms (pid " + tool.pid() + ")");
      http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
      students = new Student[launchesPerStudent.length];
      for (int i = 0; i < students.length; i++) {
        students[i] = new Student(http, toolUrl, platform, i);
      }

      say("warm-up: " + warmup + " s each of ceiling, launches and submissions at 50 users");
      phase("warm-up ceiling", 50, warmup, this::ceiling);
      phase("warm-up launch", 50, warmup, this::launch);
      ensureSessions();
      phase("warm-up submit", 50, warmup, this::submit);
      awaitNoPending(Duration.ofSeconds(60));

      for (int users : levels) {
        if (measures("ceiling")) {
          ceilings.add(report(phase("ceiling /health", users, seconds, this::ceiling)));
        }
        if (measures("launch")) {
          launches.add(report(phase("launch", users, seconds, this::launch)));
        }
      }
      ensureSessions();
      if (measures("quiz")) {
        // after the launch phases: a student with an open attempt gets a start page without its
        // form
        prepareQuizPages();
        phase("warm-up quiz page", 50, warmup / 2, this::quizPage);
        for (int users : levels) {
          quizPages.add(report(phase("quiz page", users, seconds, this::quizPage)));
        }
      }

      // grades of the measured submissions wait at the platform's gate, so they form a backlog
      platform.closeGate();
      if (measures("submit")) {
        for (int users : levels) {
          submits.add(report(submitRounds(users, seconds)));
        }
      } else if (measures("grades")) {
        phase(
            "submit (backlog for the fast platform)",
            Math.min(200, students.length),
            seconds * 2,
            this::submit);
      }
      drainFast = Map.of();
      drainSlow = Map.of();
      if (measures("grades")) {
        drainFast = drain("fast", Duration.ofSeconds(120));
        platform.scoreDelay(slowMillis);
        platform.closeGate();
        int slowUsers = Math.min(200, students.length);
        phase(
            "submit (backlog for the slow platform)",
            slowUsers,
            Math.max(2, seconds / 2),
            this::submit);
        drainSlow = drain("slow", Duration.ofSeconds(Math.max(20, (long) seconds * 2)));
        drainSlow.put("bound_per_s", PhaseResult.round(concurrency * 1000.0 / slowMillis));
      } else {
        platform.openGate();
      }

      memory.put("peak_rss_kb", tool.statusKb("VmHWM").orElse(-1));
      memory.put("peak_rss_sampled", memoryTrace.peak().toString());
      memory.put("rss_kb", tool.statusKb("VmRSS").orElse(-1));
      // what the resident set is made of: the JVM's own memory, or mapped files (the jar, libjvm,
      // the class-data archive), which the kernel can drop and share
      memory.put("rss_anon_kb", tool.statusKb("RssAnon").orElse(-1));
      memory.put("rss_file_kb", tool.statusKb("RssFile").orElse(-1));
      memory.put("heap_used_after_gc_kb", tool.heapUsedAfterGcKb().orElse(-1));
      Files.writeString(out.resolve("heap-" + stamp + ".txt"), tool.classHistogram());
      String heapDump = System.getProperty("bench.heapDump", "");
      if (!heapDump.isBlank()) {
        tool.heapDump(Path.of(heapDump));
      }
      memory.put("tool_cpu_ms_total", tool.cpuMillis().orElse(-1));
      memory.put("peak_rss_mib", tool.statusKb("VmHWM").orElse(-1) / 1024);
      grades = metrics().grades();
      json.put(
          "started_ms",
          Map.of(
              "fresh_database",
              PhaseResult.round(freshReady),
              "restart",
              PhaseResult.round(restartReady)));
    } finally {
      memoryTrace.close();
      tool.close();
      platform.close();
      if (postgres != null) {
        postgres.close();
      }
      // a run leaves an H2 file of 30-60 MiB behind; the figures are in target/bench
      ToolProcess.deleteDataDirectory(dataDir);
    }

    json.put(
        "run",
        Map.of(
            "at",
            Instant.now().toString(),
            "cores",
            Runtime.getRuntime().availableProcessors(),
            "java",
            System.getProperty("java.version"),
            "tool_jvm_flags",
            String.join(" ", jvm),
            "grade_delivery_concurrency",
            concurrency,
            "seconds_per_phase",
            seconds,
            "links",
            links,
            "quiz",
            quiz,
            "load_generator",
            "this JVM: java.net.http.HttpClient, one thread per user; platform stub in the same JVM"));
    json.put("ceiling", ceilings.stream().map(c -> c.toJson(null)).toList());
    json.put("launch", launches.stream().map(l -> l.toJson(match(ceilings, l))).toList());
    json.put("quiz_page", quizPages.stream().map(q -> q.toJson(match(ceilings, q))).toList());
    json.put("submit", submits.stream().map(s -> s.toJson(match(ceilings, s))).toList());
    json.put("grade_sync_fast", drainFast);
    json.put("grade_sync_slow", drainSlow);
    json.put("memory", memory);
    json.put(
        "platform_stub",
        Map.of(
            "id_tokens_signed",
            platform.signed(),
            "sign_cpu_ms",
            platform.signCpuNanos() / 1_000_000,
            "jwks_fetches",
            platform.jwksFetches(),
            "token_calls",
            platform.tokenCalls()));
    json.put("outbox_after_run", grades);

    Path file = out.resolve("results-" + stamp + ".json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    System.out.println();
    System.out.println(table(json, ceilings, launches, quizPages, submits));
    System.out.println(
        "JSON: " + file + "   tool log: " + log + "   live objects: heap-" + stamp + ".txt");
    List<PerfLine> perf = new ArrayList<>();
    String db = database();
    ceilings.forEach(r -> perf.add(PerfLine.of("health", db, r)));
    launches.forEach(r -> perf.add(PerfLine.of("launch", db, r)));
    quizPages.forEach(r -> perf.add(PerfLine.of("quiz_page", db, r)));
    submits.forEach(r -> perf.add(PerfLine.of("submit", db, r)));
    if (!drainFast.isEmpty()) {
      perf.add(
          new PerfLine(
              "grade_fast",
              db,
              concurrency,
              1,
              ((Number) drainFast.get("tool_cpu_ms_per_score")).doubleValue(),
              ((Number) drainFast.get("jit_cpu_ms_per_score")).doubleValue(),
              ((Number) drainFast.get("postgres_cpu_ms_per_score")).doubleValue(),
              ((Number) drainFast.get("scores_per_s")).doubleValue(),
              Double.NaN,
              Double.NaN));
    }
    perf.forEach(System.out::println);
    RunLine whole =
        new RunLine(
            db,
            freshReadyMillis,
            freshReadyCpuMillis,
            restartReadyMillis,
            ((Number) memory.get("peak_rss_mib")).longValue());
    System.out.println(whole);
    wholeRuns.add(whole);
    return perf;
  }

  // --- the operations each virtual user repeats -----------------------------------------

  private int ceiling(int user) throws IOException, InterruptedException, Student.Failure {
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create(toolUrl + "/health"))
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (health.statusCode() != 200) {
      throw new Student.Failure("/health: HTTP " + health.statusCode());
    }
    return 1;
  }

  private int launch(int student) throws IOException, InterruptedException, Student.Failure {
    int n = launchesPerStudent[student].getAndIncrement();
    return students[student].launch(String.valueOf(100 + (student + n) % links));
  }

  private int submit(int student) throws IOException, InterruptedException, Student.Failure {
    return students[student].submit();
  }

  private int quizPage(int student) throws IOException, InterruptedException, Student.Failure {
    return students[student].quizPage();
  }

  /** Every student opens an attempt, one question per page, for the quiz page phases (untimed). */
  private void prepareQuizPages() throws Exception {
    forEachStudent(50, i -> students[i].prepareQuizPage());
  }

  @FunctionalInterface
  private interface StudentStep {
    void run(int student) throws Exception;
  }

  private void forEachStudent(int threads, StudentStep step) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int i = 0; i < students.length; i++) {
      int student = i;
      pool.execute(
          () -> {
            try {
              step.run(student);
            } catch (Exception e) {
              say("student " + student + ": " + e.getMessage());
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
  }

  /**
   * Save and submit, measured on its own: in rounds, every student first starts an attempt and
   * fills in the all-questions form (not measured: neither time nor CPU), then, measured, all
   * {@code users} threads save and submit their students' forms and load the result pages. Rounds
   * repeat until the measured time reaches {@code secs}; CPU is summed over the measured parts
   * only.
   */
  private PhaseResult submitRounds(int users, double secs) throws Exception {
    memoryTrace.stage("save and submit (" + users + " users)");
    Student.PreparedSubmission[] prepared = new Student.PreparedSubmission[students.length];
    List<long[]> latencies = Collections.synchronizedList(new ArrayList<>());
    List<String> samples = Collections.synchronizedList(new ArrayList<>());
    long operations = 0;
    long requests = 0;
    long errors = 0;
    long toolCpu = 0;
    long ownCpu = 0;
    long postgresCpu = postgres == null ? -1 : 0;
    long jitCpu = 0;
    ThreadCpu threads = new ThreadCpu(Map.of());
    double measured = 0;
    while (measured < secs) {
      Arrays.fill(prepared, null);
      forEachStudent(Math.min(users, 50), i -> prepared[i] = students[i].prepareSubmission());
      long t0 = tool.cpuMillis().orElse(-1);
      long o0 = ownCpuMillis();
      long p0 = postgres == null ? -1 : postgres.cpuMillis();
      long j0 = tool.jitCpuMillis().orElse(-1);
      ThreadCpu threads0 = ThreadCpu.of(tool.pid());
      ExecutorService pool = Executors.newFixedThreadPool(users);
      AtomicInteger done = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      long start = System.nanoTime();
      for (int u = 0; u < users; u++) {
        int user = u;
        pool.execute(
            () -> {
              long[] mine = new long[students.length / users + 1];
              int n = 0;
              for (int i = user; i < students.length; i += users) {
                if (prepared[i] == null) {
                  continue;
                }
                long began = System.nanoTime();
                try {
                  students[i].submitPrepared(prepared[i]);
                  mine[n++] = System.nanoTime() - began;
                } catch (Exception e) {
                  failed.incrementAndGet();
                  if (samples.size() < 5) {
                    samples.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                  }
                }
              }
              latencies.add(Arrays.copyOf(mine, n));
              done.addAndGet(n);
            });
      }
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.MINUTES);
      measured += (System.nanoTime() - start) / 1e9;
      toolCpu += tool.cpuMillis().orElse(-1) - t0;
      ownCpu += ownCpuMillis() - o0;
      jitCpu += tool.jitCpuMillis().orElse(-1) - j0;
      threads = threads.plus(ThreadCpu.of(tool.pid()).since(threads0));
      if (postgres != null) {
        postgresCpu += postgres.cpuMillis() - p0;
      }
      operations += done.get();
      requests += 2L * done.get();
      errors += failed.get();
      if (done.get() == 0) {
        break;
      }
    }
    long[] all = latencies.stream().flatMapToLong(Arrays::stream).toArray();
    return new PhaseResult(
        "submit",
        users,
        all.length,
        requests,
        errors,
        measured,
        PhaseResult.sorted(all),
        List.copyOf(samples),
        toolCpu,
        ownCpu,
        postgresCpu,
        jitCpu,
        threads);
  }

  @FunctionalInterface
  private interface Operation {
    int run(int student) throws Exception;
  }

  /**
   * Closed loop: {@code users} threads, each playing its share of the class's students in turn, one
   * operation after the other, until the time is up. Throughput counts operations finished over the
   * time until the last one finished.
   */
  private PhaseResult phase(String name, int users, double secs, Operation operation)
      throws Exception {
    memoryTrace.stage(name + " (" + users + " users)");
    ExecutorService pool = Executors.newFixedThreadPool(users);
    CountDownLatch ready = new CountDownLatch(users);
    CountDownLatch go = new CountDownLatch(1);
    long[][] latencies = new long[users][];
    int[] counts = new int[users];
    long[] requests = new long[users];
    long[] errors = new long[users];
    List<String> samples = Collections.synchronizedList(new ArrayList<>());
    long[] window = new long[2];
    for (int u = 0; u < users; u++) {
      int user = u;
      pool.execute(
          () -> {
            long[] mine = new long[256];
            ready.countDown();
            try {
              go.await();
            } catch (InterruptedException e) {
              return;
            }
            long end = window[1];
            // this thread plays students user, user + users, user + 2 users, ... in turn: the class
            // takes turns at most `users` at a time, and no two threads play the same student
            int own = (students.length - user + users - 1) / users;
            int turn = 0;
            while (System.nanoTime() < end) {
              long t0 = System.nanoTime();
              try {
                int r = operation.run(user + users * (turn++ % Math.max(1, own)));
                long took = System.nanoTime() - t0;
                if (counts[user] == mine.length) {
                  mine = Arrays.copyOf(mine, mine.length * 2);
                }
                mine[counts[user]++] = took;
                requests[user] += r;
              } catch (Exception e) {
                errors[user]++;
                if (samples.size() < 5) {
                  samples.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
                try {
                  Thread.sleep(20);
                } catch (InterruptedException stop) {
                  return;
                }
              }
            }
            latencies[user] = Arrays.copyOf(mine, counts[user]);
          });
    }
    ready.await();
    long toolCpu = tool.cpuMillis().orElse(-1);
    long ownCpu = ownCpuMillis();
    long postgresCpu = postgres == null ? -1 : postgres.cpuMillis();
    long jitCpu = tool.jitCpuMillis().orElse(-1);
    ThreadCpu threads = ThreadCpu.of(tool.pid());
    window[0] = System.nanoTime();
    window[1] = window[0] + (long) (secs * 1e9);
    go.countDown();
    pool.shutdown();
    if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException(name + " did not finish");
    }
    double elapsed = (System.nanoTime() - window[0]) / 1e9;
    long toolCpuUsed = toolCpu < 0 ? -1 : tool.cpuMillis().orElse(-1) - toolCpu;
    long ownCpuUsed = ownCpu < 0 ? -1 : ownCpuMillis() - ownCpu;
    long postgresCpuUsed = postgresCpu < 0 ? -1 : postgres.cpuMillis() - postgresCpu;
    long jitCpuUsed = jitCpu < 0 ? -1 : tool.jitCpuMillis().orElse(-1) - jitCpu;
    ThreadCpu threadsUsed = ThreadCpu.of(tool.pid()).since(threads);
    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).toArray();
    return new PhaseResult(
        name,
        users,
        all.length,
        Arrays.stream(requests).sum(),
        Arrays.stream(errors).sum(),
        elapsed,
        PhaseResult.sorted(all),
        List.copyOf(samples),
        toolCpuUsed,
        ownCpuUsed,
        postgresCpuUsed,
        jitCpuUsed,
        threadsUsed);
  }

  /** Every student who may submit needs a session; those the launch phases missed launch now. */
  private void ensureSessions() throws Exception {
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < students.length; i++) {
      if (!students[i].hasSession()) {
        missing.add(i);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    say(missing.size() + " students launch once more before the submissions");
    ExecutorService pool = Executors.newFixedThreadPool(50);
    for (int i : missing) {
      pool.execute(
          () -> {
            try {
              launch(i);
            } catch (Exception e) {
              say("launch failed for student " + i + ": " + e.getMessage());
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
  }

  /** Opens the platform's gate and times how fast the tool empties its outbox. */
  private Map<String, Object> drain(String name, Duration limit) throws Exception {
    memoryTrace.stage("grade drain, " + name + " platform");
    Metrics before = metrics();
    long backlog = before.grades().getOrDefault("pending", 0L);
    platform.clearScoreTimes();
    long cpu0 = tool.cpuMillis().orElse(-1);
    long jit0 = tool.jitCpuMillis().orElse(-1);
    long pg0 = postgres == null ? -1 : postgres.cpuMillis();
    long t0 = System.nanoTime();
    platform.openGate();
    long deadline = t0 + limit.toNanos();
    long pending = backlog;
    while (pending > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
      pending = metrics().grades().getOrDefault("pending", 0L);
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    long cpu = cpu0 < 0 ? -1 : tool.cpuMillis().orElse(-1) - cpu0;
    long pg = pg0 < 0 ? -1 : postgres.cpuMillis() - pg0;
    long jit = jit0 < 0 ? -1 : tool.jitCpuMillis().orElse(-1) - jit0;
    Metrics after = metrics();
    List<Long> times = platform.scoreTimes();
    long delivered = after.delivered() - before.delivered();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("backlog", backlog);
    result.put("delivered", delivered);
    result.put("score_calls_answered", times.size());
    result.put("seconds", PhaseResult.round(elapsed));
    result.put("scores_per_s", PhaseResult.round(delivered / elapsed));
    result.put(
        "tool_cpu_ms_per_score", delivered == 0 || cpu < 0 ? Double.NaN : (double) cpu / delivered);
    result.put(
        "jit_cpu_ms_per_score", delivered == 0 || jit < 0 ? Double.NaN : (double) jit / delivered);
    result.put(
        "postgres_cpu_ms_per_score",
        delivered == 0 || pg < 0 ? Double.NaN : (double) pg / delivered);
    result.put("left_pending", pending);
    result.put("failed", after.grades().getOrDefault("failed", 0L));
    result.put("retries", after.retries() - before.retries());
    result.put("finished", pending == 0);
    say(
        String.format(
            Locale.ROOT,
            "grade sync %s: %d queued, %d delivered in %.1f s = %.0f scores/s%s",
            name,
            backlog,
            delivered,
            elapsed,
            delivered / elapsed,
            pending == 0 ? "" : " (" + pending + " still pending at the limit)"));
    return result;
  }

  private void awaitNoPending(Duration limit) throws Exception {
    memoryTrace.stage("grades of the warm-up");
    long deadline = System.nanoTime() + limit.toNanos();
    while (metrics().grades().getOrDefault("pending", 0L) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }

  private record Metrics(Map<String, Long> grades, long delivered, long retries) {}

  private Metrics metrics() throws IOException, InterruptedException {
    String text;
    try {
      text = metricsText();
    } catch (IOException closed) {
      // a pooled connection Jetty closed for idleness just then; a new one answers
      text = metricsText();
    }
    Map<String, Long> grades = new HashMap<>();
    Matcher g = GRADES.matcher(text);
    while (g.find()) {
      grades.put(g.group(1), Long.parseLong(g.group(2)));
    }
    long delivered = 0;
    Matcher d = DELIVERIES.matcher(text);
    while (d.find()) {
      if (d.group(1).equals("delivered")) {
        delivered += Long.parseLong(d.group(2));
      }
    }
    Matcher r = RETRIES.matcher(text);
    long retries = r.find() ? Long.parseLong(r.group(1)) : 0;
    return new Metrics(grades, delivered, retries);
  }

  private String metricsText() throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create(toolUrl + "/metrics"))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /**
   * The platform as an administrator registers it by hand: issuer, client id, endpoints, deployment
   * 1.
   */
  private void register(Config config) {
    try (Database database = Database.open(config.database(), 2)) {
      platform.registerIn(new Jdbc(database.dataSource(), false));
    }
  }

  // --- output -------------------------------------------------------------------------------

  private boolean measures(String phase) {
    return phases.contains(phase);
  }

  private static PhaseResult match(List<PhaseResult> ceilings, PhaseResult phase) {
    return ceilings.stream().filter(c -> c.users() == phase.users()).findFirst().orElse(null);
  }

  private static PhaseResult report(PhaseResult r) {
    say(
        String.format(
            Locale.ROOT,
            "%s at %d users: %.0f/s, p50 %.1f ms, p99 %.1f ms, %d errors%s",
            r.phase(),
            r.users(),
            r.opsPerSecond(),
            r.percentileMillis(50),
            r.percentileMillis(99),
            r.errors(),
            r.errorSamples().isEmpty() ? "" : " " + r.errorSamples()));
    say(
        "  tool CPU ms per operation by thread: "
            + r.toolThreads().perOperation(r.operations(), r.toolCpuMillis(), 6));
    return r;
  }

  @SuppressWarnings("unchecked")
  private String table(
      Map<String, Object> json,
      List<PhaseResult> ceilings,
      List<PhaseResult> launches,
      List<PhaseResult> quizPages,
      List<PhaseResult> submits) {
    StringBuilder t = new StringBuilder();
    Map<String, Object> run = (Map<String, Object>) json.get("run");
    t.append(
        String.format(
            Locale.ROOT,
            "Recovery Lab benchmark  %s  %s cores  tool JVM: %s  %s  delivery concurrency %s%n",
            run.get("at"),
            run.get("cores"),
            run.get("tool_jvm_flags"),
            database(),
            run.get("grade_delivery_concurrency")));
    t.append(
        String.format(
            Locale.ROOT,
            "%-16s %6s %8s %9s %9s %8s %8s %8s %7s %8s %6s %6s %8s %6s %6s%n",
            "phase",
            "users",
            "ops",
            "ops/s",
            "req/s",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "errors",
            "vs ceil",
            "tool",
            "gen",
            "cpu/op",
            "jit/op",
            "pg/op"));
    List<PhaseResult> rows = new ArrayList<>();
    rows.addAll(ceilings);
    rows.addAll(launches);
    rows.addAll(quizPages);
    rows.addAll(submits);
    for (PhaseResult r : rows) {
      PhaseResult c = r.phase().startsWith("ceiling") ? null : match(ceilings, r);
      t.append(
          String.format(
              Locale.ROOT,
              "%-16s %6d %8d %9.0f %9.0f %8.1f %8.1f %8.1f %7d %8s %6.2f %6.2f %8.2f %6.2f %6.2f%n",
              r.phase(),
              r.users(),
              r.operations(),
              r.opsPerSecond(),
              r.requestsPerSecond(),
              r.percentileMillis(50),
              r.percentileMillis(95),
              r.percentileMillis(99),
              r.errors(),
              c == null
                  ? "1.00"
                  : String.format(
                      Locale.ROOT, "%.2f", r.requestsPerSecond() / c.requestsPerSecond()),
              r.toolCores(),
              r.generatorCores(),
              r.toolCpuMillisPerOperation(),
              r.jitCpuMillisPerOperation(),
              r.postgresCpuMillisPerOperation()));
    }
    t.append(
            "  ops: launch = login POST + platform auth + id_token POST + quiz start page (3 tool requests);\n")
        .append("       quiz page = one question of an open attempt (1 tool request);\n")
        .append(
            "       submit = save and submit the answers of all questions + result page (2 tool requests;\n")
        .append("       starting the attempt and reading its page happen before, unmeasured).\n")
        .append(
            "  vs ceil = tool requests/s over /health requests/s at the same users; tool/gen = CPU cores used\n")
        .append(
            "  by the tool process / by this JVM (load generator and platform stub) during the phase;\n")
        .append(
            "  cpu/op = CPU milliseconds the tool process spent per operation (JIT and GC included);\n")
        .append(
            "  jit/op = the part of cpu/op the tool's JIT compiler threads spent (high while still warming up);\n")
        .append(
            "  pg/op = CPU milliseconds of the PostgreSQL backends serving the tool per operation.\n");
    for (String key : List.of("grade_sync_fast", "grade_sync_slow")) {
      Map<String, Object> d = (Map<String, Object>) json.get(key);
      if (d.isEmpty()) {
        continue;
      }
      t.append(
          String.format(
              Locale.ROOT,
              "%-16s backlog %s, delivered %s in %s s = %s scores/s%s, %s ms tool CPU per score, failed %s, retries %s%s%n",
              key.replace("grade_sync_", "grade sync "),
              d.get("backlog"),
              d.get("delivered"),
              d.get("seconds"),
              d.get("scores_per_s"),
              d.containsKey("bound_per_s") ? " (bound " + d.get("bound_per_s") + "/s)" : "",
              d.get("tool_cpu_ms_per_score"),
              d.get("failed"),
              d.get("retries"),
              Boolean.TRUE.equals(d.get("finished")) ? "" : ", NOT finished"));
    }
    Map<String, Object> started = (Map<String, Object>) json.get("started_ms");
    Map<String, Object> memory = (Map<String, Object>) json.get("memory");
    t.append(
        String.format(
            Locale.ROOT,
            "start-up to /ready: fresh database %s ms, restart %s ms%n",
            started.get("fresh_database"),
            started.get("restart")));
    t.append(
        String.format(
            Locale.ROOT,
            "memory: peak RSS (VmHWM) %d MiB, RSS at end %d MiB (anonymous %d, mapped files %d),"
                + " heap used after full GC %d MiB%n",
            (Long) memory.get("peak_rss_kb") / 1024,
            (Long) memory.get("rss_kb") / 1024,
            (Long) memory.get("rss_anon_kb") / 1024,
            (Long) memory.get("rss_file_kb") / 1024,
            (Long) memory.get("heap_used_after_gc_kb") / 1024));
    t.append(
        String.format(
            Locale.ROOT,
            "memory: highest RSS sampled every %d ms: %s%n",
            MemoryTrace.SAMPLE_MILLIS,
            memory.get("peak_rss_sampled")));
    Map<String, Object> stub = (Map<String, Object>) json.get("platform_stub");
    t.append(
        String.format(
            Locale.ROOT,
            "platform stub: %s id_tokens signed (%s ms CPU), %s JWKS fetches, %s token calls%n",
            stub.get("id_tokens_signed"),
            stub.get("sign_cpu_ms"),
            stub.get("jwks_fetches"),
            stub.get("token_calls")));
    return t.toString();
  }

  private static long ownCpuMillis() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1_000_000;
    }
    return -1;
  }

  private static void warnIfStale(Path jar) throws IOException {
    long built = Files.getLastModifiedTime(jar).toMillis();
    Path classes = Path.of("target", "classes");
    if (Files.isDirectory(classes)) {
      try (var files = Files.walk(classes)) {
        if (files.anyMatch(
            f -> {
              try {
                return Files.getLastModifiedTime(f).toMillis() > built + 2000;
              } catch (IOException e) {
                return false;
              }
            })) {
          say(
              "WARNING: target/classes is newer than "
                  + jar
                  + "; run mvn -B -q -DskipTests package first");
        }
      }
    }
  }

  static void say(String line) {
    System.out.println("[bench] " + line);
  }
}
