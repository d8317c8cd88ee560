package com.recoverylab.bench;

import com.recoverylab.app.AppServer;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.Received;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The id_token POST alone ({@code /lti/launch}), timed in one process on H2 (run by hand, not by
 * {@code mvn verify}): a class of {@code bench.users} learners (default 50) launches a lesson link
 * over and over, so every launch after the first of each is a repeat launch, the common case. Each
 * launch's login and token signing run untimed; only the POST is measured, as wall time (median)
 * and as the process's CPU time across it (mean over the round; it includes this client's share of
 * the loopback exchange, the same before and after a change). {@code bench.warmup} launches
 * (default 4,000) come first, then {@code bench.rounds} rounds (default 5) of {@code
 * bench.launches} (default 2,000): the report gives each round's figures and the median of the
 * rounds. Run with {@code mvn -q exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.recoverylab.bench.LaunchPostBench}.
 */
public final class LaunchPostBench {
  private LaunchPostBench() {}

  public static void main(String[] args) throws Exception {
    int users = Integer.getInteger("bench.users", 50);
    int warmup = Integer.getInteger("bench.warmup", 4000);
    int rounds = Integer.getInteger("bench.rounds", 5);
    int launches = Integer.getInteger("bench.launches", 2000);
    Map<String, String> settings = TestServer.settings(TestDatabases.h2());
    // no grade worker polls during the run
    settings.put("GRADE_WORKER_INTERVAL_MS", "3600000");
    try (AppServer server = TestServer.start(settings);
        FakePlatform moodle = FakePlatform.start().registerWith(server)) {
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      Launcher launcher = new Launcher(server, moodle, http, os, users);
      launcher.run(warmup);
      double[] wallMedians = new double[rounds];
      double[] cpuMeans = new double[rounds];
      for (int round = 1; round <= rounds; round++) {
        long[][] timed = launcher.run(launches);
        double wall =
            Spread.of(Arrays.stream(timed[0]).asDoubleStream().toArray()).median() / 1000.0;
        // the process's CPU clock advances in ticks (10 ms here): one POST reads 0 or a tick, the
        // sum over a round is the CPU the round's POSTs took
        double cpu = Arrays.stream(timed[1]).sum() / 1000.0 / launches;
        wallMedians[round - 1] = wall;
        cpuMeans[round - 1] = cpu;
        System.out.printf(
            Locale.ROOT,
            "LAUNCH_POST round=%d launches=%d wall_us_median=%.1f cpu_us_mean=%.1f%n",
            round,
            launches,
            wall,
            cpu);
      }
      System.out.printf(
          Locale.ROOT,
          "LAUNCH_POST rounds=%d wall_us=%s cpu_us=%s%n",
          rounds,
          Spread.of(wallMedians).format(1),
          Spread.of(cpuMeans).format(1));
    }
  }

  /** Logs in and launches, as the platform and the learner's browser would, timing the POST. */
  private static final class Launcher {
    private final AppServer server;
    private final FakePlatform moodle;
    private final HttpClient http;
    private final com.sun.management.OperatingSystemMXBean os;
    private final int users;
    private int next;

    Launcher(
        AppServer server,
        FakePlatform moodle,
        HttpClient http,
        com.sun.management.OperatingSystemMXBean os,
        int users) {
      this.server = server;
      this.moodle = moodle;
      this.http = http;
      this.os = os;
      this.users = users;
    }

    /** Wall and CPU nanoseconds of each launch's POST. */
    long[][] run(int count) throws Exception {
      long[] wall = new long[count];
      long[] cpu = new long[count];
      for (int i = 0; i < count; i++) {
        FakePlatform.Launch launch = moodle.launch().content("lesson:when-tools-matter");
        launch.userId = "learner-" + (next++ % users);
        HttpResponse<Void> login =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            server.url()
                                + "/lti/login?iss="
                                + enc(moodle.issuer())
                                + "&login_hint="
                                + enc(launch.userId)
                                + "&target_link_uri="
                                + enc(server.url() + "/lti/launch")
                                + "&client_id="
                                + enc(moodle.clientId())))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        Map<String, String> auth =
            Received.decode(
                URI.create(login.headers().firstValue("Location").orElseThrow()).getRawQuery());
        String cookies =
            login.headers().allValues("Set-Cookie").stream()
                .map(c -> c.substring(0, c.indexOf(';')))
                .collect(Collectors.joining("; "));
        String idToken = moodle.sign(moodle.claims(launch, auth.get("nonce")));
        HttpRequest post =
            HttpRequest.newBuilder(URI.create(server.url() + "/lti/launch"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookies)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "id_token=" + enc(idToken) + "&state=" + enc(auth.get("state"))))
                .build();
        long cpuBefore = os.getProcessCpuTime();
        long started = System.nanoTime();
        HttpResponse<String> launched = http.send(post, HttpResponse.BodyHandlers.ofString());
        wall[i] = System.nanoTime() - started;
        cpu[i] = os.getProcessCpuTime() - cpuBefore;
        if (launched.statusCode() != 303) {
          throw new IllegalStateException(
              "launch answered " + launched.statusCode() + ": " + launched.body());
        }
      }
      return new long[][] {wall, cpu};
    }
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
