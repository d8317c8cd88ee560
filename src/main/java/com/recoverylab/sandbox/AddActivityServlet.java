package com.recoverylab.sandbox;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.Lesson;
import com.recoverylab.content.Quiz;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.HttpError;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST /sandbox/activities}: adds an activity by picking content directly, as a teacher who
 * types the custom parameter into Moodle would. A quiz gets a gradebook column worth its points.
 */
final class AddActivityServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final int MAX_TITLE = 255;
  private final transient Jdbc jdbc;
  private final transient CourseRepository course;
  private final transient Supplier<ContentLibrary> content;
  private final transient Clock clock;

  AddActivityServlet(
      Jdbc jdbc, CourseRepository course, Supplier<ContentLibrary> content, Clock clock) {
    this.jdbc = jdbc;
    this.course = course;
    this.content = content;
    this.clock = clock;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws java.io.IOException {
    String value = request.getParameter("content");
    if (value == null || value.isBlank()) {
      throw HttpError.badRequest("sandbox.add.noContent");
    }
    String typedTitle =
        request.getParameter("title") == null ? "" : request.getParameter("title").trim();
    if (typedTitle.length() > MAX_TITLE) {
      throw HttpError.badRequest("sandbox.add.titleTooLong", MAX_TITLE);
    }
    ContentLibrary library = content.get();
    String title;
    String description;
    Quiz quiz = null;
    if (value.equals("overview")) {
      title = "Course overview";
      description = "All lessons and scenario quizzes of Recovery Lab.";
    } else if (value.startsWith("lesson:")) {
      Lesson lesson =
          library
              .lesson(value.substring("lesson:".length()))
              .orElseThrow(() -> HttpError.badRequest("sandbox.add.unknownContent", value));
      title = lesson.title();
      description = lesson.summary();
    } else if (value.startsWith("quiz:")) {
      quiz =
          library
              .quiz(value.substring("quiz:".length()))
              .orElseThrow(() -> HttpError.badRequest("sandbox.add.unknownContent", value));
      title = quiz.title();
      description = quiz.summary();
    } else {
      throw HttpError.badRequest("sandbox.add.unknownContent", value);
    }
    String finalTitle = typedTitle.isEmpty() ? title : typedTitle;
    Quiz graded = quiz;
    Instant now = clock.instant();
    long id =
        jdbc.inTransaction(
            () -> {
              long activityId =
                  course.insertActivity(
                      finalTitle, description, null, Map.of("content", value), null, now);
              if (graded != null) {
                course.insertLineItem(
                    activityId,
                    finalTitle,
                    BigDecimal.valueOf(graded.settings().points()),
                    graded.id(),
                    "quiz",
                    null,
                    null,
                    now);
              }
              return activityId;
            });
    // post/redirect/get, so reloading the course page does not add the activity twice
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", "/sandbox?added=" + id);
  }
}
