package com.recoverylab.grading;

import static org.junit.jupiter.api.Assertions.fail;

import com.recoverylab.app.AppServer;
import com.recoverylab.lti.launch.LaunchData;
import com.recoverylab.lti.launch.LaunchFacts;
import com.recoverylab.lti.launch.LaunchRecorder;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.AgsService;
import com.recoverylab.testing.FakePlatform;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import com.recoverylab.testing.TestServer;
import com.recoverylab.web.LaunchSessionRepository;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Role;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A running tool, the test platform registered with it, and helpers to launch learners and queue
 * their grades the way the quiz feature does.
 */
final class DeliveryScenario implements AutoCloseable {
  final FakePlatform moodle = FakePlatform.start();

  /** The platform's gradebook. */
  final AgsService platform = moodle.ags();

  final Map<String, String> settings;
  private final List<AppServer> servers = new ArrayList<>();
  AppServer server;
  Jdbc jdbc;
  GradeOutbox outbox;
  private LaunchRecorder recorder;
  private long platformId;

  /** A learner launched on a link. */
  record Learner(long userId, long linkId, String subject, String platformLinkId) {}

  DeliveryScenario(TestDatabase database, String... settingPairs) {
    settings = TestServer.settings(database);
    settings.put("GRADE_WORKER_INTERVAL_MS", "25");
    settings.put("GRADE_BACKOFF_BASE_MS", "50");
    // a generous timeout: on a busy machine a 2 s one ends calls the platform answers, and the
    // extra tries break counts; tests that need a call to time out set a short one themselves
    settings.put("GRADE_HTTP_TIMEOUT_MS", "20000");
    settings.put("GRADE_CLAIM_SECONDS", "150");
    settings.put("GRADE_DELIVERY_CONCURRENCY", "4");
    for (int i = 0; i < settingPairs.length; i += 2) {
      settings.put(settingPairs[i], settingPairs[i + 1]);
    }
    start();
    platformId = moodle.registerWith(server).platformIn(server).id();
  }

  /** (Re)starts the tool on the same database. */
  void start() {
    server = TestServer.start(settings);
    servers.add(server);
    moodle.tokens().trustJwksAt(URI.create(server.url() + "/.well-known/jwks.json"));
    jdbc = new Jdbc(server.database().dataSource(), server.database().isPostgres());
    outbox = new GradeOutbox(jdbc, new GradeOutboxRepository(jdbc), Clock.systemUTC());
    recorder =
        new LaunchRecorder(
            jdbc,
            new LaunchSessions(new LaunchSessionRepository(jdbc), Clock.systemUTC()),
            Clock.systemUTC());
  }

  /** A second node on the same database. */
  AppServer startAnotherNode() {
    AppServer other = TestServer.start(settings);
    servers.add(other);
    return other;
  }

  void stop() {
    server.close();
    servers.remove(server);
  }

  LaunchFacts.AgsEndpoints ags(String boundLineItem) {
    return new LaunchFacts.AgsEndpoints(
        platform.lineItemsUrl(), boundLineItem, List.of(AgsService.ALL_SCOPES.split(" ")));
  }

  Learner launch(String subject, String link, LaunchFacts.AgsEndpoints ags) {
    var session =
        recorder.record(
            new LaunchFacts(
                platformId,
                "1",
                subject,
                "Runner " + subject,
                null,
                null,
                null,
                "course-2",
                "RUN101",
                "Running well",
                link,
                "Week 1: back-to-back runs",
                Role.LEARNER,
                "quiz",
                "back-to-back",
                ags,
                LaunchData.NONE));
    return new Learner(session.userId(), session.resourceLinkId(), subject, link);
  }

  long grade(Learner learner, double given) {
    return outbox.enqueue(
        new PendingGrade(
            learner.linkId(), learner.userId(), given, 10, "Foundations first", Instant.now()));
  }

  GradeOutbox.Status status(long rowId) {
    return GradeOutbox.Status.valueOf(column(rowId, "status"));
  }

  String column(long rowId, String column) {
    return jdbc.queryOne(
            "SELECT " + column + " FROM grade_outbox WHERE id = ?", r -> r.getString(1), rowId)
        .orElseThrow();
  }

  int tries(long rowId) {
    return Integer.parseInt(column(rowId, "tries"));
  }

  String storedLineItem(Learner learner) {
    return jdbc.queryOne(
            "SELECT line_item_url FROM resource_links WHERE id = ?",
            r -> r.getString(1),
            learner.linkId())
        .orElse(null);
  }

  void awaitStatus(long rowId, GradeOutbox.Status expected, Duration within) {
    await(
        () -> status(rowId) == expected,
        within,
        () ->
            "row "
                + rowId
                + " is "
                + status(rowId)
                + " (last error: "
                + column(rowId, "last_error")
                + "), expected "
                + expected);
  }

  static void await(
      BooleanSupplier condition, Duration within, java.util.function.Supplier<String> problem) {
    try {
      Awaitility.await()
          .atMost(within)
          .pollInterval(Duration.ofMillis(20))
          .until(condition::getAsBoolean);
    } catch (ConditionTimeoutException e) {
      fail(problem.get());
    }
  }

  /** Fails unless the condition stays true for the whole time (nothing more happens late). */
  static void holds(BooleanSupplier condition, Duration during, String what) {
    Awaitility.await(what)
        .during(during)
        .atMost(during.plusSeconds(2))
        .pollInterval(Duration.ofMillis(20))
        .until(condition::getAsBoolean);
  }

  @Override
  public void close() {
    for (AppServer each : servers) {
      each.close();
    }
    moodle.close();
  }
}
