package com.recoverylab.bench;

import com.recoverylab.app.Config;
import com.recoverylab.grading.GradeOutbox;
import com.recoverylab.grading.GradeOutboxRepository;
import com.recoverylab.grading.PendingGrade;
import com.recoverylab.lti.launch.LaunchData;
import com.recoverylab.lti.launch.LaunchFacts;
import com.recoverylab.lti.launch.LaunchRecorder;
import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.LaunchSessionRepository;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tool CPU per grade delivered to a fast platform, with a backlog large enough for a steady state
 * (run by hand, not by {@code mvn verify}). The load benchmark's grade phase drains the few hundred
 * grades its students leave behind in about a second, most of it while the JIT is still compiling
 * the delivery path; this one queues {@code bench.users} × {@code bench.links} grades (default
 * 1,000 × 10) straight into the database while the tool is stopped, starts the packaged jar with
 * the platform stub's gate shut, opens the gate and reports the tool's CPU per grade for each half
 * of the drain: the second half is the steady-state figure. {@code bench.jfr} records the tool;
 * {@code bench.postgres} (an administrator's JDBC URL) runs it on a fresh PostgreSQL database
 * instead of H2; {@code bench.rounds} repeats the drain in the same tool process with a fresh
 * backlog each time (PostgreSQL only: H2's file belongs to the tool while it runs).
 */
public final class GradeDrainBench {
  private static final Pattern PENDING =
      Pattern.compile("recovery_lab_grades\\{status=\"pending\"} (\\d+)");
  private static final Pattern DELIVERED =
      Pattern.compile("recovery_lab_grade_deliveries_total\\{[^}]*outcome=\"delivered\"} (\\d+)");

  private GradeDrainBench() {}

  public static void main(String[] args) throws Exception {
    int users = Integer.parseInt(System.getProperty("bench.users", "1000"));
    int links = Integer.parseInt(System.getProperty("bench.links", "10"));
    int concurrency = Integer.parseInt(System.getProperty("bench.concurrency", "8"));
    int rounds = Integer.parseInt(System.getProperty("bench.rounds", "1"));
    String jfr = System.getProperty("bench.jfr", "");
    String server = System.getProperty("bench.postgres", "");
    Path jar = Path.of("target", "recovery-lab.jar");
    List<String> jvm =
        new ArrayList<>(
            Arrays.asList(
                System.getProperty("bench.jvm", LoadBenchmark.IMAGE_JVM).trim().split("\\s+")));
    if (!jfr.isBlank()) {
      jvm.add("-XX:FlightRecorderOptions=stackdepth=256");
      jvm.add(
          "-XX:StartFlightRecording=filename="
              + Path.of(jfr).toAbsolutePath()
              + ",settings=profile,dumponexit=true"
              // bench.jfrSampling=max samples every 1 ms instead of 10: a drain is short
              + ",method-profiling="
              + System.getProperty("bench.jfrSampling", "high"));
    }
    Path out = Path.of("target", "bench");
    Files.createDirectories(out);
    Path log = out.resolve("grade-drain-tool.log");
    Files.deleteIfExists(log);
    Path dataDir = Files.createTempDirectory("recovery-lab-drain");
    int port = ToolProcess.freePort();
    String toolUrl = "http://127.0.0.1:" + port;
    Map<String, String> env = ToolProcess.localEnvironment(port, dataDir);
    env.put("GRADE_DELIVERY_CONCURRENCY", String.valueOf(concurrency));
    env.put("GRADE_HTTP_TIMEOUT_MS", "120000");
    env.put("GRADE_CLAIM_SECONDS", "900");
    env.put("MALLOC_ARENA_MAX", "2");
    PostgresServer postgres = null;
    if (!server.isBlank()) {
      postgres =
          new PostgresServer(
              server.substring(0, server.lastIndexOf('/') + 1) + "postgres",
              System.getProperty("bench.postgresUser", "postgres"),
              "rl_drain_" + System.currentTimeMillis());
      env.put("DATABASE_URL", postgres.url());
      env.put("DATABASE_USER", postgres.user());
    }
    try (PlatformStub platform = new PlatformStub(toolUrl, "myth-check")) {
      try (ToolProcess first = ToolProcess.start(jar, List.of(), Map.copyOf(env), dataDir, log)) {
        say("fresh start ready in " + Math.round(first.readyMillis()) + " ms (migrated)");
      }
      Config config = Config.from(env);
      long platformId;
      try (Database database = Database.open(config.database(), 2)) {
        platformId = platform.registerIn(new Jdbc(database.dataSource(), postgres != null));
        queue(database, postgres != null, platform, platformId, users, links, 0);
      }
      platform.closeGate();
      HttpClient http = HttpClient.newHttpClient();
      try (ToolProcess tool = ToolProcess.start(jar, jvm, Map.copyOf(env), dataDir, log)) {
        say("tool ready (pid " + tool.pid() + "); " + users * links + " grades queued");
        for (int round = 1; round <= rounds; round++) {
          if (round > 1) {
            platform.closeGate();
            try (Database database = Database.open(config.database(), 2)) {
              queue(database, true, platform, platformId, users, links, round);
            }
          }
          // the worker's first round claims as many rows as it has slots; they wait at the gate
          Thread.sleep(5000);
          drain(http, toolUrl, tool, postgres, platform, users * links);
        }
      }
    } finally {
      if (postgres != null) {
        postgres.close();
      }
      ToolProcess.deleteDataDirectory(dataDir);
    }
  }

  private static void queue(
      Database database,
      boolean isPostgres,
      PlatformStub platform,
      long platformId,
      int users,
      int links,
      int round) {
    Jdbc jdbc = new Jdbc(database.dataSource(), isPostgres);
    LaunchRecorder recorder =
        new LaunchRecorder(
            jdbc,
            new LaunchSessions(new LaunchSessionRepository(jdbc), Clock.systemUTC()),
            Clock.systemUTC());
    GradeOutbox outbox = new GradeOutbox(jdbc, new GradeOutboxRepository(jdbc), Clock.systemUTC());
    String services = platform.issuer() + "/mod/lti/services.php/2/lineitems";
    List<String> scopes =
        List.of(
            "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
            "https://purl.imsglobal.org/spec/lti-ags/scope/score");
    long t0 = System.nanoTime();
    for (int u = 0; u < users; u++) {
      for (int l = 0; l < links; l++) {
        String link = String.valueOf(100 + l);
        var session =
            recorder.record(
                new LaunchFacts(
                    platformId,
                    "1",
                    "u" + u,
                    "Student u" + u,
                    null,
                    null,
                    null,
                    "2",
                    "RUN101",
                    "Running well",
                    link,
                    "Myth check " + link,
                    Role.LEARNER,
                    "quiz",
                    "myth-check",
                    new LaunchFacts.AgsEndpoints(
                        services + "?type_id=1",
                        services + "/" + link + "/lineitem?type_id=1",
                        scopes),
                    LaunchData.NONE));
        outbox.enqueue(
            new PendingGrade(
                session.resourceLinkId(),
                session.userId(),
                (u + l + round) % 11,
                10,
                "Foundations first",
                Instant.now()));
      }
    }
    say(
        String.format(
            Locale.ROOT,
            "queued %d grades in %.1f s",
            users * links,
            (System.nanoTime() - t0) / 1e9));
  }

  private static void drain(
      HttpClient http,
      String toolUrl,
      ToolProcess tool,
      PostgresServer postgres,
      PlatformStub platform,
      int backlog)
      throws Exception {
    long delivered0 = delivered(http, toolUrl);
    long cpu0 = tool.cpuMillis().orElse(-1);
    long jit0 = tool.jitCpuMillis().orElse(-1);
    long pg0 = postgres == null ? -1 : postgres.cpuMillis();
    long t0 = System.nanoTime();
    platform.openGate();
    long pending = backlog;
    long cpuHalf = -1;
    long jitHalf = -1;
    long pgHalf = -1;
    long deliveredHalf = -1;
    long tHalf = -1;
    ThreadCpu threadsHalf = new ThreadCpu(Map.of());
    // a slow poll: the metrics page counts the waiting rows, and its CPU counts in the tool's
    while (pending > 0 && System.nanoTime() - t0 < Duration.ofMinutes(10).toNanos()) {
      Thread.sleep(250);
      pending = pending(http, toolUrl);
      if (cpuHalf < 0 && pending <= backlog / 2) {
        cpuHalf = tool.cpuMillis().orElse(-1);
        jitHalf = tool.jitCpuMillis().orElse(-1);
        pgHalf = postgres == null ? -1 : postgres.cpuMillis();
        deliveredHalf = delivered(http, toolUrl);
        tHalf = System.nanoTime();
        threadsHalf = ThreadCpu.of(tool.pid());
        say("second half from " + Instant.now());
      }
    }
    long cpu1 = tool.cpuMillis().orElse(-1);
    long jit1 = tool.jitCpuMillis().orElse(-1);
    long pg1 = postgres == null ? -1 : postgres.cpuMillis();
    long delivered1 = delivered(http, toolUrl);
    long t1 = System.nanoTime();
    say("drained at " + Instant.now());
    report(
        "first half",
        deliveredHalf - delivered0,
        cpuHalf - cpu0,
        jitHalf - jit0,
        pgHalf - pg0,
        tHalf - t0);
    report(
        "second half",
        delivered1 - deliveredHalf,
        cpu1 - cpuHalf,
        jit1 - jitHalf,
        pg1 - pgHalf,
        t1 - tHalf);
    report("whole", delivered1 - delivered0, cpu1 - cpu0, jit1 - jit0, pg1 - pg0, t1 - t0);
    say("token calls at the platform so far: " + platform.tokenCalls());
    // where the second half's CPU went, by thread (numbers in names folded), user and system ms
    ThreadCpu spent = ThreadCpu.of(tool.pid()).since(threadsHalf);
    long grades = delivered1 - deliveredHalf;
    spent.ticks().keySet().stream()
        .sorted(
            java.util.Comparator.comparingLong(
                    (String name) -> spent.userMillis(name) + spent.systemMillis(name))
                .reversed())
        .forEach(
            name ->
                System.out.println(
                    String.format(
                        Locale.ROOT,
                        "THREAD %-36s user_ms_per_grade=%.3f sys_ms_per_grade=%.3f",
                        name,
                        spent.userMillis(name) / (double) grades,
                        spent.systemMillis(name) / (double) grades)));
  }

  private static void report(String part, long grades, long cpu, long jit, long pg, long nanos) {
    System.out.println(
        String.format(
            Locale.ROOT,
            "DRAIN part=%s grades=%d s=%.2f per_s=%.0f tool_cpu_ms=%.3f jit_cpu_ms=%.3f pg_cpu_ms=%s",
            part.replace(' ', '_'),
            grades,
            nanos / 1e9,
            grades / (nanos / 1e9),
            (double) cpu / grades,
            (double) jit / grades,
            pg <= 0 ? "-" : String.format(Locale.ROOT, "%.3f", (double) pg / grades)));
  }

  private static long pending(HttpClient http, String toolUrl) throws Exception {
    Matcher m = PENDING.matcher(metrics(http, toolUrl));
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private static long delivered(HttpClient http, String toolUrl) throws Exception {
    Matcher m = DELIVERED.matcher(metrics(http, toolUrl));
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private static String metrics(HttpClient http, String toolUrl)
      throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create(toolUrl + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static void say(String line) {
    System.out.println("[drain] " + line);
  }
}
