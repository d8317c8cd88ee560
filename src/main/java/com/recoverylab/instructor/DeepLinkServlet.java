package com.recoverylab.instructor;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.FeedbackTiming;
import com.recoverylab.content.GradingMethod;
import com.recoverylab.content.Lesson;
import com.recoverylab.content.Quiz;
import com.recoverylab.export.BankSelection;
import com.recoverylab.lti.launch.LaunchData;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.lti.services.DeepLinkingResponse;
import com.recoverylab.web.HttpError;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Templates;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content picker behind a deep-linking launch: the instructor chooses lessons and quizzes (with
 * per-quiz rules) and the tool answers the platform with a signed {@code LtiDeepLinkingResponse}
 * (LTI Deep Linking 2.0).
 */
final class DeepLinkServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(DeepLinkServlet.class);
  static final String LINE_ITEM_TAG = "recovery-lab";

  private final transient LaunchSessions sessions;
  private final transient PlatformRepository platforms;
  private final transient Supplier<ContentLibrary> content;
  private final transient DeepLinkingResponse responses;
  private final transient Templates templates;
  private final String launchUrl;

  DeepLinkServlet(
      LaunchSessions sessions,
      PlatformRepository platforms,
      Supplier<ContentLibrary> content,
      DeepLinkingResponse responses,
      Templates templates,
      String launchUrl) {
    this.sessions = sessions;
    this.platforms = platforms;
    this.content = content;
    this.responses = responses;
    this.templates = templates;
    this.launchUrl = launchUrl;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    LaunchSession session = sessions.requireInstructor(request);
    DeepLinkingSettings settings = settings(session);
    if (!settings.acceptsResourceLinks()) {
      templates.render(
          request,
          response,
          "instructor/deep-link-none",
          Map.of("acceptTypes", String.join(", ", settings.acceptTypes())));
      return;
    }
    templates.render(
        request,
        response,
        "instructor/deep-link",
        pickerModel(session, settings, Map.of(), Set.of(), null));
  }

  /**
   * The picker's model; after a refused submission {@code typed} holds the fields as sent and
   * {@code picked} the items ticked, so the page comes back as the instructor left it.
   */
  private Map<String, Object> pickerModel(
      LaunchSession session,
      DeepLinkingSettings settings,
      Map<String, String> typed,
      Set<String> picked,
      String error) {
    ContentLibrary library = content.get();
    List<PickerItem> lessons = new ArrayList<>();
    String s = URLEncoder.encode(session.id(), StandardCharsets.UTF_8);
    for (Lesson lesson : library.lessons()) {
      lessons.add(
          new PickerItem(
              "lesson",
              lesson.id(),
              lesson.title(),
              lesson.summary(),
              lesson.minutes(),
              0,
              "/lessons/" + lesson.id() + "?s=" + s,
              null));
    }
    List<PickerItem> quizzes = new ArrayList<>();
    for (Quiz quiz : library.quizzes()) {
      quizzes.add(
          new PickerItem(
              "quiz",
              quiz.id(),
              quiz.title(),
              quiz.summary(),
              quiz.minutes(),
              quiz.questionsPerAttempt(),
              "/quizzes/" + quiz.id() + "?s=" + s,
              QuizRules.defaults(quiz)));
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("launch", session);
    model.put("settings", settings);
    model.put("lessons", lessons);
    model.put("quizzes", quizzes);
    model.put("exports", exports(library, s));
    model.put("gradingMethods", List.of(GradingMethod.values()));
    model.put("feedbackTimings", List.of(FeedbackTiming.values()));
    model.put("fresh", typed.isEmpty());
    model.put("typed", typed);
    model.put("picked", picked);
    model.put("error", error);
    return model;
  }

  /** The export section: every quiz's downloads, then all quizzes at once. */
  private static List<BankExportItem> exports(ContentLibrary library, String encodedSession) {
    List<BankExportItem> exports = new ArrayList<>();
    for (Quiz quiz : library.quizzes()) {
      exports.add(
          exportItem(quiz.title(), quiz.id(), BankSelection.of(List.of(quiz)), encodedSession));
    }
    if (library.quizzes().size() > 1) {
      exports.add(
          exportItem(
              null, BankExportServlet.ALL, BankSelection.of(library.quizzes()), encodedSession));
    }
    return exports;
  }

  private static BankExportItem exportItem(
      String title, String quiz, BankSelection selection, String encodedSession) {
    String base = "/instructor/export?s=" + encodedSession + "&quiz=" + quiz + "&format=";
    return new BankExportItem(
        title, base + "gift", base + "qti", selection.exportedCount(), selection.skipped());
  }

  /** Shows the picker again with what was sent and what is wrong with it (400). */
  private void refuse(
      HttpServletRequest request,
      HttpServletResponse response,
      LaunchSession session,
      DeepLinkingSettings settings,
      Set<String> picks,
      String key,
      Object... args)
      throws IOException {
    Map<String, String> typed = new LinkedHashMap<>();
    request
        .getParameterMap()
        .forEach(
            (name, values) -> {
              if (values.length > 0) {
                typed.put(name, values[0]);
              }
            });
    String error = templates.messages().text(request.getLocale(), key, args);
    templates.render(
        request,
        response,
        400,
        "instructor/deep-link",
        pickerModel(session, settings, typed, picks, error));
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    LaunchSession session = sessions.requireInstructor(request);
    DeepLinkingSettings settings = settings(session);
    if (!settings.acceptsResourceLinks()) {
      throw HttpError.badRequest(
          "instructor.deepLink.nothingAccepted", String.join(", ", settings.acceptTypes()));
    }
    String[] picked = request.getParameterValues("item");
    Set<String> picks = new LinkedHashSet<>(picked == null ? List.of() : List.of(picked));
    if (picks.isEmpty()) {
      refuse(request, response, session, settings, picks, "instructor.deepLink.noneChosen");
      return;
    }
    // 4.1.1: without accept_multiple the platform takes a single item
    if (picks.size() > 1 && !settings.acceptMultiple()) {
      refuse(request, response, session, settings, picks, "instructor.deepLink.onlyOne");
      return;
    }
    ContentLibrary library = content.get();
    FormProblems problems = new FormProblems();
    List<DeepLinkingResponse.ResourceLink> items = new ArrayList<>();
    for (String pick : picks) {
      int colon = pick.indexOf(':');
      String kind = colon < 0 ? "" : pick.substring(0, colon);
      String id = colon < 0 ? "" : pick.substring(colon + 1);
      if ("lesson".equals(kind) && library.lesson(id).isPresent()) {
        Lesson lesson = library.lesson(id).get();
        items.add(
            new DeepLinkingResponse.ResourceLink(
                lesson.title(),
                lesson.summary(),
                launchUrl,
                Map.of("content", "lesson:" + lesson.id()),
                null));
      } else if ("quiz".equals(kind) && library.quiz(id).isPresent()) {
        Quiz quiz = library.quiz(id).get();
        QuizRules rules =
            QuizRules.parse(
                request::getParameter,
                "_" + quiz.id(),
                QuizRules.defaults(quiz),
                quiz.title(),
                problems);
        boolean graded = request.getParameter("graded_" + quiz.id()) != null;
        items.add(quizItem(quiz, rules, graded && settings.acceptLineItem()));
      } else {
        refuse(
            request,
            response,
            session,
            settings,
            picks,
            "instructor.deepLink.unknownContent",
            pick);
        return;
      }
    }
    if (!problems.isEmpty()) {
      FormProblems.Problem first = problems.all().get(0);
      refuse(request, response, session, settings, picks, first.key(), first.args().toArray());
      return;
    }
    Platform platform =
        platforms
            .find(session.platformId())
            .orElseThrow(() -> HttpError.badRequest("instructor.deepLink.noPlatform"));
    String deploymentId =
        LaunchData.fromJson(session.launchData())
            .deployment()
            .orElseThrow(() -> HttpError.badRequest("instructor.deepLink.notDeepLinking"));
    String jwt =
        responses.sign(
            new DeepLinkingResponse.Addressee(
                platform.clientId(), platform.issuer(), deploymentId, settings.data()),
            items,
            null);
    log.info("event=deep_link_response platform={} items={}", platform.id(), items.size());
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("returnUrl", settings.returnUrl().toString());
    model.put("jwt", jwt);
    model.put("items", items);
    templates.render(request, response, "instructor/deep-link-return", model);
  }

  private DeepLinkingResponse.ResourceLink quizItem(Quiz quiz, QuizRules rules, boolean lineItem) {
    Map<String, String> custom = new LinkedHashMap<>();
    custom.put("content", "quiz:" + quiz.id());
    custom.put("points", rules.pointsText());
    custom.put("attempts", Integer.toString(rules.maxAttempts()));
    custom.put("grading", rules.gradingMethod().word());
    custom.put("feedback", rules.feedbackTiming().word());
    DeepLinkingResponse.LineItem item =
        lineItem
            ? new DeepLinkingResponse.LineItem(
                rules.points(), quiz.title(), quiz.id(), LINE_ITEM_TAG)
            : null;
    return new DeepLinkingResponse.ResourceLink(
        quiz.title(), quiz.summary(), launchUrl, custom, item);
  }

  private static DeepLinkingSettings settings(LaunchSession session) {
    return DeepLinkingSettings.from(LaunchData.fromJson(session.launchData()))
        .orElseThrow(() -> HttpError.badRequest("instructor.deepLink.notDeepLinking"));
  }
}
