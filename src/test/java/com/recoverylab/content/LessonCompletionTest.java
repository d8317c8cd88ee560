package com.recoverylab.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.htmlunit.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** "Lessons count as completion": reading the lesson a link shows earns its points once. */
class LessonCompletionTest {
  private static final String LESSON = "why-tools";
  private static AppServer server;
  private static Jdbc jdbc;
  private static LaunchRecorder recorder;
  private static long platformId;

  @BeforeAll
  static void start() {
    Map<String, String> settings = TestServer.settings(TestDatabases.h2());
    settings.put("CONTENT_DIR", ContentFixtures.VALID.toAbsolutePath().toString());
    server = TestServer.start(settings);
    jdbc = new Jdbc(server.database().dataSource(), server.database().isPostgres());
    platformId =
        new PlatformRepository(jdbc)
            .insert(
                new Platform(
                    0,
                    "https://lms.example.edu",
                    "client-1",
                    "LMS",
                    "https://lms/auth",
                    "https://lms/token",
                    "https://lms/jwks"),
                Instant.now())
            .id();
    recorder =
        new LaunchRecorder(
            jdbc,
            new LaunchSessions(new LaunchSessionRepository(jdbc), Clock.systemUTC()),
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static LaunchSession launch(String subject, String link, Role role) {
    return recorder.record(
        new LaunchFacts(
            platformId,
            "1",
            subject,
            "Runner " + subject,
            null,
            null,
            null,
            "course-1",
            "RUN101",
            "Running well",
            link,
            "Read: why tools exist",
            role,
            "lesson",
            LESSON,
            null,
            LaunchData.NONE));
  }

  private static void countLessons(long linkId, double points) {
    jdbc.update(
        "INSERT INTO assignment_settings (resource_link_id, points, lessons_count, updated_at)"
            + " VALUES (?, ?, TRUE, ?)",
        linkId,
        points,
        Instant.now());
  }

  private static long outboxRows(long linkId) {
    return jdbc.queryOne(
            "SELECT COUNT(*) FROM grade_outbox WHERE resource_link_id = ?",
            r -> r.getLong(1),
            linkId)
        .orElseThrow();
  }

  private static void read(LaunchSession session) throws Exception {
    try (WebClient browser = TestServer.browser()) {
      assertEquals(
          200,
          browser
              .getPage(server.url() + "/lessons/" + LESSON + "?s=" + session.id())
              .getWebResponse()
              .getStatusCode());
    }
  }

  @Test
  void first_read_by_a_learner_queues_the_full_points_once() throws Exception {
    LaunchSession learner = launch("reader", "link-counted", Role.LEARNER);
    countLessons(learner.resourceLinkId(), 5);
    read(learner);
    read(learner);
    assertEquals(1, outboxRows(learner.resourceLinkId()));
    assertEquals(
        "5.0/5.0",
        jdbc.queryOne(
                "SELECT score_given, score_maximum FROM grade_outbox WHERE resource_link_id = ?",
                r -> r.getDouble(1) + "/" + r.getDouble(2),
                learner.resourceLinkId())
            .orElseThrow());
  }

  @Test
  void reading_earns_nothing_when_the_link_does_not_count_lessons_or_for_instructors()
      throws Exception {
    LaunchSession plain = launch("plain-reader", "link-plain", Role.LEARNER);
    read(plain);
    assertEquals(0, outboxRows(plain.resourceLinkId()));

    LaunchSession teacher = launch("teacher", "link-teacher", Role.INSTRUCTOR);
    countLessons(teacher.resourceLinkId(), 5);
    read(teacher);
    assertEquals(0, outboxRows(teacher.resourceLinkId()));
    assertTrue(
        jdbc.queryOne(
                    "SELECT COUNT(*) FROM lesson_reads WHERE lesson_id = ?",
                    r -> r.getLong(1),
                    LESSON)
                .orElseThrow()
            >= 2,
        "reads are still recorded");
  }
}
