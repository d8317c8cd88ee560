package com.recoverylab.quiz;

import com.recoverylab.app.AppServer;
import com.recoverylab.lti.launch.LaunchData;
import com.recoverylab.lti.launch.LaunchFacts;
import com.recoverylab.lti.launch.LaunchRecorder;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.LaunchSessionRepository;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Role;
import java.net.URL;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.util.NameValuePair;

/** A running tool with the quiz fixtures, a registered platform, and launches on demand. */
final class QuizHarness implements AutoCloseable {
  final AppServer server;
  final Jdbc jdbc;
  private final LaunchRecorder recorder;
  private final long platformId;

  QuizHarness(TestDatabases.TestDatabase database) {
    Map<String, String> settings = TestServer.settings(database);
    // the grade worker stays idle (it first looks an hour after the start): tests read queued
    // grades as the quiz left them, not as a background send may have changed them meanwhile
    settings.put("GRADE_WORKER_INTERVAL_MS", "3600000");
    server = TestServer.start(settings, QuizFixtures.library());
    jdbc = new Jdbc(server.database().dataSource(), server.database().isPostgres());
    Clock clock = Clock.systemUTC();
    recorder =
        new LaunchRecorder(
            jdbc, new LaunchSessions(new LaunchSessionRepository(jdbc), clock), clock);
    Platform platform =
        new PlatformRepository(jdbc)
            .insert(
                new Platform(
                    0,
                    "https://lms.example.edu",
                    "client-1",
                    null,
                    "https://lms.example.edu/auth",
                    "https://lms.example.edu/token",
                    "https://lms.example.edu/jwks"),
                Instant.now());
    platformId = platform.id();
  }

  QuizHarness() {
    this(TestDatabases.h2());
  }

  /** A launch from resource link {@code link} showing {@code kind:contentId}. */
  LaunchSession launch(String user, Role role, String link, String kind, String contentId) {
    return recorder.record(
        new LaunchFacts(
            platformId,
            "1",
            user,
            "Student " + user,
            null,
            null,
            user + "@example.edu",
            "course-1",
            "RUN101",
            "Running well",
            link,
            "Quiz link",
            role,
            kind,
            contentId,
            new LaunchFacts.AgsEndpoints("https://lms.example.edu/lineitems", null, List.of()),
            LaunchData.NONE));
  }

  LaunchSession learnerOnQuiz(String user, String quizId) {
    return launch(user, Role.LEARNER, "link-" + quizId, "quiz", quizId);
  }

  String url(String path) {
    return server.url() + path;
  }

  /** A form POST with the session and its CSRF token, plus the given name/value pairs. */
  WebResponse post(WebClient browser, LaunchSession session, String path, String... pairs)
      throws Exception {
    List<NameValuePair> params = new ArrayList<>();
    params.add(new NameValuePair("s", session.id()));
    params.add(new NameValuePair("csrf", session.csrfToken()));
    for (int i = 0; i < pairs.length; i += 2) {
      params.add(new NameValuePair(pairs[i], pairs[i + 1]));
    }
    return postRaw(browser, path, params);
  }

  WebResponse postRaw(WebClient browser, String path, List<NameValuePair> params) throws Exception {
    WebRequest request = new WebRequest(new URL(url(path)), HttpMethod.POST);
    request.setRequestParameters(params);
    return browser.getPage(request).getWebResponse();
  }

  long count(String sql, Object... params) {
    return jdbc.queryOne(sql, row -> row.getLong(1), params).orElseThrow();
  }

  long linkId(LaunchSession session) {
    return session.resourceLinkId();
  }

  @Override
  public void close() {
    server.close();
  }
}
