package com.recoverylab.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the request threads' time goes, from a JFR recording of the tool ({@code bench.jfr} of
 * {@link LoadBenchmark} or {@link GradeDrainBench}; run by hand, not by {@code mvn verify}). Each
 * execution sample of a request thread ({@code http-*}) is counted once: under the request it
 * served, named by the servlet method its entry point called ({@code QuizServlet.questionPage}),
 * and under the first {@link Layer} on its stack. Prints one row per request with its samples and
 * each layer's share; JFR adds its own cost to every operation, so only shares count.
 */
public final class ProfileLayers {
  private ProfileLayers() {}

  /** What a sample's time was spent on, tried in this order. */
  enum Layer {
    /** Writing a log line (the access log's, mostly). */
    LOG("log line"),
    /** Finding the request's launch session. */
    SESSION("session"),
    /** Turning a model into the page. */
    RENDERING("rendering"),
    /** The tool's SQL and the database's work under it. */
    DATABASE("database"),
    /** Checking the id_token (JWT parsing, signature, claims). */
    ID_TOKEN("id_token"),
    /** No frame of the tool: the container alone (HTTP parsing, writing, dispatch). */
    CONTAINER("container"),
    /** Only the tool's filters are on the stack. */
    FILTERS("filters"),
    /** The rest of the tool's own code, with the container calls it makes itself. */
    TOOL("tool code");

    final String label;

    Layer(String label) {
      this.label = label;
    }
  }

  private static final String TOOL_PACKAGE = "com.recoverylab.";

  /**
   * The request a sample served: the servlet's method that its entry point ({@code doGet}, {@code
   * doPost}) called, such as {@code QuizServlet.questionPage}, or the entry point itself when the
   * sample is in its own work; lambdas of the servlet are passed over. Frames are innermost first,
   * as JFR gives them.
   */
  static String request(List<String> frames) {
    String entry = null;
    String entryType = null;
    for (int i = frames.size() - 1; i >= 0; i--) {
      String frame = frames.get(i);
      String type = frame.substring(0, frame.lastIndexOf('.'));
      if (entry == null) {
        if (frame.startsWith(TOOL_PACKAGE) && type.endsWith("Servlet")) {
          entry = frame;
          entryType = type;
        }
      } else if (!type.equals(entryType)) {
        break;
      } else if (!frame.substring(frame.lastIndexOf('.') + 1).startsWith("lambda$")) {
        return shortName(frame);
      }
    }
    return entry == null ? "(outside any servlet)" : shortName(entry);
  }

  private static String shortName(String frame) {
    String type = frame.substring(0, frame.lastIndexOf('.'));
    return frame.substring(type.lastIndexOf('.') + 1);
  }

  /** The layer a sample counts under; frames are innermost first, as JFR gives them. */
  static Layer layer(List<String> frames) {
    boolean tool = false;
    boolean onlyFilters = true;
    boolean log = false;
    boolean session = false;
    boolean rendering = false;
    boolean database = false;
    boolean idToken = false;
    for (String frame : frames) {
      log |= frame.startsWith("ch.qos.logback.") || frame.startsWith("org.slf4j.");
      if (frame.startsWith(TOOL_PACKAGE)) {
        tool = true;
        String type = frame.substring(0, frame.lastIndexOf('.'));
        onlyFilters &= type.endsWith("Filter");
        session |= frame.startsWith("com.recoverylab.web.LaunchSessions.require");
        rendering |= frame.startsWith("com.recoverylab.web.Templates.render");
        database |= frame.startsWith("com.recoverylab.store.");
        idToken |= frame.startsWith("com.recoverylab.lti.launch.IdTokenValidator.");
      }
    }
    if (log) {
      return Layer.LOG;
    } else if (session) {
      return Layer.SESSION;
    } else if (rendering) {
      return Layer.RENDERING;
    } else if (database) {
      return Layer.DATABASE;
    } else if (idToken) {
      return Layer.ID_TOKEN;
    } else if (!tool) {
      return Layer.CONTAINER;
    }
    return onlyFilters ? Layer.FILTERS : Layer.TOOL;
  }

  /** Samples per request and layer, requests in the order first seen. */
  static Map<String, int[]> count(Path recording) throws IOException {
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      String thread =
          event.getThread("sampledThread") == null
              ? ""
              : String.valueOf(event.getThread("sampledThread").getJavaName());
      RecordedStackTrace stack = event.getStackTrace();
      if (!thread.startsWith("http-") || stack == null) {
        continue;
      }
      List<String> frames = new ArrayList<>();
      for (RecordedFrame frame : stack.getFrames()) {
        frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
      }
      counts
          .computeIfAbsent(request(frames), r -> new int[Layer.values().length])[
          layer(frames).ordinal()]++;
    }
    return counts;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ProfileLayers RECORDING.jfr");
      System.exit(2);
    }
    Map<String, int[]> counts = count(Path.of(args[0]));
    StringBuilder header =
        new StringBuilder(String.format(Locale.ROOT, "%-40s %8s", "request", "samples"));
    for (Layer layer : Layer.values()) {
      header.append(String.format(Locale.ROOT, " %10s", layer.label));
    }
    System.out.println(header);
    counts.entrySet().stream()
        .sorted((a, b) -> Integer.compare(total(b.getValue()), total(a.getValue())))
        .forEach(
            e -> {
              int total = total(e.getValue());
              StringBuilder row =
                  new StringBuilder(String.format(Locale.ROOT, "%-40s %8d", e.getKey(), total));
              for (int n : e.getValue()) {
                row.append(String.format(Locale.ROOT, " %9.0f%%", 100.0 * n / total));
              }
              System.out.println(row);
            });
  }

  private static int total(int[] counts) {
    int sum = 0;
    for (int n : counts) {
      sum += n;
    }
    return sum;
  }
}
