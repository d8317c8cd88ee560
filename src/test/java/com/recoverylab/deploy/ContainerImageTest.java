package com.recoverylab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.bench.LoadBenchmark;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * deploy/Dockerfile builds in one stage, runs as a non-root user in another, and reports health.
 */
class ContainerImageTest {
  private static final List<String> LINES =
      instructions(DeployFiles.text(DeployFiles.DEPLOY.resolve("Dockerfile")));

  /** Dockerfile instructions, with comments dropped and continuation lines joined. */
  private static List<String> instructions(String dockerfile) {
    return List.of(
            dockerfile
                .replaceAll("(?m)^\\s*#.*\\n", "")
                .replaceAll("\\\\\\n\\s*", " ")
                .split("\\n"))
        .stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .toList();
  }

  private static List<String> starting(String keyword) {
    return LINES.stream().filter(l -> l.startsWith(keyword + " ")).toList();
  }

  @Test
  void builds_with_maven_on_temurin_17_and_runs_on_the_17_jre() {
    List<String> from = starting("FROM");
    assertEquals(2, from.size(), from.toString());
    assertTrue(from.get(0).matches("FROM maven:3\\.9[^ ]*temurin-17[^ ]* AS build"), from.get(0));
    assertTrue(from.get(1).startsWith("FROM eclipse-temurin:17-jre"), from.get(1));
    assertTrue(LINES.contains("RUN mvn -B -DskipTests package"));
    assertTrue(
        LINES.stream()
            .anyMatch(l -> l.matches("COPY --from=build \\S*/target/recovery-lab\\.jar .*")));
  }

  @Test
  void runs_as_a_numeric_non_root_user() {
    List<String> user = starting("USER");
    assertEquals(1, user.size());
    String uid = user.get(0).substring("USER ".length()).split(":")[0];
    assertTrue(
        uid.matches("\\d+") && Integer.parseInt(uid) > 0,
        "numeric, so Kubernetes runAsNonRoot can check it: " + user.get(0));
    assertTrue(
        LINES.indexOf(user.get(0)) > LINES.indexOf(starting("FROM").get(1)),
        "USER is set in the runtime stage");
  }

  @Test
  void reports_health_from_the_ready_endpoint_and_exposes_8080() {
    List<String> healthcheck = starting("HEALTHCHECK");
    assertEquals(1, healthcheck.size());
    assertTrue(healthcheck.get(0).contains("/ready"), healthcheck.get(0));
    assertTrue(
        LINES.stream().anyMatch(l -> l.startsWith("RUN command -v curl")),
        "the build checks that the tool the healthcheck uses is in the image");
    assertEquals(List.of("EXPOSE 8080"), starting("EXPOSE"));
  }

  @Test
  void starts_java_directly_with_container_memory_flags_and_production_defaults() {
    List<String> entrypoint = starting("ENTRYPOINT");
    assertEquals(1, entrypoint.size());
    assertTrue(
        entrypoint.get(0).startsWith("ENTRYPOINT [\"java\""),
        "exec form: java is PID 1 and receives SIGTERM: " + entrypoint.get(0));
    String env = String.join(" ", starting("ENV"));
    // the collector, heap, compiler and native-memory trim the memory figures in deploy/README.md
    // were measured with (a MaxRAMPercentage this low would be ignored on a 512 MiB limit)
    assertTrue(env.contains("-XX:+UseSerialGC"), env);
    assertTrue(env.contains("-Xmx112m"), env);
    assertTrue(env.contains("-XX:TieredStopAtLevel=1"), env);
    assertTrue(env.contains("-XX:TrimNativeHeapInterval="), env);
    assertTrue(env.contains("SANDBOX=false"), env);
    assertTrue(
        env.contains("BIND_ADDRESS=0.0.0.0"), "reachable from outside the container: " + env);
  }

  @Test
  void the_image_the_launcher_script_and_the_benchmark_run_the_same_jvm_flags() {
    Set<String> image = jvmFlags(String.join(" ", starting("ENV")), "JAVA_TOOL_OPTIONS=\"");
    // the class archive has its own place in each; the script asks the JVM before it adds the trim
    image.removeIf(flag -> flag.startsWith("-XX:SharedArchiveFile="));
    String script = DeployFiles.text(Path.of("bin", "recovery-lab"));
    // the script's defaults, not its usage comment's example
    Set<String> launcher = jvmFlags(script.replaceAll("(?m)^\\s*#.*\\n", ""), "JAVA_OPTS=\"");
    launcher.add("-XX:TrimNativeHeapInterval=2000");
    assertTrue(script.contains("JAVA_OPTS=\"$JAVA_OPTS -XX:TrimNativeHeapInterval=2000\""), script);
    assertEquals(image, launcher, "deploy/Dockerfile against bin/recovery-lab");
    assertEquals(
        image,
        new TreeSet<>(List.of(LoadBenchmark.IMAGE_JVM.split(" "))),
        "deploy/Dockerfile against the load benchmark's bench.jvm default");
  }

  /** The flags of the first quoted value that follows {@code start} in {@code text}. */
  private static Set<String> jvmFlags(String text, String start) {
    int from = text.indexOf(start);
    assertTrue(from >= 0, "no " + start + " in " + text);
    from += start.length();
    return new TreeSet<>(List.of(text.substring(from, text.indexOf('"', from)).split(" ")));
  }

  @Test
  void records_a_class_archive_at_build_time_and_starts_with_it() {
    String archive = "/app/recovery-lab.jsa";
    assertTrue(
        LINES.stream()
            .anyMatch(
                l ->
                    l.startsWith("RUN ")
                        && l.contains("-XX:ArchiveClassesAtExit=" + archive)
                        && l.contains("com.recoverylab.app.TrainingStart")
                        && l.contains("-Xshare:on -XX:SharedArchiveFile=" + archive)),
        "one training start records the archive and the build checks that it can be used");
    String env = String.join(" ", starting("ENV"));
    assertTrue(env.contains("-XX:SharedArchiveFile=" + archive), env);
  }

  @Test
  void build_context_keeps_what_the_build_copies() {
    List<String> ignore = List.of(DeployFiles.text(Path.of(".dockerignore")).split("\\n"));
    for (String needed : List.of("pom.xml", "src/", "lessons/", "quizzes/")) {
      assertTrue(ignore.contains("!" + needed), ".dockerignore re-includes " + needed);
      String copied = needed.endsWith("/") ? needed.substring(0, needed.length() - 1) : needed;
      assertTrue(
          LINES.stream().anyMatch(l -> l.startsWith("COPY " + copied + " ")),
          "the build copies " + copied);
    }
    assertFalse(ignore.contains("!target/"), "local build output stays out of the context");
  }
}
