package com.recoverylab.lti.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.recoverylab.lti.registration.Platform;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.store.Database;
import com.recoverylab.store.Jdbc;
import com.recoverylab.testing.TestDatabases.TestDatabase;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.LaunchSessionRepository;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Role;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LaunchRecorderTest {

  private static LaunchFacts facts(long platformId, String name, String link) {
    return facts(platformId, "user-7", name, "course-2", link);
  }

  private static LaunchFacts facts(
      long platformId, String user, String name, String course, String link) {
    return new LaunchFacts(
        platformId,
        "1",
        user,
        name,
        null,
        null,
        "sam@example.edu",
        course,
        "RUN101",
        "Running well",
        link,
        "Week 1 quiz",
        Role.LEARNER,
        "quiz",
        "back-to-back",
        new LaunchFacts.AgsEndpoints("https://lms/lineitems?type_id=1", null, List.of("s1", "s2")),
        LaunchData.NONE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void a_second_launch_updates_the_same_user_course_and_link(TestDatabase db) {
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 4)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), database.isPostgres());
      Platform platform =
          new PlatformRepository(jdbc)
              .insert(
                  new Platform(
                      0,
                      "https://lms",
                      "c1",
                      null,
                      "https://lms/auth",
                      "https://lms/token",
                      "https://lms/jwks"),
                  Instant.now());
      LaunchRecorder recorder =
          new LaunchRecorder(
              jdbc,
              new LaunchSessions(new LaunchSessionRepository(jdbc), Clock.systemUTC()),
              Clock.systemUTC());

      LaunchSession first = recorder.record(facts(platform.id(), "Sam", "link-1"));
      LaunchSession second = recorder.record(facts(platform.id(), "Sam Runner", "link-1"));
      LaunchSession other = recorder.record(facts(platform.id(), "Sam Runner", "link-2"));
      LaunchSession deepLinking = recorder.record(facts(platform.id(), "Sam Runner", null));

      assertEquals(first.userId(), second.userId());
      assertEquals(first.courseId(), second.courseId());
      assertEquals(first.resourceLinkId(), second.resourceLinkId());
      assertNotEquals(first.resourceLinkId(), other.resourceLinkId());
      assertNotEquals(first.id(), second.id(), "each launch gets its own session");
      assertNull(deepLinking.resourceLinkId());
      assertEquals(
          "Sam Runner",
          jdbc.queryOne(
                  "SELECT name FROM users WHERE id = ?", r -> r.getString("name"), first.userId())
              .orElseThrow());
      assertEquals(
          "quiz:back-to-back:s1 s2",
          jdbc.queryOne(
                  "SELECT content_kind, content_id, ags_scopes FROM resource_links WHERE id = ?",
                  r -> r.getString(1) + ":" + r.getString(2) + ":" + r.getString(3),
                  first.resourceLinkId())
              .orElseThrow());
      assertEquals(
          1L, jdbc.queryOne("SELECT COUNT(*) FROM users", r -> r.getLong(1)).orElseThrow());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void a_repeat_launch_writes_only_what_changed_and_keeps_what_it_does_not_name(TestDatabase db) {
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 4)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), database.isPostgres());
      Platform platform =
          new PlatformRepository(jdbc)
              .insert(
                  new Platform(
                      0,
                      "https://lms",
                      "c1",
                      null,
                      "https://lms/auth",
                      "https://lms/token",
                      "https://lms/jwks"),
                  Instant.now());
      Instant monday = Instant.parse("2026-11-23T09:00:00Z");
      Instant tuesday = Instant.parse("2026-11-24T09:00:00Z");
      LaunchSessions sessions =
          new LaunchSessions(new LaunchSessionRepository(jdbc), Clock.systemUTC());
      LaunchSession first =
          new LaunchRecorder(jdbc, sessions, Clock.fixed(monday, ZoneOffset.UTC))
              .record(facts(platform.id(), "Sam", "link-1"));
      LaunchRecorder later =
          new LaunchRecorder(jdbc, sessions, Clock.fixed(tuesday, ZoneOffset.UTC));

      later.record(facts(platform.id(), "Sam", "link-1"));
      assertEquals(
          List.of(monday, monday, monday),
          updatedAt(jdbc, first),
          "the same facts again change no row");

      LaunchFacts renamed = facts(platform.id(), "user-7", "Sam", "course-2", "link-1");
      later.record(
          new LaunchFacts(
              renamed.platformId(),
              renamed.deploymentId(),
              renamed.userSubject(),
              renamed.name(),
              null,
              null,
              renamed.email(),
              renamed.contextId(),
              "RUN102",
              "Running better",
              renamed.resourceLinkId(),
              "Week 2 quiz",
              Role.LEARNER,
              null,
              null,
              null,
              LaunchData.NONE));
      assertEquals(List.of(monday, tuesday, tuesday), updatedAt(jdbc, first));
      assertEquals(
          "RUN102:Running better",
          jdbc.queryOne(
                  "SELECT label, title FROM courses WHERE id = ?",
                  r -> r.getString(1) + ":" + r.getString(2),
                  first.courseId())
              .orElseThrow());
      assertEquals(
          "Week 2 quiz|quiz|back-to-back|https://lms/lineitems?type_id=1|s1 s2",
          jdbc.queryOne(
                  "SELECT title, content_kind, content_id, ags_lineitems_url, ags_scopes FROM resource_links WHERE id = ?",
                  r ->
                      String.join(
                          "|",
                          r.getString(1),
                          r.getString(2),
                          r.getString(3),
                          r.getString(4),
                          r.getString(5)),
                  first.resourceLinkId())
              .orElseThrow(),
          "a launch naming no content or grade service keeps the stored ones");
    }
  }

  private static List<Instant> updatedAt(Jdbc jdbc, LaunchSession session) {
    return List.of(
        jdbc.queryOne(
                "SELECT updated_at FROM users WHERE id = ?",
                r -> Jdbc.instant(r, "updated_at"),
                session.userId())
            .orElseThrow(),
        jdbc.queryOne(
                "SELECT updated_at FROM courses WHERE id = ?",
                r -> Jdbc.instant(r, "updated_at"),
                session.courseId())
            .orElseThrow(),
        jdbc.queryOne(
                "SELECT updated_at FROM resource_links WHERE id = ?",
                r -> Jdbc.instant(r, "updated_at"),
                session.resourceLinkId())
            .orElseThrow());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void a_class_launching_a_new_course_at_the_same_moment_all_get_in_and_share_one_course_and_link(
      TestDatabase db) throws Exception {
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 8)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), database.isPostgres());
      Platform platform =
          new PlatformRepository(jdbc)
              .insert(
                  new Platform(
                      0,
                      "https://lms",
                      "c1",
                      null,
                      "https://lms/auth",
                      "https://lms/token",
                      "https://lms/jwks"),
                  Instant.now());
      LaunchRecorder recorder =
          new LaunchRecorder(
              jdbc,
              new LaunchSessions(new LaunchSessionRepository(jdbc), Clock.systemUTC()),
              Clock.systemUTC());
      java.util.concurrent.ExecutorService students =
          java.util.concurrent.Executors.newFixedThreadPool(8);
      try {
        for (int round = 0; round < 10; round++) {
          String course = "course-" + round;
          java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
          List<java.util.concurrent.Future<LaunchSession>> launches = new java.util.ArrayList<>();
          for (int student = 0; student < 8; student++) {
            String user = "student-" + student;
            launches.add(
                students.submit(
                    () -> {
                      go.await();
                      return recorder.record(
                          facts(platform.id(), user, "Student", course, "quiz-link"));
                    }));
          }
          go.countDown();
          java.util.Set<Long> links = new java.util.HashSet<>();
          for (java.util.concurrent.Future<LaunchSession> launch : launches) {
            links.add(launch.get().resourceLinkId());
          }
          assertEquals(1, links.size(), "one link for the whole class in round " + round);
        }
      } finally {
        students.shutdownNow();
      }
      assertEquals(
          10L, jdbc.queryOne("SELECT COUNT(*) FROM courses", r -> r.getLong(1)).orElseThrow());
      assertEquals(
          8L, jdbc.queryOne("SELECT COUNT(*) FROM users", r -> r.getLong(1)).orElseThrow());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.recoverylab.testing.TestDatabases#both")
  void settings_from_a_deep_linked_item_apply_on_first_launch_and_never_overwrite_the_instructors(
      TestDatabase db) {
    try (Database database = Database.open(db.url(), db.user(), db.password(), db.url(), 4)) {
      Jdbc jdbc = new Jdbc(database.dataSource(), database.isPostgres());
      Platform platform =
          new PlatformRepository(jdbc)
              .insert(
                  new Platform(
                      0,
                      "https://lms",
                      "c1",
                      null,
                      "https://lms/auth",
                      "https://lms/token",
                      "https://lms/jwks"),
                  Instant.now());
      LaunchRecorder recorder =
          new LaunchRecorder(
              jdbc,
              new LaunchSessions(new LaunchSessionRepository(jdbc), Clock.systemUTC()),
              Clock.systemUTC());
      LaunchFacts base = facts(platform.id(), "Sam", "link-1");
      com.recoverylab.course.LinkRules chosen =
          LaunchFacts.carriedRules(
              java.util.Map.of(
                  "content",
                  "quiz:back-to-back",
                  "points",
                  "20",
                  "attempts",
                  "2",
                  "grading",
                  "Average",
                  "feedback",
                  "at-end"));
      LaunchSession first = recorder.record(withDefaults(base, chosen));
      recorder.record(
          withDefaults(base, LaunchFacts.carriedRules(java.util.Map.of("attempts", "9"))));

      assertEquals(
          "20.00|2|average|at-end",
          jdbc.queryOne(
                  "SELECT points, max_attempts, grading_method, feedback_timing FROM assignment_settings WHERE resource_link_id = ?",
                  r ->
                      r.getBigDecimal(1).setScale(2)
                          + "|"
                          + r.getInt(2)
                          + "|"
                          + r.getString(3)
                          + "|"
                          + r.getString(4),
                  first.resourceLinkId())
              .orElseThrow());
    }
  }

  @org.junit.jupiter.api.Test
  void custom_values_that_do_not_parse_are_left_to_the_quiz_defaults() {
    com.recoverylab.course.LinkRules defaults =
        LaunchFacts.carriedRules(
            java.util.Map.of(
                "points", "-3", "attempts", "many", "grading", "best", "feedback", "after-each"));
    assertEquals(
        com.recoverylab.course.LinkRules.carried(null, null, null, "after-each"), defaults);
    assertNull(LaunchFacts.carriedRules(java.util.Map.of("content", "overview")));
  }

  private static LaunchFacts withDefaults(
      LaunchFacts f, com.recoverylab.course.LinkRules defaults) {
    return new LaunchFacts(
        f.platformId(),
        f.deploymentId(),
        f.userSubject(),
        f.name(),
        f.givenName(),
        f.familyName(),
        f.email(),
        f.contextId(),
        f.contextLabel(),
        f.contextTitle(),
        f.resourceLinkId(),
        f.resourceLinkTitle(),
        f.role(),
        f.contentKind(),
        f.contentId(),
        f.ags(),
        defaults,
        f.launchData());
  }
}
