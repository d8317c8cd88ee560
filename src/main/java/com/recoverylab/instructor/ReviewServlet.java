package com.recoverylab.instructor;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.Question;
import com.recoverylab.content.Quiz;
import com.recoverylab.course.CourseRecordRepository;
import com.recoverylab.quiz.QuizResults;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.HttpError;
import com.recoverylab.web.Templates;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
 * One learner's attempts on the session's link ({@code /instructor/review}, also where a platform's
 * submission review launch lands) and resetting them ({@code /instructor/reset}: a confirmation
 * page, then a POST that removes the graded attempts and records who did it).
 */
final class ReviewServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(ReviewServlet.class);
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final transient InstructorAccess access;
  private final transient QuizResults results;
  private final transient CourseRecordRepository people;
  private final transient ResetRepository resets;
  private final transient Jdbc jdbc;
  private final transient Supplier<ContentLibrary> content;
  private final transient Templates templates;
  private final transient Clock clock;

  ReviewServlet(
      InstructorAccess access,
      QuizResults results,
      CourseRecordRepository people,
      ResetRepository resets,
      Jdbc jdbc,
      Supplier<ContentLibrary> content,
      Templates templates,
      Clock clock) {
    this.access = access;
    this.results = results;
    this.people = people;
    this.resets = resets;
    this.jdbc = jdbc;
    this.content = content;
    this.templates = templates;
    this.clock = clock;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    InstructorAccess.OnLink on = access.require(request);
    CourseRecordRepository.Person learner = learner(request, on);
    List<QuizResults.LearnerAttempt> attempts =
        results.learnerAttempts(on.link().id(), learner.id());
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("launch", on.session());
    model.put("link", on.link());
    model.put("learnerName", learner.shownName());
    model.put("attemptCount", attempts.size());
    model.put("user", learner.subject());
    if (request.getRequestURI().endsWith("/reset")) {
      templates.render(request, response, "instructor/reset", model);
      return;
    }
    Quiz quiz = on.link().isQuiz() ? content.get().quiz(on.link().contentId()).orElse(null) : null;
    model.put("quiz", quiz);
    model.put("attempts", reviews(attempts, quiz));
    model.put(
        "resetUrl",
        "/instructor/reset?s=" + enc(on.session().id()) + "&user=" + enc(learner.subject()));
    templates.render(request, response, "instructor/review", model);
  }

  /** The reset itself (only {@code /instructor/reset} takes a POST). */
  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!request.getRequestURI().endsWith("/reset")) {
      throw new HttpError(405, "error.badRequest");
    }
    InstructorAccess.OnLink on = access.require(request);
    CourseRecordRepository.Person learner = learner(request, on);
    long linkId = on.link().id();
    int removed =
        jdbc.inTransaction(
            () -> {
              int count = results.removeGradedAttempts(linkId, learner.id());
              resets.recordReset(
                  linkId, learner.id(), on.session().userId(), count, clock.instant());
              return count;
            });
    log.info(
        "event=attempts_reset link={} learner={} by={} removed={}",
        linkId,
        learner.id(),
        on.session().userId(),
        removed);
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", "/instructor/results?s=" + enc(on.session().id()) + "#resets");
  }

  /** The learner named by {@code user} (their platform user id), on the session's platform only. */
  private CourseRecordRepository.Person learner(
      HttpServletRequest request, InstructorAccess.OnLink on) {
    String subject = request.getParameter("user");
    if (subject == null || subject.isBlank()) {
      throw HttpError.badRequest("instructor.review.noUser");
    }
    CourseRecordRepository.Person learner =
        people
            .person(on.session().platformId(), subject)
            .orElseThrow(() -> HttpError.notFound("instructor.review.unknownUser", subject));
    // a platform user id from another course is not one of this course's students: they took part
    // here when they have an attempt in the course or a reset on this link
    if (!results.tookPartIn(learner.id(), on.session().courseId())
        && !resets.wasReset(learner.id(), on.link().id())) {
      throw HttpError.forbidden("instructor.review.otherCourse");
    }
    return learner;
  }

  private List<AttemptReview> reviews(List<QuizResults.LearnerAttempt> attempts, Quiz quiz) {
    List<Long> ids = attempts.stream().map(QuizResults.LearnerAttempt::id).toList();
    Map<Long, Map<String, QuizResults.AnswerRow>> answers = new LinkedHashMap<>();
    for (QuizResults.AnswerRow answer : results.answers(ids)) {
      answers
          .computeIfAbsent(answer.attemptId(), k -> new LinkedHashMap<>())
          .put(answer.questionId(), answer);
    }
    Map<Long, Map<String, List<QuizResults.PickRow>>> picks = new LinkedHashMap<>();
    for (QuizResults.PickRow pick : results.picks(ids)) {
      picks
          .computeIfAbsent(pick.attemptId(), k -> new LinkedHashMap<>())
          .computeIfAbsent(pick.questionId(), k -> new ArrayList<>())
          .add(pick);
    }
    List<AttemptReview> reviews = new ArrayList<>();
    int number = 1;
    for (QuizResults.LearnerAttempt attempt : attempts) {
      Map<String, QuizResults.AnswerRow> byQuestion = answers.getOrDefault(attempt.id(), Map.of());
      Map<String, List<QuizResults.PickRow>> pickedBy = picks.getOrDefault(attempt.id(), Map.of());
      Set<String> questionIds = new LinkedHashSet<>(byQuestion.keySet());
      List<AttemptReview.AnswerReview> rows = new ArrayList<>();
      if (quiz != null) {
        // quiz order first, then anything the quiz no longer has
        List<String> ordered = new ArrayList<>();
        quiz.questions()
            .forEach(
                q -> {
                  if (questionIds.remove(q.id())) {
                    ordered.add(q.id());
                  }
                });
        ordered.addAll(questionIds);
        questionIds.clear();
        questionIds.addAll(ordered);
      }
      for (String questionId : questionIds) {
        Question question = quiz == null ? null : quiz.question(questionId).orElse(null);
        Map<String, String> texts = question == null ? Map.of() : Results.optionTexts(question);
        List<String> picked = new ArrayList<>();
        for (QuizResults.PickRow pick : pickedBy.getOrDefault(questionId, List.of())) {
          String text = texts.getOrDefault(pick.optionId(), pick.optionId());
          String slot = pick.slot() == null ? "" : slotLabel(question, pick.slot());
          picked.add(
              (slot.isEmpty() ? "" : slot + ": ")
                  + text
                  + (pick.correct() ? " \u2714" : " \u2718"));
        }
        QuizResults.AnswerRow answer = byQuestion.get(questionId);
        rows.add(
            new AttemptReview.AnswerReview(
                question == null ? "<p>" + Charts.escape(questionId) + "</p>" : question.prompt(),
                picked,
                answer != null,
                answer == null ? "" : StudentView.percent(answer.score()),
                answer != null && answer.score() >= 0.999));
      }
      reviews.add(
          new AttemptReview(
              number++,
              attempt.status(),
              when(attempt.startedAt()),
              when(attempt.submittedAt()),
              StudentView.percent(attempt.scoreFraction()),
              attempt.points() == null
                  ? ""
                  : QuizRules.plain(attempt.points())
                      + " / "
                      + QuizRules.plain(attempt.pointsPossible()),
              rows));
    }
    return reviews;
  }

  /** A ranking position, a matching pair's left side or a branching step, in words. */
  private static String slotLabel(Question question, String slot) {
    if (question instanceof Question.Matching matching) {
      return matching.pairs().stream()
          .filter(p -> p.id().equals(slot))
          .map(Question.Pair::left)
          .findFirst()
          .orElse(slot);
    }
    if (question instanceof Question.Ranking) {
      // ranking slots are stored as the 1-based position the learner gave
      return "#" + slot;
    }
    return "";
  }

  private static String when(Instant instant) {
    return instant == null ? "" : WHEN.format(instant);
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
