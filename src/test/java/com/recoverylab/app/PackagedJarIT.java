package com.recoverylab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.bench.LoadBenchmark;
import java.io.File;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the packaged jar as an administrator would, from a folder without the project's content,
 * so a dependency only the test classpath provides, or content missing from the jar, fails here.
 */
class PackagedJarIT {
  private static final Path JAR = Path.of("target/recovery-lab.jar").toAbsolutePath();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static ProcessBuilder jar(Path workDir, Path log, String... env) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(java, "-jar", JAR.toString())
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("DATABASE_") || k.equals("CONTENT_DIR") || k.equals("PORT"));
    for (int i = 0; i < env.length; i += 2) {
      builder.environment().put(env[i], env[i + 1]);
    }
    return builder;
  }

  @Test
  void packaged_jar_starts_from_any_folder_serves_pages_and_stops_gracefully(@TempDir Path dir)
      throws Exception {
    Path log = dir.resolve("out.log");
    Started started = startReady(dir, log);
    Process process = started.process();
    try {
      String base = started.base();
      HttpResponse<String> home = get(base + "/");
      assertEquals(200, home.statusCode());
      assertTrue(home.body().contains("Recovery Lab"), home.body());
      assertTrue(Files.exists(dir.resolve("data")), "the embedded database lives under DATA_DIR");
      assertRsaCode(log);
    } finally {
      process.destroy(); // SIGTERM, as a container runtime sends
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stops within 30 s of SIGTERM");
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(output.contains("event=stopped"), output);
  }

  @Test
  void without_the_native_library_the_jar_starts_with_the_jdks_rsa_and_says_why(@TempDir Path dir)
      throws Exception {
    Path log = dir.resolve("out.log");
    // AWS-LC's loader skips the bundled library when told to, as it fails to load it on an
    // unsupported machine or from a noexec /tmp
    Started started =
        startReady(
            dir,
            log,
            "JAVA_TOOL_OPTIONS",
            "-Dcom.amazon.corretto.crypto.provider.useExternalLib=true");
    Process process = started.process();
    try {
      String base = started.base();
      // the new database's first signing key was made by the JDK's code and is published
      HttpResponse<String> jwks = get(base + "/.well-known/jwks.json");
      assertEquals(200, jwks.statusCode());
      assertTrue(jwks.body().contains("\"kty\":\"RSA\""), jwks.body());
      awaitLine(log, "event=rsa_code");
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertTrue(output.contains("event=rsa_code native=false"), output);
      assertTrue(output.contains("Skipping bundled library"), output);
    } finally {
      process.destroy();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stops within 30 s of SIGTERM");
    }
  }

  @Test
  void packaged_jar_refuses_a_bad_setting_with_one_clear_line(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("out.log");
    Process process = jar(dir, log, "PORT", "eighty").start();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(2, process.exitValue());
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    assertTrue(
        lines.contains(
            "recovery-lab: cannot start: PORT must be a number from 0 to 65535, got: eighty"),
        String.join("\n", lines));
  }

  @Test
  void training_start_stops_by_itself_and_records_a_class_archive_the_jar_can_use(@TempDir Path dir)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path archive = dir.resolve("recovery-lab.jsa");
    Path log = dir.resolve("training.log");
    // as deploy/Dockerfile and bin/recovery-lab run it
    Process training =
        new ProcessBuilder(
                java,
                "-XX:ArchiveClassesAtExit=" + archive,
                "-cp",
                JAR.toString(),
                "com.recoverylab.app.TrainingStart")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertTrue(training.waitFor(120, TimeUnit.SECONDS), "the training start stops by itself");
    assertEquals(0, training.exitValue(), Files.readString(log));
    assertTrue(Files.size(archive) > 0, Files.readString(log));
    // -Xshare:on refuses to start when the archive cannot be mapped for this jar
    Process check =
        new ProcessBuilder(
                java,
                "-Xshare:on",
                "-XX:SharedArchiveFile=" + archive,
                "-cp",
                JAR.toString(),
                "-version")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("check.log").toFile())
            .start();
    assertTrue(check.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, check.exitValue(), Files.readString(dir.resolve("check.log")));
  }

  /** README's run command: the script records its class archive, then becomes the tool's JVM. */
  @Test
  void launcher_script_records_its_class_archive_and_runs_the_jar_with_the_measured_flags(
      @TempDir Path dir) throws Exception {
    int port = freePort();
    Path log = dir.resolve("out.log");
    Path archive = dir.resolve("recovery-lab.jsa");
    ProcessBuilder script =
        new ProcessBuilder("sh", Path.of("bin", "recovery-lab").toAbsolutePath().toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = script.environment();
    env.keySet()
        .removeIf(
            k -> k.startsWith("DATABASE_") || k.equals("CONTENT_DIR") || k.equals("JAVA_OPTS"));
    // the script runs the java on the PATH: this JDK's
    env.put(
        "PATH",
        Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + env.get("PATH"));
    env.put("JAR", JAR.toString());
    env.put("CLASS_ARCHIVE", archive.toString());
    env.put("PORT", String.valueOf(port));
    env.put("DATA_DIR", dir.resolve("data").toString());
    Process process = script.start();
    try {
      HttpResponse<String> ready =
          waitForReady("http://127.0.0.1:" + port + "/ready", process, log);
      assertEquals(200, ready.statusCode(), ready.body());
      assertTrue(Files.size(archive) > 0, Files.readString(log));
      // the script execs java, so the process is the tool's JVM, started with the flags the image
      // and the benchmark use (ContainerImageTest holds the three equal) and with the archive
      List<String> arguments = List.of(process.info().arguments().orElseThrow());
      List<String> expected = new ArrayList<>(List.of(LoadBenchmark.IMAGE_JVM.split(" ")));
      expected.add("-XX:SharedArchiveFile=" + archive);
      assertTrue(arguments.containsAll(expected), arguments + " should hold " + expected);
      assertRsaCode(log);
    } finally {
      process.destroy();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stops within 30 s of SIGTERM");
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(output.contains("recording the class archive"), output);
    assertTrue(output.contains("event=stopped"), output);
  }

  /**
   * The jar carries AWS-LC's library for Linux x86-64 and loads it there, also under the image's
   * flags and class archive; elsewhere the tool says it uses the JDK's RSA.
   */
  private static void assertRsaCode(Path log) throws Exception {
    boolean shipped =
        System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")
            && System.getProperty("os.arch").equals("amd64");
    awaitLine(log, "event=rsa_code");
    String output = Files.readString(log);
    assertTrue(output.contains("event=rsa_code native=" + shipped), output);
  }

  private record Started(Process process, String base) {}

  /**
   * Starts the jar on a free port with its database under {@code dir}, plus {@code env}, and waits
   * until /ready answers 200; the process is stopped if it does not.
   */
  private static Started startReady(Path dir, Path log, String... env) throws Exception {
    int port = freePort();
    List<String> settings = new ArrayList<>(List.of(env));
    settings.addAll(
        List.of("PORT", String.valueOf(port), "DATA_DIR", dir.resolve("data").toString()));
    Process process = jar(dir, log, settings.toArray(String[]::new)).start();
    String base = "http://127.0.0.1:" + port;
    try {
      HttpResponse<String> ready = waitForReady(base + "/ready", process, log);
      assertEquals(200, ready.statusCode(), ready.body());
    } catch (Exception | AssertionError e) {
      process.destroy();
      throw e;
    }
    return new Started(process, base);
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Waits up to 20 s for the log to hold {@code text} (lines logged after /ready answers). */
  private static void awaitLine(Path log, String text) throws Exception {
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> Files.readString(log).contains(text));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("no " + text + " line:\n" + Files.readString(log), e);
    }
  }

  private static HttpResponse<String> waitForReady(String url, Process process, Path log)
      throws Exception {
    AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new AssertionError("jar exited early:\n" + Files.readString(log));
                }
                try {
                  answer.set(
                      HTTP.send(
                          HttpRequest.newBuilder(URI.create(url)).build(),
                          HttpResponse.BodyHandlers.ofString()));
                  return true;
                } catch (IOException notYet) {
                  return false;
                }
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("not ready within 60 s:\n" + Files.readString(log), e);
    }
    return answer.get();
  }
}
