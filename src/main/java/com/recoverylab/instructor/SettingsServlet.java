package com.recoverylab.instructor;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.FeedbackTiming;
import com.recoverylab.content.GradingMethod;
import com.recoverylab.content.Quiz;
import com.recoverylab.course.CourseRecordRepository;
import com.recoverylab.course.LinkRules;
import com.recoverylab.course.LinkRulesRepository;
import com.recoverylab.quiz.LinkSettings;
import com.recoverylab.review.SpacedReview;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.Templates;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of the session's link: attempts, grading method, feedback timing, points, availability
 * and the lessons flag. A change of grading method or points regrades every learner on the link and
 * queues the grades that changed, in the same transaction as the save; new points also queue the
 * change of the platform's gradebook column, which goes out first.
 */
final class SettingsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(SettingsServlet.class);

  private final transient InstructorAccess access;
  private final transient CourseRecordRepository links;
  private final transient LinkRulesRepository rules;
  private final transient Jdbc jdbc;
  private final transient Supplier<ContentLibrary> content;
  private final transient LinkRegrader regrader;
  private final transient GradeSync sync;
  private final transient SpacedReview spacedReview;
  private final transient Templates templates;
  private final transient Clock clock;

  SettingsServlet(
      InstructorAccess access,
      CourseRecordRepository links,
      LinkRulesRepository rules,
      Jdbc jdbc,
      Supplier<ContentLibrary> content,
      LinkRegrader regrader,
      GradeSync sync,
      SpacedReview spacedReview,
      Templates templates,
      Clock clock) {
    this.spacedReview = spacedReview;
    this.access = access;
    this.links = links;
    this.rules = rules;
    this.jdbc = jdbc;
    this.content = content;
    this.regrader = regrader;
    this.sync = sync;
    this.templates = templates;
    this.clock = clock;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    InstructorAccess.OnLink on = access.require(request);
    Optional<Quiz> quiz = quiz(on.link());
    LinkRules stored = rules.find(on.link().id()).orElse(LinkRules.none());
    QuizRules effective = quiz.map(q -> QuizRules.of(LinkSettings.of(q, stored))).orElse(null);
    Map<String, Object> model =
        model(on, quiz, SettingsForm.of(effective, stored), List.of(), Set.of());
    model.put("saved", request.getParameter("saved") != null);
    model.put("queued", count(request.getParameter("queued")));
    model.put("column", sync.columnState(on.link().id()).orElse(null));
    templates.render(request, response, "instructor/settings", model);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    InstructorAccess.OnLink on = access.require(request);
    Optional<Quiz> quiz = quiz(on.link());
    SettingsForm form = SettingsForm.read(request::getParameter);
    FormProblems problems = new FormProblems();
    QuizRules defaults = quiz.map(QuizRules::defaults).orElse(null);
    LinkRules wanted = form.parse(defaults, quiz.map(Quiz::title).orElse(""), problems);
    if (!problems.isEmpty()) {
      List<String> texts =
          problems.all().stream()
              .map(p -> templates.messages().text(request.getLocale(), p.key(), p.args().toArray()))
              .toList();
      Set<String> invalid =
          problems.all().stream().map(FormProblems.Problem::field).collect(Collectors.toSet());
      Map<String, Object> model = model(on, quiz, form, texts, invalid);
      model.put("saved", false);
      model.put("queued", 0);
      model.put("column", sync.columnState(on.link().id()).orElse(null));
      templates.render(request, response, 400, "instructor/settings", model);
      return;
    }
    long linkId = on.link().id();
    int queued =
        jdbc.inTransaction(
            () -> {
              links.lockLink(linkId);
              LinkRules before = rules.find(linkId).orElse(LinkRules.none());
              rules.save(linkId, wanted, clock.instant());
              if (defaults == null) {
                return 0;
              }
              QuizRules old = QuizRules.of(LinkSettings.of(quiz.get(), before));
              QuizRules now = QuizRules.of(LinkSettings.of(quiz.get(), wanted));
              boolean newPoints = old.points() != now.points();
              if (newPoints) {
                // the platform's column keeps its old maximum unless it is changed too, before the
                // rescaled grades
                sync.queueColumnPoints(linkId, now.points());
              }
              boolean regrade = old.gradingMethod() != now.gradingMethod() || newPoints;
              return regrade ? regrader.recomputeAndQueue(linkId) : 0;
            });
    log.info("event=settings_saved link={} by={} queued={}", linkId, on.session().userId(), queued);
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader(
        "Location",
        "/instructor/settings?s="
            + URLEncoder.encode(on.session().id(), StandardCharsets.UTF_8)
            + "&saved=1&queued="
            + queued);
  }

  private Optional<Quiz> quiz(LinkInfo link) {
    return link.isQuiz() ? content.get().quiz(link.contentId()) : Optional.empty();
  }

  private Map<String, Object> model(
      InstructorAccess.OnLink on,
      Optional<Quiz> quiz,
      SettingsForm form,
      List<String> problems,
      Set<String> invalid) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("reviewOffered", spacedReview.offeredOn(on.link().id()));
    model.put("launch", on.session());
    model.put("link", on.link());
    model.put("quiz", quiz.orElse(null));
    model.put("form", form);
    model.put("problems", problems);
    model.put("invalid", invalid);
    model.put("gradingMethods", List.of(GradingMethod.values()));
    model.put("feedbackTimings", List.of(FeedbackTiming.values()));
    model.put("rightAnswerWords", com.recoverylab.content.RightAnswers.words());
    model.put("quizRightAnswers", quiz.map(q -> q.settings().rightAnswers().word()).orElse(null));
    return model;
  }

  private static int count(String text) {
    try {
      return text == null ? 0 : Math.max(0, Integer.parseInt(text));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
