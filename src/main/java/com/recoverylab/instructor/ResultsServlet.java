package com.recoverylab.instructor;

import com.recoverylab.content.Quiz;
import com.recoverylab.lti.services.Membership;
import com.recoverylab.quiz.AttemptResponses;
import com.recoverylab.review.SpacedReview;
import com.recoverylab.web.HttpError;
import com.recoverylab.web.Templates;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Results of the session's link: a page per 50 learners with scores, time and grade sync, class
 * statistics drawn as SVG with tables beside them, learners who have not started (from the
 * platform's roster), the CSV of the same rows, and re-sending grades.
 */
final class ResultsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(ResultsServlet.class);

  /** Roster learners listed by name before the page just gives the count. */
  static final int NOT_STARTED_SHOWN = 200;

  private final transient InstructorAccess access;
  private final transient Results results;
  private final transient Roster roster;
  private final transient GradeSync sync;
  private final transient SpacedReview spacedReview;
  private final transient Templates templates;
  private final transient ItemAnalysis items;

  ResultsServlet(
      InstructorAccess access,
      Results results,
      ItemAnalysis items,
      Roster roster,
      GradeSync sync,
      SpacedReview spacedReview,
      Templates templates) {
    this.spacedReview = spacedReview;
    this.access = access;
    this.results = results;
    this.items = items;
    this.roster = roster;
    this.sync = sync;
    this.templates = templates;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    InstructorAccess.OnLink on = access.require(request);
    Optional<Quiz> quiz = results.quiz(on.link());
    if (request.getRequestURI().endsWith(".csv")) {
      csv(
          request,
          response,
          on,
          quiz.orElseThrow(() -> HttpError.notFound("instructor.results.notQuiz")));
      return;
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("launch", on.session());
    model.put("link", on.link());
    model.put("quiz", quiz.orElse(null));
    // only a count this page put in its own redirect; anything else shows no notice
    String resent = request.getParameter("resent");
    model.put(
        "resent", resent != null && resent.matches("\\d{1,6}") ? Integer.valueOf(resent) : null);
    if (quiz.isEmpty()) {
      templates.render(request, response, "instructor/results", model);
      return;
    }
    AttemptResponses.Counting counting = ItemAnalysis.counting(request.getParameter("attempts"));
    QuizRules rules = results.rules(on.link(), quiz.get());
    model.put("column", sync.columnState(on.link().id()).orElse(null));
    Roster.View rosterView = roster.of(on.session());
    String name = request.getParameter("name");
    String group = request.getParameter("group");
    LearnerRows.Filter filter = Results.filter(name, group, rosterView);
    int total = results.countStudents(on.link(), filter);
    boolean filtered = filter.name() != null || filter.subjects() != null;
    // a filter that matches nobody must not read as "nobody has started"
    int startedTotal = filtered ? results.countStudents(on.link(), LearnerRows.Filter.NONE) : total;
    int pages = Math.max(1, (total + Results.PAGE_SIZE - 1) / Results.PAGE_SIZE);
    int page = Math.min(pages, page(request.getParameter("page")));
    String s = URLEncoder.encode(on.session().id(), StandardCharsets.UTF_8);
    List<StudentRow> rows = results.students(on.link(), filter, page);
    Map<Long, GradeSync.State> states =
        sync.states(on.link().id(), rows.stream().map(StudentRow::userId).toList());
    List<StudentView> students =
        rows.stream().map(r -> StudentView.of(r, rules, states.get(r.userId()), s)).toList();
    int[] bins = results.histogram(on.link(), rules.gradingMethod(), filter);
    List<Map<String, Object>> binRows = new ArrayList<>();
    for (int i = 0; i < bins.length; i++) {
      binRows.add(
          Map.of(
              "range", i * 10 + "\u2013" + (i == 9 ? 100 : i * 10 + 9) + "%", "learners", bins[i]));
    }
    List<QuestionStat> questions = results.questions(on.link(), quiz.get());
    List<Membership> notStarted = results.notStarted(on.link(), rosterView, filter);

    model.put("rules", rules);
    model.put("students", students);
    model.put("total", total);
    model.put("filtered", filtered);
    model.put("startedTotal", startedTotal);
    model.put("clearFilterUrl", "/instructor/results?s=" + s);
    // without a submitted attempt every chart and table below would be zeros: one line says so
    // instead
    model.put("hasSubmissions", questions.stream().anyMatch(q -> q.answers() > 0));
    model.put("page", page);
    model.put("pages", pages);
    String query =
        "s="
            + s
            + (name == null || name.isBlank() ? "" : "&name=" + enc(name.trim()))
            + (group == null || group.isBlank() ? "" : "&group=" + enc(group));
    model.put("prevUrl", page > 1 ? "/instructor/results?" + query + "&page=" + (page - 1) : null);
    model.put(
        "nextUrl", page < pages ? "/instructor/results?" + query + "&page=" + (page + 1) : null);
    model.put("csvUrl", "/instructor/results.csv?" + query);
    model.put("name", name == null ? "" : name);
    model.put("group", group == null ? "" : group);
    model.put("groups", Results.groups(rosterView));
    model.put("roster", rosterView);
    model.put("histogram", Charts.histogram(bins, "Learners by graded score, in steps of 10%"));
    model.put("bins", binRows);
    model.put("questions", questions);
    model.put("mostMissed", Results.mostMissed(questions));
    model.put("misconceptions", results.misconceptions(on.link(), on.session().id()));
    model.put("reviewDue", spacedReview.dueByTag(on.link().courseId()));
    model.put("reviewOffered", spacedReview.offeredOn(on.link().id()));
    model.put("notStarted", notStarted.stream().limit(NOT_STARTED_SHOWN).toList());
    model.put("notStartedCount", notStarted.size());
    model.put("resets", results.resets(on.link()));
    model.put("items", items.of(on.link(), quiz.get(), counting));
    model.put("itemsAll", counting == AttemptResponses.Counting.ALL);
    model.put("itemsFirstUrl", "/instructor/results?s=" + s + "&attempts=first#items");
    model.put("itemsAllUrl", "/instructor/results?s=" + s + "&attempts=all#items");
    model.put(
        "itemsCsvUrl", "/instructor/items.csv?s=" + s + "&attempts=" + ItemAnalysis.word(counting));
    model.put("minLearners", ItemStatistics.MIN_LEARNERS);
    templates.render(request, response, "instructor/results", model);
  }

  /**
   * Re-sends grades: one learner's ({@code user} = their user id in the tool) or the whole link's.
   */
  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    InstructorAccess.OnLink on = access.require(request);
    if (results.quiz(on.link()).isEmpty()) {
      throw HttpError.badRequest("instructor.results.notQuiz");
    }
    String user = request.getParameter("user");
    int resent;
    if (user == null || user.isBlank()) {
      resent = sync.resendLink(on.link().id());
    } else {
      long userId;
      try {
        userId = Long.parseLong(user.trim());
      } catch (NumberFormatException e) {
        throw HttpError.badRequest("instructor.results.badUser", user);
      }
      if (!results.hasGradedAttempt(on.link(), userId)) {
        throw HttpError.forbidden("instructor.review.otherCourse");
      }
      resent = sync.resendOne(on.link().id(), userId) ? 1 : 0;
    }
    log.info(
        "event=grades_resent link={} by={} count={}",
        on.link().id(),
        on.session().userId(),
        resent);
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader(
        "Location", "/instructor/results?s=" + enc(on.session().id()) + "&resent=" + resent);
  }

  private void csv(
      HttpServletRequest request,
      HttpServletResponse response,
      InstructorAccess.OnLink on,
      Quiz quiz)
      throws IOException {
    QuizRules rules = results.rules(on.link(), quiz);
    Roster.View rosterView = roster.of(on.session());
    LearnerRows.Filter filter =
        Results.filter(request.getParameter("name"), request.getParameter("group"), rosterView);
    List<StudentRow> rows = results.allStudents(on.link(), filter);
    Map<Long, GradeSync.State> states =
        sync.states(on.link().id(), rows.stream().map(StudentRow::userId).toList());
    String s = enc(on.session().id());
    response.setContentType("text/csv;charset=UTF-8");
    response.setHeader(
        "Content-Disposition", "attachment; filename=\"results-" + quiz.id() + ".csv\"");
    PrintWriter out = response.getWriter();
    out.write(
        Csv.row(
            List.of(
                "name",
                "user_id",
                "attempts",
                "in_progress",
                "best",
                "last",
                "graded",
                "graded_points",
                "points_possible",
                "time_spent",
                "sync_status",
                "sync_error")));
    for (StudentRow row : rows) {
      StudentView view = StudentView.of(row, rules, states.get(row.userId()), s);
      out.write(
          Csv.row(
              List.of(
                  view.name(),
                  view.subject(),
                  Integer.toString(view.attempts()),
                  Integer.toString(view.inProgress()),
                  view.best(),
                  view.last(),
                  view.graded(),
                  view.gradedPoints(),
                  rules.pointsText(),
                  view.timeSpent(),
                  view.syncStatus(),
                  view.syncError())));
    }
    for (Membership member : results.notStarted(on.link(), rosterView, filter)) {
      out.write(
          Csv.row(
              List.of(
                  member.displayName(),
                  member.userId(),
                  "0",
                  "0",
                  "",
                  "",
                  "",
                  "",
                  rules.pointsText(),
                  "",
                  "NOT_STARTED",
                  "")));
    }
  }

  private static int page(String text) {
    try {
      return text == null ? 1 : Math.max(1, Integer.parseInt(text.trim()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
