package com.recoverylab.app;

import com.recoverylab.store.StartupException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One start of the tool that stops by itself, for {@code java -XX:ArchiveClassesAtExit=...}: the
 * JVM then writes the classes a start loads into a class-data archive, and later starts that name
 * it with {@code -XX:SharedArchiveFile} map them instead of loading and verifying them one by one
 * (about 40 % of the CPU a start takes). The container image runs it at build time and
 * bin/recovery-lab on first use.
 *
 * <p>It reads no setting from the environment, so it never touches a configured database: it
 * migrates a throw-away H2 database in a temporary folder, checks the content in the jar (broken
 * content fails it, as it fails a start), asks a few pages once and stops.
 */
public final class TrainingStart {
  private static final List<String> PAGES =
      List.of("/ready", "/health", "/", "/.well-known/jwks.json", "/static/site.css", "/missing");

  private TrainingStart() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int status = run();
    // Jetty's and the workers' threads are stopped; exit now so the JVM writes the archive
    System.exit(status);
  }

  /** Starts, asks the pages, stops; 0 when all went well, 2 when the tool could not start. */
  static int run() throws IOException, InterruptedException {
    Path folder = Files.createTempDirectory("recovery-lab-training");
    int status = 0;
    try {
      Config config =
          Config.from(
              Map.of(
                  "PORT", "0",
                  "BIND_ADDRESS", "127.0.0.1",
                  "DATA_DIR", folder.toString(),
                  "SANDBOX", "false"));
      try (AppServer server = App.newServer(config)) {
        HttpClient client = HttpClient.newHttpClient();
        for (String page : PAGES) {
          client.send(
              HttpRequest.newBuilder(URI.create(server.url() + page)).build(),
              HttpResponse.BodyHandlers.discarding());
        }
      }
    } catch (ConfigException | StartupException e) {
      System.err.println("recovery-lab: training start failed: " + e.getMessage());
      status = 2;
    } finally {
      deleteTree(folder);
    }
    return status;
  }

  private static void deleteTree(Path folder) throws IOException {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
