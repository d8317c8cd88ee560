package com.recoverylab.instructor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.recoverylab.app.AppServer;
import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.FeedbackTiming;
import com.recoverylab.content.GradingMethod;
import com.recoverylab.content.Lesson;
import com.recoverylab.content.Misconception;
import com.recoverylab.content.Question;
import com.recoverylab.content.Question.ChoiceKind;
import com.recoverylab.content.Question.Option;
import com.recoverylab.content.Quiz;
import com.recoverylab.content.QuizSettings;
import com.recoverylab.lti.launch.LaunchData;
import com.recoverylab.lti.launch.LaunchFacts;
import com.recoverylab.lti.launch.LaunchRecorder;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.Json;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.LaunchSessionRepository;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small fixture content and launches recorded straight into a running tool's database. */
final class Fixtures {
  private Fixtures() {}

  static final String ISSUER = "https://moodle.example.edu";
  static final String CLIENT_ID = "rl-client-1";
  static final String DEPLOYMENT = "1";

  static ContentLibrary content() {
    Lesson basics =
        new Lesson(
            "basics-first",
            "Basics come first",
            1,
            "Sleep, food and a sound plan do the work.",
            4,
            List.of("two-runs"),
            "<p>Sleep first.</p>",
            List.of(new Lesson.Heading("sleep", "Sleep", 2)),
            "lessons/basics-first.md");
    Lesson tools =
        new Lesson(
            "the-tools",
            "The tools",
            2,
            "What each tool changes.",
            5,
            List.of("flight"),
            "<p>Tools.</p>",
            List.of(new Lesson.Heading("compression", "Compression", 2)),
            "lessons/the-tools.md");
    Quiz twoRuns =
        new Quiz(
            "two-runs",
            "Two runs, one short night",
            "Back-to-back sessions and what fits.",
            6,
            new QuizSettings(10, 3, GradingMethod.HIGHEST, FeedbackTiming.AT_END, false, 0),
            List.of("basics-first"),
            List.of(
                single(
                    "first",
                    "What comes first?",
                    "sleep",
                    "Sleep and dinner",
                    "gun",
                    "A massage gun instead of dinner",
                    "tools-replace-basics"),
                single(
                    "next",
                    "Legs feel heavy next morning. Then?",
                    "easy",
                    "Easy run, roll if it helps",
                    "skip",
                    "Skip the run because of a number",
                    "data-overrules-feel")),
            "quizzes/two-runs.yaml");
    Quiz flight =
        new Quiz(
            "flight",
            "The long flight",
            "Hours of sitting before a race.",
            4,
            new QuizSettings(5, 0, GradingMethod.LAST, FeedbackTiming.AFTER_EACH, false, 0),
            List.of("the-tools"),
            List.of(
                single(
                    "sit",
                    "Eight hours seated. What helps?",
                    "move",
                    "Compression and easy movement",
                    "more",
                    "Every tool at once",
                    "more-is-better")),
            "quizzes/flight.yaml");
    return new ContentLibrary(
        List.of(basics, tools),
        List.of(twoRuns, flight),
        Map.of(
            "tools-replace-basics",
                new Misconception(
                    "tools-replace-basics",
                    "A tool can stand in for sleep or food.",
                    "basics-first#sleep"),
            "data-overrules-feel",
                new Misconception(
                    "data-overrules-feel",
                    "Wearable numbers overrule how legs feel.",
                    "the-tools#compression"),
            "more-is-better",
                new Misconception(
                    "more-is-better", "More tools means more recovery.", "the-tools")));
  }

  private static Question single(
      String id,
      String prompt,
      String rightId,
      String right,
      String wrongId,
      String wrong,
      String misconception) {
    return new Question.Choice(
        id,
        ChoiceKind.SINGLE,
        "<p>" + prompt + "</p>",
        1,
        List.of(
            new Option(rightId, right, true, "Right.", "basics-first#sleep", null),
            new Option(wrongId, wrong, false, "Not quite.", "basics-first#sleep", misconception)));
  }

  /** The tool's database, as the repositories of a running server see it. */
  static Jdbc jdbc(AppServer server) {
    return new Jdbc(server.database().dataSource(), server.database().isPostgres());
  }

  static Platform platform(AppServer server, String issuer, String tokenEndpoint) {
    PlatformRepository platforms = new PlatformRepository(jdbc(server));
    return platforms
        .find(issuer, CLIENT_ID)
        .orElseGet(
            () -> {
              Platform p =
                  platforms.insert(
                      new Platform(
                          0,
                          issuer,
                          CLIENT_ID,
                          "Moodle",
                          issuer + "/mod/lti/auth.php",
                          tokenEndpoint,
                          issuer + "/mod/lti/certs.php"),
                      Instant.now());
              platforms.addDeployment(p.id(), DEPLOYMENT, Instant.now());
              return p;
            });
  }

  static LaunchSession launch(
      AppServer server,
      Platform platform,
      String context,
      String subject,
      String name,
      Role role,
      String linkId,
      String contentKind,
      String contentId,
      ObjectNode launchData) {
    Jdbc jdbc = jdbc(server);
    LaunchRecorder recorder =
        new LaunchRecorder(
            jdbc,
            new LaunchSessions(new LaunchSessionRepository(jdbc), Clock.systemUTC()),
            Clock.systemUTC());
    launchData.put("deployment_id", DEPLOYMENT);
    return recorder.record(
        new LaunchFacts(
            platform.id(),
            DEPLOYMENT,
            subject,
            name,
            null,
            null,
            null,
            context,
            "RUN101",
            "Running well",
            linkId,
            linkId == null ? null : "Activity " + linkId,
            role,
            contentKind,
            contentId,
            null,
            LaunchData.fromJson(launchData.toString())));
  }

  /** Launch data of a Moodle 4.5 deep-linking request (see PLATFORMS.md). */
  static ObjectNode deepLinkingLaunch(String returnUrl, boolean multiple, String data) {
    ObjectNode launch = Json.MAPPER.createObjectNode();
    launch.put("message_type", "LtiDeepLinkingRequest");
    ObjectNode settings = launch.putObject("deep_linking_settings");
    settings.put("deep_link_return_url", returnUrl);
    settings.putArray("accept_types").add("ltiResourceLink");
    settings
        .putArray("accept_presentation_document_targets")
        .add("frame")
        .add("iframe")
        .add("window");
    settings.put("accept_multiple", multiple);
    settings.put("auto_create", false);
    if (data != null) {
      settings.put("data", data);
    }
    return launch;
  }

  static ObjectNode resourceLaunch() {
    ObjectNode launch = Json.MAPPER.createObjectNode();
    launch.put("message_type", "LtiResourceLinkRequest");
    return launch;
  }
}
