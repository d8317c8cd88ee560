package com.recoverylab.quiz;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.Question;
import com.recoverylab.content.Quiz;
import com.recoverylab.grading.GradeOutbox;
import com.recoverylab.lti.launch.LaunchData;
import com.recoverylab.store.Jdbc;
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
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The student's quiz pages under {@code /quizzes/{id}}: the start page, one question per page or
 * all on one page, the summary before submitting, and the result. Every form posts the session id
 * and CSRF token; every change answers with a redirect (post/redirect/get), so a reload never
 * repeats it.
 */
public final class QuizServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /**
   * {@link #sendsGrade} by the session's stored launch data: every quiz page parsed the same JSON
   * again. Enough for the sessions of a large class at once.
   */
  private static final ParsedByText<Boolean> SENDS_GRADES =
      new ParsedByText<>(1024, launchData -> LaunchData.fromJson(launchData).sendsGrades());

  private final transient Templates templates;
  private final transient LaunchSessions sessions;
  private final transient Supplier<ContentLibrary> content;
  private final transient QuizAttempts attempts;
  private final transient QuizGrades grades;
  private final transient GradeOutbox outbox;
  private final transient Clock clock;

  /**
   * @param misconceptions told, in the submitting transaction, which tags each submitted attempt
   *     revealed
   */
  public QuizServlet(
      Templates templates,
      LaunchSessions sessions,
      Supplier<ContentLibrary> content,
      Jdbc jdbc,
      QuizGrades grades,
      GradeOutbox outbox,
      RevealedMisconceptions misconceptions,
      Clock clock) {
    this.templates = templates;
    this.sessions = sessions;
    this.content = content;
    this.grades = grades;
    this.outbox = outbox;
    this.clock = clock;
    this.attempts = new QuizAttempts(jdbc, new QuizRepository(jdbc), grades, misconceptions, clock);
  }

  /**
   * A row of the start page's table of past attempts; a record, so the page reads it without OGNL.
   * Public only because the template engine reads it.
   */
  public record PastAttempt(
      String started,
      boolean submitted,
      boolean graded,
      String score,
      String points,
      String href) {}

  /**
   * The start page lists the newest attempts only, unless the student asks for all ({@code
   * attempts=all}): a student who practised a quiz many times gets a short page, and the page's
   * work no longer grows with every attempt.
   */
  static final int PAST_SHOWN = 10;

  /** A row of the summary page's table; public only because the template engine reads it. */
  public record SummaryRow(int number, boolean answered, boolean started, String href) {}

  /** The parts of a path under /quizzes/. */
  private record Route(String quizId, Long attemptId, String action) {
    static Route parse(String pathInfo) {
      List<String> parts =
          pathInfo == null
              ? List.of()
              : Arrays.stream(pathInfo.split("/")).filter(p -> !p.isEmpty()).toList();
      if (parts.isEmpty()) {
        throw HttpError.notFound("error.404");
      }
      if (parts.size() == 1) {
        return new Route(parts.get(0), null, "");
      }
      if (parts.size() == 2) {
        return new Route(parts.get(0), null, parts.get(1));
      }
      if (parts.size() <= 4 && parts.get(1).equals("attempts")) {
        try {
          return new Route(
              parts.get(0), Long.parseLong(parts.get(2)), parts.size() == 4 ? parts.get(3) : "");
        } catch (NumberFormatException e) {
          throw HttpError.notFound("error.quiz.noSuchAttempt");
        }
      }
      throw HttpError.notFound("error.404");
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setHeader("Cache-Control", "no-store");
    Route route = Route.parse(request.getPathInfo());
    LaunchSession session = sessions.require(request);
    ContentLibrary library = content.get();
    Quiz quiz = quiz(library, route.quizId());
    if (route.attemptId() == null) {
      if (!route.action().isEmpty()) {
        throw HttpError.notFound("error.404");
      }
      startPage(request, response, session, quiz);
      return;
    }
    Attempt attempt = attempts.own(session, quiz, route.attemptId());
    switch (route.action()) {
      case "" -> questionPage(request, response, session, library, quiz, attempt, null, null, 200);
      case "all" ->
          allPage(request, response, session, library, quiz, attempt, null, Map.of(), 200);
      case "summary" -> summaryPage(request, response, session, quiz, attempt);
      case "result" -> resultPage(request, response, session, library, quiz, attempt);
      case "answers" -> answersPage(request, response, session, library, quiz, attempt);
      default -> throw HttpError.notFound("error.404");
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Route route = Route.parse(request.getPathInfo());
    // every form carries the session's CSRF token; it is checked before anything else
    LaunchSession session = sessions.requireForm(request);
    ContentLibrary library = content.get();
    Quiz quiz = quiz(library, route.quizId());
    if (route.attemptId() == null) {
      if (!route.action().equals("start")) {
        throw HttpError.notFound("error.404");
      }
      Attempt attempt = attempts.start(session, quiz);
      boolean all = "all".equals(request.getParameter("layout"));
      redirect(response, attemptUrl(session, quiz, attempt, all ? "/all" : "", null));
      return;
    }
    Attempt attempt = attempts.own(session, quiz, route.attemptId());
    boolean submitting =
        route.action().equals("submit")
            || (route.action().equals("answers")
                && "submit".equals(request.getParameter("action")));
    if (attempt.submitted() && submitting) {
      // a second press of a submit button (double click, another tab) shows the same result
      redirect(response, attemptUrl(session, quiz, attempt, "/result", null));
      return;
    }
    if (attempt.submitted()) {
      throw HttpError.conflict("error.quiz.alreadySubmitted");
    }
    switch (route.action()) {
      case "answer" -> postAnswer(request, response, session, library, quiz, attempt);
      case "answers" -> postAnswers(request, response, session, library, quiz, attempt);
      case "step" -> postStep(request, response, session, quiz, attempt);
      case "retry" -> {
        String questionId = request.getParameter("question");
        attempts.retry(attempt, quiz, questionId);
        redirect(response, attemptUrl(session, quiz, attempt, "", numberParam(request, attempt)));
      }
      case "submit" -> {
        attempts.submit(attempt, quiz);
        redirect(response, attemptUrl(session, quiz, attempt, "/result", null));
      }
      default -> throw HttpError.notFound("error.404");
    }
  }

  private static Quiz quiz(ContentLibrary library, String quizId) {
    return library.quiz(quizId).orElseThrow(() -> HttpError.notFound("error.quiz.notFound"));
  }

  private void postAnswer(
      HttpServletRequest request,
      HttpServletResponse response,
      LaunchSession session,
      ContentLibrary library,
      Quiz quiz,
      Attempt attempt)
      throws IOException {
    Question question = attempts.question(attempt, quiz, request.getParameter("question"));
    int number = attempt.layout().indexOf(question.id()) + 1;
    String action = Optional.ofNullable(request.getParameter("action")).orElse("next");
    Optional<Answer> answer;
    try {
      answer =
          question instanceof Question.Branching
              ? Optional.empty()
              : AnswerForm.read(question, request.getParameterMap());
    } catch (AnswerForm.Incomplete e) {
      questionPage(
          request,
          response,
          session,
          library,
          quiz,
          attempt,
          request.getParameterMap(),
          e.messageKey(),
          400);
      return;
    }
    if (answer.isEmpty() && action.equals("check")) {
      questionPage(
          request,
          response,
          session,
          library,
          quiz,
          attempt,
          request.getParameterMap(),
          "quiz.form.chooseFirst",
          400);
      return;
    }
    if (answer.isPresent()) {
      attempts.answer(attempt, quiz, Map.of(question.id(), answer.get()));
    }
    int total = attempt.layout().slots().size();
    switch (action) {
      // the page opens at the feedback, which takes the focus (static/focus-target.js)
      case "check" ->
          redirect(response, attemptUrl(session, quiz, attempt, "", number) + "#feedback");
      case "previous" ->
          redirect(response, attemptUrl(session, quiz, attempt, "", Math.max(1, number - 1)));
      case "summary" -> redirect(response, attemptUrl(session, quiz, attempt, "/summary", null));
      default ->
          redirect(
              response,
              number >= total
                  ? attemptUrl(session, quiz, attempt, "/summary", null)
                  : attemptUrl(session, quiz, attempt, "", number + 1));
    }
  }

  private void postAnswers(
      HttpServletRequest request,
      HttpServletResponse response,
      LaunchSession session,
      ContentLibrary library,
      Quiz quiz,
      Attempt attempt)
      throws IOException {
    String[] questionIds =
        Optional.ofNullable(request.getParameterValues("question")).orElse(new String[0]);
    // answers to questions already closed are left out by the transaction that saves, which reads
    // what is stored anyway
    Map<String, Answer> answers = new LinkedHashMap<>();
    Map<String, String> errors = new HashMap<>();
    for (String questionId : questionIds) {
      Question question = attempts.question(attempt, quiz, questionId);
      if (question instanceof Question.Branching) {
        continue; // scenarios go step by step on their own page
      }
      try {
        Optional<Answer> answer = AnswerForm.read(question, request.getParameterMap());
        answer.ifPresent(a -> answers.put(questionId, a));
      } catch (AnswerForm.Incomplete e) {
        errors.put(questionId, e.messageKey());
      }
    }
    if (!errors.isEmpty()) {
      // nothing is saved until every question on the page can be
      allPage(
          request,
          response,
          session,
          library,
          quiz,
          attempt,
          request.getParameterMap(),
          errors,
          400);
      return;
    }
    if ("submit".equals(request.getParameter("action"))) {
      attempts.submit(attempt, quiz, answers);
      redirect(response, attemptUrl(session, quiz, attempt, "/result", null));
      return;
    }
    if (!answers.isEmpty()) {
      attempts.answerPage(attempt, quiz, answers);
    }
    redirect(response, attemptUrl(session, quiz, attempt, "/all", null) + "&saved=1");
  }

  private void postStep(
      HttpServletRequest request,
      HttpServletResponse response,
      LaunchSession session,
      Quiz quiz,
      Attempt attempt)
      throws IOException {
    String questionId = request.getParameter("question");
    if ("back".equals(request.getParameter("action"))) {
      attempts.back(attempt, quiz, questionId);
    } else {
      attempts.step(attempt, quiz, questionId, request.getParameter("choice"));
    }
    int number = attempt.layout().indexOf(questionId) + 1;
    redirect(response, attemptUrl(session, quiz, attempt, "", number) + "#feedback");
  }

  private void startPage(
      HttpServletRequest request, HttpServletResponse response, LaunchSession session, Quiz quiz)
      throws IOException {
    QuizAttempts.Context context = attempts.context(session, quiz);
    LinkSettings settings = context.settings();
    Optional<Attempt> open = attempts.open(session, quiz, context);
    // a graded link's scores give both the attempts used and the grade: one read
    List<Double> fractions =
        context.graded()
            ? grades.submittedFractions(context.resourceLinkId(), session.userId())
            : List.of();
    int used = fractions.size();
    boolean allPast = "all".equals(request.getParameter("attempts"));
    // one row more than shown says whether there are older ones, without counting them
    List<Attempt> history =
        attempts.history(session, quiz, context, allPast ? Integer.MAX_VALUE : PAST_SHOWN + 1);
    boolean olderPast = !allPast && history.size() > PAST_SHOWN;
    List<PastAttempt> past = new ArrayList<>();
    for (Attempt attempt : olderPast ? history.subList(0, PAST_SHOWN) : history) {
      past.add(
          new PastAttempt(
              QuizFormat.dateTime(attempt.startedAt()),
              attempt.submitted(),
              attempt.mode() == AttemptMode.GRADED,
              attempt.scoreFraction() == null ? "" : QuizFormat.percent(attempt.scoreFraction()),
              attempt.points() == null
                  ? ""
                  : QuizFormat.points(attempt.points())
                      + " / "
                      + QuizFormat.points(attempt.pointsPossible()),
              attemptUrl(session, quiz, attempt, attempt.submitted() ? "/result" : "", null)));
    }
    String blocked = null;
    java.time.Instant now = clock.instant();
    if (context.graded() && open.isEmpty()) {
      blocked =
          settings
              .refusesGradedStart(used, now)
              .map(
                  refusal ->
                      templates
                          .messages()
                          .text(request.getLocale(), refusal.messageKey(), refusal.args()))
              .orElse(null);
    }
    Map<String, Object> model = base(session, quiz);
    model.put("graded", context.graded());
    model.put("sendsGrade", sendsGrade(session));
    model.put("instructor", session.isInstructor());
    model.put("questionCount", quiz.questionsPerAttempt());
    model.put("attemptsUsed", used);
    model.put("maxAttempts", settings.maxAttempts());
    model.put("points", QuizFormat.points(settings.points()));
    // the words' texts come from Java: a message key built inside the template was preprocessed
    // and parsed again on every page
    model.put("gradingText", wordText(request, "quiz.grading." + settings.gradingMethod().word()));
    model.put(
        "feedbackText",
        wordText(
            request,
            "quiz.feedback." + (context.graded() ? settings.feedbackTiming().word() : "practice")));
    model.put("availableFrom", QuizFormat.dateTime(settings.availableFrom()));
    model.put("availableUntil", QuizFormat.dateTime(settings.availableUntil()));
    model.put("open", open.isPresent());
    model.put("resumeHref", open.map(a -> attemptUrl(session, quiz, a, "", null)).orElse(null));
    model.put(
        "resumeAllHref", open.map(a -> attemptUrl(session, quiz, a, "/all", null)).orElse(null));
    model.put("blocked", blocked);
    model.put("past", past);
    model.put("pastShown", PAST_SHOWN);
    model.put("allPastHref", olderPast ? startUrl(session, quiz) + "&attempts=all#past" : null);
    if (context.graded()) {
      grades
          .grade(settings, fractions)
          .ifPresent(
              g ->
                  model.put(
                      "grade",
                      QuizFormat.points(g.points())
                          + " / "
                          + QuizFormat.points(g.pointsPossible())));
    }
    templates.render(request, response, "quiz/start", model);
  }

  private void questionPage(
      HttpServletRequest request,
      HttpServletResponse response,
      LaunchSession session,
      ContentLibrary library,
      Quiz quiz,
      Attempt attempt,
      Map<String, String[]> draft,
      String error,
      int status)
      throws IOException {
    if (attempt.submitted()) {
      redirect(response, attemptUrl(session, quiz, attempt, "/result", null));
      return;
    }
    Map<String, StoredAnswer> answers = attempts.answers(attempt);
    List<AttemptLayout.Slot> slots = attempt.layout().slots();
    int total = slots.size();
    int number;
    if (draft != null) {
      number = attempt.layout().indexOf(request.getParameter("question")) + 1;
    } else {
      number = parseNumber(request.getParameter("n"), firstUnanswered(slots, answers), total);
    }
    String questionId = slots.get(number - 1).questionId();
    Question question =
        quiz.question(questionId).orElseThrow(() -> HttpError.conflict("error.quiz.questionGone"));
    QuestionViews views =
        new QuestionViews(library, session.id(), attempts.rightAnswersDue(attempt, quiz));
    QuestionView view =
        views.build(
            attempt,
            question,
            number,
            answers.get(questionId),
            draft,
            error == null ? null : templates.messages().text(request.getLocale(), error));
    Map<String, Object> model = attemptModel(session, quiz, attempt, answers);
    model.put("q", view);
    // each state of the page has its own title: where a screen-reader user is, before anything else
    boolean scenarioStep = view.isBranching() && !view.branch().finished();
    String titleKey =
        error != null
            ? "quiz.title.problem"
            : scenarioStep
                ? "quiz.title.step"
                : view.verdict() != null || view.isBranching()
                    ? "quiz.title.feedback"
                    : "quiz.title.question";
    int step = scenarioStep ? view.branch().past().size() + 1 : 0;
    model.put(
        "pageTitle",
        templates
            .messages()
            .text(request.getLocale(), titleKey, number, total, quiz.title(), step));
    model.put("number", number);
    model.put("total", total);
    model.put("last", number == total);
    model.put("prevHref", number > 1 ? attemptUrl(session, quiz, attempt, "", number - 1) : null);
    model.put(
        "nextHref", number < total ? attemptUrl(session, quiz, attempt, "", number + 1) : null);
    templates.render(request, response, status, "quiz/question", model);
  }

  private void allPage(
      HttpServletRequest request,
      HttpServletResponse response,
      LaunchSession session,
      ContentLibrary library,
      Quiz quiz,
      Attempt attempt,
      Map<String, String[]> draft,
      Map<String, String> errors,
      int status)
      throws IOException {
    if (attempt.submitted()) {
      redirect(response, attemptUrl(session, quiz, attempt, "/result", null));
      return;
    }
    Map<String, StoredAnswer> answers = attempts.answers(attempt);
    QuestionViews views =
        new QuestionViews(library, session.id(), attempts.rightAnswersDue(attempt, quiz));
    List<QuestionView> questions = new ArrayList<>();
    List<String> scenarioHrefs = new ArrayList<>();
    int number = 0;
    for (AttemptLayout.Slot slot : attempt.layout().slots()) {
      number++;
      Optional<Question> question = quiz.question(slot.questionId());
      if (question.isEmpty()) {
        continue;
      }
      String error = errors.get(slot.questionId());
      questions.add(
          views.build(
              attempt,
              question.get(),
              number,
              answers.get(slot.questionId()),
              draft,
              error == null ? null : templates.messages().text(request.getLocale(), error)));
      scenarioHrefs.add(attemptUrl(session, quiz, attempt, "", number));
    }
    Map<String, Object> model = attemptModel(session, quiz, attempt, answers);
    model.put("questions", questions);
    model.put("scenarioHrefs", scenarioHrefs);
    model.put("saved", request.getParameter("saved") != null && draft == null);
    model.put("hasErrors", !errors.isEmpty());
    templates.render(request, response, status, "quiz/all", model);
  }

  private void summaryPage(
      HttpServletRequest request,
      HttpServletResponse response,
      LaunchSession session,
      Quiz quiz,
      Attempt attempt)
      throws IOException {
    if (attempt.submitted()) {
      redirect(response, attemptUrl(session, quiz, attempt, "/result", null));
      return;
    }
    Map<String, StoredAnswer> answers = attempts.answers(attempt);
    List<SummaryRow> rows = new ArrayList<>();
    int number = 0;
    int unanswered = 0;
    for (AttemptLayout.Slot slot : attempt.layout().slots()) {
      number++;
      StoredAnswer answer = answers.get(slot.questionId());
      boolean done = answer != null && answer.complete();
      if (!done) {
        unanswered++;
      }
      rows.add(
          new SummaryRow(
              number,
              done,
              answer != null && !answer.complete(),
              attemptUrl(session, quiz, attempt, "", number)));
    }
    Map<String, Object> model = attemptModel(session, quiz, attempt, answers);
    model.put("rows", rows);
    model.put("unanswered", unanswered);
    templates.render(request, response, "quiz/summary", model);
  }

  private void resultPage(
      HttpServletRequest request,
      HttpServletResponse response,
      LaunchSession session,
      ContentLibrary library,
      Quiz quiz,
      Attempt attempt)
      throws IOException {
    if (!attempt.submitted()) {
      redirect(response, attemptUrl(session, quiz, attempt, "", null));
      return;
    }
    Map<String, StoredAnswer> answers = attempts.answers(attempt);
    boolean graded = attempt.mode() == AttemptMode.GRADED && attempt.resourceLinkId() != null;
    Optional<QuizGrades.LinkGrade> grade = Optional.empty();
    boolean rightAnswersDue;
    if (graded) {
      // the link's settings and the learner's scores serve the right-answer rule and the grade
      LinkSettings settings = grades.settings(attempt.resourceLinkId());
      List<Double> fractions =
          grades.submittedFractions(attempt.resourceLinkId(), attempt.userId());
      rightAnswersDue = attempts.rightAnswersDue(attempt, settings, fractions.size());
      grade = grades.grade(settings, fractions);
    } else {
      rightAnswersDue = attempts.rightAnswersDue(attempt, quiz);
    }
    Map<String, Object> model =
        submittedModel(session, library, quiz, attempt, answers, session.id(), rightAnswersDue);
    model.put("answersHref", attemptUrl(session, quiz, attempt, "/answers", null));
    if (graded) {
      grade.ifPresent(g -> model.put("gradeComment", g.comment()));
      // grades off for this activity (no outcome address, no score service): no "waiting to send"
      model.put(
          "sync",
          !sendsGrade(session)
              ? "none"
              : outbox
                  .syncState(attempt.resourceLinkId(), attempt.userId())
                  .map(s -> s.status().name().toLowerCase(java.util.Locale.ROOT))
                  .orElse(null));
      Object sync = model.get("sync");
      model.put("syncText", sync == null ? null : wordText(request, "quiz.sync." + sync));
    }
    templates.render(request, response, "quiz/result", model);
  }

  /**
   * A submitted attempt's answers on one page without the tool's navigation, to print; with {@code
   * download} the same page as a file, whose links carry no session id.
   */
  private void answersPage(
      HttpServletRequest request,
      HttpServletResponse response,
      LaunchSession session,
      ContentLibrary library,
      Quiz quiz,
      Attempt attempt)
      throws IOException {
    if (!attempt.submitted()) {
      redirect(response, attemptUrl(session, quiz, attempt, "", null));
      return;
    }
    boolean download = request.getParameter("download") != null;
    Map<String, StoredAnswer> answers = attempts.answers(attempt);
    Map<String, Object> model =
        submittedModel(
            session,
            library,
            quiz,
            attempt,
            answers,
            download ? "" : session.id(),
            attempts.rightAnswersDue(attempt, quiz));
    model.put("download", download);
    model.put("downloadHref", attemptUrl(session, quiz, attempt, "/answers", null) + "&download=1");
    model.put("resultHref", attemptUrl(session, quiz, attempt, "/result", null));
    if (download) {
      response.setHeader(
          "Content-Disposition",
          "attachment; filename=\"" + quiz.id() + "-answers-" + attempt.id() + ".html\"");
    }
    templates.render(request, response, "quiz/answers", model);
  }

  /**
   * What the result and answers pages show of a submitted attempt; links in it carry {@code
   * linkSession}.
   */
  private Map<String, Object> submittedModel(
      LaunchSession session,
      ContentLibrary library,
      Quiz quiz,
      Attempt attempt,
      Map<String, StoredAnswer> answers,
      String linkSession,
      boolean rightAnswersDue) {
    QuestionViews views = new QuestionViews(library, linkSession, rightAnswersDue);
    List<QuestionView> questions = new ArrayList<>();
    int number = 0;
    for (AttemptLayout.Slot slot : attempt.layout().slots()) {
      number++;
      int n = number;
      quiz.question(slot.questionId())
          .ifPresent(
              q ->
                  questions.add(
                      views.build(attempt, q, n, answers.get(slot.questionId()), null, null)));
    }
    Map<String, Object> model = attemptModel(session, quiz, attempt, answers);
    model.put("questions", questions);
    model.put("score", QuizFormat.percent(attempt.scoreFraction()));
    model.put("points", QuizFormat.points(attempt.points()));
    model.put("pointsPossible", QuizFormat.points(attempt.pointsPossible()));
    model.put("submittedAt", QuizFormat.dateTime(attempt.submittedAt()));
    return model;
  }

  /**
   * False when the launch offered no way to send this learner's grade to the platform (LTI 1.1
   * without an outcome address, as Moodle launches an activity that does not accept grades; LTI 1.3
   * without the score service); sessions that do not say send grades.
   */
  static boolean sendsGrade(LaunchSession session) {
    return SENDS_GRADES.get(session.launchData());
  }

  private Map<String, Object> base(LaunchSession session, Quiz quiz) {
    Map<String, Object> model = new HashMap<>();
    model.put("quiz", quiz);
    model.put("s", session.id());
    model.put("csrf", session.csrfToken());
    model.put("startHref", startUrl(session, quiz));
    return model;
  }

  private static String startUrl(LaunchSession session, Quiz quiz) {
    return "/quizzes/" + quiz.id() + "?s=" + encode(session.id());
  }

  private Map<String, Object> attemptModel(
      LaunchSession session, Quiz quiz, Attempt attempt, Map<String, StoredAnswer> answers) {
    Map<String, Object> model = base(session, quiz);
    model.put("attempt", attempt);
    model.put("graded", attempt.mode() == AttemptMode.GRADED);
    model.put("sendsGrade", sendsGrade(session));
    model.put("practice", attempt.practice());
    model.put("instructor", session.isInstructor());
    model.put("immediate", attempt.immediateFeedback());
    model.put("actionBase", "/quizzes/" + quiz.id() + "/attempts/" + attempt.id());
    model.put("allHref", attemptUrl(session, quiz, attempt, "/all", null));
    model.put("oneHref", attemptUrl(session, quiz, attempt, "", 1));
    model.put("summaryHref", attemptUrl(session, quiz, attempt, "/summary", null));
    model.put("answeredCount", answers.values().stream().filter(StoredAnswer::complete).count());
    model.put("questionTotal", attempt.layout().slots().size());
    return model;
  }

  /**
   * The text of a message named by a word (a grading method, a sync state), as the page's {@code
   * #{...}} gave it: a missing key shows as {@code ??key??}.
   */
  private String wordText(HttpServletRequest request, String key) {
    return templates.messages().find(request.getLocale(), key).orElse("??" + key + "??");
  }

  private static int firstUnanswered(
      List<AttemptLayout.Slot> slots, Map<String, StoredAnswer> answers) {
    for (int i = 0; i < slots.size(); i++) {
      StoredAnswer answer = answers.get(slots.get(i).questionId());
      if (answer == null || !answer.complete()) {
        return i + 1;
      }
    }
    return 1;
  }

  private static int parseNumber(String value, int fallback, int total) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Math.max(1, Math.min(total, Integer.parseInt(value.trim())));
    } catch (NumberFormatException e) {
      throw HttpError.badRequest("error.quiz.badQuestionNumber", value);
    }
  }

  private static Integer numberParam(HttpServletRequest request, Attempt attempt) {
    int index = attempt.layout().indexOf(request.getParameter("question"));
    return index < 0 ? null : index + 1;
  }

  private static String attemptUrl(
      LaunchSession session, Quiz quiz, Attempt attempt, String suffix, Integer number) {
    return "/quizzes/"
        + quiz.id()
        + "/attempts/"
        + attempt.id()
        + suffix
        + "?s="
        + encode(session.id())
        + (number == null ? "" : "&n=" + number);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static void redirect(HttpServletResponse response, String location) {
    response.setStatus(303);
    response.setHeader("Location", location);
  }
}
