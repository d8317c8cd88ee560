package com.recoverylab.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged tool ({@code java -jar target/recovery-lab.jar}) as a child process on 127.0.0.1
 * with its embedded H2 database in a fresh folder, so its memory is its own.
 */
final class ToolProcess implements AutoCloseable {
  private final Process process;
  private final long startedNanos;
  private final long readyNanos;
  private final long readyCpuMillis;

  private ToolProcess(Process process, long startedNanos, long readyNanos) {
    this.process = process;
    this.startedNanos = startedNanos;
    this.readyNanos = readyNanos;
    this.readyCpuMillis = cpuMillis().orElse(-1);
  }

  /**
   * The class-data sharing archive of the jar ({@code <jar>.jsa}, recorded by one training start
   * when missing or older than the jar, as bin/recovery-lab does); empty when the jar has no
   * training start (an older build) or it fails. The JVM only maps an archive recorded for the
   * jar's absolute path.
   */
  static Optional<Path> classArchive(Path jar, List<String> jvmOptions)
      throws IOException, InterruptedException {
    Path absolute = jar.toAbsolutePath();
    Path archive = Path.of(absolute + ".jsa");
    if (Files.isRegularFile(archive)
        && !Files.getLastModifiedTime(jar)
            .toInstant()
            .isAfter(Files.getLastModifiedTime(archive).toInstant())) {
      return Optional.of(archive);
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    jvmOptions.stream().filter(o -> !o.contains("FlightRecord")).forEach(command::add);
    command.add("-XX:ArchiveClassesAtExit=" + archive);
    command.add("-cp");
    command.add(absolute.toString());
    command.add("com.recoverylab.app.TrainingStart");
    Process training =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    boolean ok = training.waitFor(5, TimeUnit.MINUTES) && training.exitValue() == 0;
    if (!ok) {
      training.destroyForcibly();
      Files.deleteIfExists(archive);
      return Optional.empty();
    }
    return Files.isRegularFile(archive) ? Optional.of(archive) : Optional.empty();
  }

  /**
   * Starts the jar and waits for {@code /ready}; the environment is the tool's whole configuration.
   */
  static ToolProcess start(
      Path jar, List<String> jvmOptions, Map<String, String> env, Path workDir, Path log)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().remove("DATABASE_URL");
    builder.environment().remove("CONTENT_DIR");
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().putAll(env);
    long started = System.nanoTime();
    Process process = builder.start();
    HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    URI ready = URI.create(env.get("PUBLIC_URL") + "/ready");
    // a busy machine (other builds) has stretched a start to a minute and more
    long deadline = started + TimeUnit.SECONDS.toNanos(300);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "the tool stopped at start (exit " + process.exitValue() + "); see " + log);
      }
      try {
        HttpResponse<Void> response =
            probe.send(
                HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(1)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return new ToolProcess(process, started, System.nanoTime());
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(10);
    }
    process.destroyForcibly();
    throw new IOException("the tool was not ready within 300 s; see " + log);
  }

  /**
   * The settings every benchmark's tool shares: on {@code port} of 127.0.0.1, its H2 file (or
   * nothing else) in {@code dataDir}, no sandbox platform. Callers add their own.
   */
  static Map<String, String> localEnvironment(int port, Path dataDir) {
    Map<String, String> env = new HashMap<>();
    env.put("PORT", String.valueOf(port));
    env.put("PUBLIC_URL", "http://127.0.0.1:" + port);
    env.put("BIND_ADDRESS", "127.0.0.1");
    env.put("DATA_DIR", dataDir.toString());
    env.put("SANDBOX", "false");
    return env;
  }

  /** Deletes a run's data folder: an H2 file of a run is 30-60 MiB, the figures are elsewhere. */
  static void deleteDataDirectory(Path dataDir) throws IOException {
    try (var files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  long pid() {
    return process.pid();
  }

  /** From process start to the first 200 from /ready (JVM start, migrations, Jetty). */
  double readyMillis() {
    return (readyNanos - startedNanos) / 1_000_000.0;
  }

  /**
   * CPU time the tool had used when /ready first answered 200: on a loaded machine the wait for a
   * core stretches the start-up time, but not this.
   */
  long readyCpuMillis() {
    return readyCpuMillis;
  }

  /** A line of /proc/<pid>/status in kB, such as VmHWM (peak resident set) or VmRSS. */
  OptionalLong statusKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
        if (line.startsWith(field + ":")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux, or the process is gone
    }
    return OptionalLong.empty();
  }

  /** CPU time (user + system) the tool process used so far, from /proc/<pid>/stat, in ms. */
  OptionalLong cpuMillis() {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid()), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return OptionalLong.of(ticks * 10); // USER_HZ is 100 on Linux
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * CPU time of the tool's JIT compiler threads (C1, C2) so far, in ms: the part of the tool's CPU
   * that goes into compiling rather than serving, large while a run is still warming up.
   */
  OptionalLong jitCpuMillis() {
    ThreadCpu threads = ThreadCpu.of(pid());
    if (threads.ticks().isEmpty()) {
      return OptionalLong.empty();
    }
    // C1 and C2 CompilerThread, their numbers folded into one name
    String compilers = "C#_CompilerThre";
    return OptionalLong.of(threads.userMillis(compilers) + threads.systemMillis(compilers));
  }

  /**
   * Live heap in kB: the total of the class histogram, which jcmd takes after a full collection
   * (the same with every collector); empty when jcmd is missing.
   */
  OptionalLong heapUsedAfterGcKb() {
    try {
      Matcher total =
          Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher(jcmd("GC.class_histogram"));
      return total.find()
          ? OptionalLong.of(Long.parseLong(total.group(1)) / 1024)
          : OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    }
  }

  /** The live objects by class (jcmd GC.class_histogram), or empty when jcmd is missing. */
  String classHistogram() {
    try {
      return jcmd("GC.class_histogram");
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** The JIT compilations running now (jcmd Compiler.queue), or empty when jcmd is missing. */
  List<String> compilationsInFlight() {
    try {
      return MemoryTrace.currentCompiles(jcmd("Compiler.queue"));
    } catch (IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  /** Writes a heap dump of the live objects (jcmd GC.heap_dump) for a closer look. */
  void heapDump(Path file) throws IOException, InterruptedException {
    jcmd("GC.heap_dump " + file.toAbsolutePath());
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), String.valueOf(pid()), command)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  /** SIGTERM (the tool's graceful stop), then a kill if it takes longer than 30 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
