package com.recoverylab.sandbox;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.Lesson;
import com.recoverylab.content.Quiz;
import com.recoverylab.web.Templates;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The sandbox course page: members, activities with their launch buttons, and adding activities.
 */
final class CoursePage {
  private final Templates templates;
  private final CourseRepository course;
  private final Supplier<ContentLibrary> content;

  CoursePage(Templates templates, CourseRepository course, Supplier<ContentLibrary> content) {
    this.templates = templates;
    this.course = course;
    this.content = content;
  }

  /** A row of the activity list. */
  record ActivityRow(long id, String title, String content, String gradeColumn) {}

  /** A choice in the "add activity" list: the custom content value and what it is. */
  record ContentChoice(String value, String label) {}

  /** Renders the page with notices (already worded) on top. */
  void render(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      List<String> notices,
      List<String> problems)
      throws IOException {
    List<SandboxUser> users = course.users();
    List<LineItem> lineItems = course.lineItems();
    List<ActivityRow> rows = new ArrayList<>();
    for (Activity activity : course.activities()) {
      String column =
          lineItems.stream()
              .filter(item -> item.activityId() != null && item.activityId() == activity.id())
              .map(item -> item.label() + " (" + plain(item.scoreMaximum()) + ")")
              .reduce((a, b) -> a + ", " + b)
              .orElse(null);
      rows.add(new ActivityRow(activity.id(), activity.title(), activity.content(), column));
    }
    Map<String, Object> model = new HashMap<>();
    model.put("courseLabel", SandboxCourse.LABEL);
    model.put("courseTitle", SandboxCourse.TITLE);
    model.put("courseId", SandboxCourse.ID);
    model.put("users", users);
    model.put("instructors", users.stream().filter(SandboxUser::instructor).toList());
    model.put("activities", rows);
    model.put("choices", choices(content.get()));
    model.put("notices", notices);
    model.put("problems", problems);
    templates.render(request, response, status, "sandbox/home", model);
  }

  static List<ContentChoice> choices(ContentLibrary library) {
    List<ContentChoice> choices = new ArrayList<>();
    choices.add(new ContentChoice("overview", "Course overview (all lessons and quizzes)"));
    for (Lesson lesson : library.lessons()) {
      choices.add(new ContentChoice("lesson:" + lesson.id(), "Lesson: " + lesson.title()));
    }
    for (Quiz quiz : library.quizzes()) {
      choices.add(
          new ContentChoice(
              "quiz:" + quiz.id(),
              "Quiz: "
                  + quiz.title()
                  + " ("
                  + plain(BigDecimal.valueOf(quiz.settings().points()))
                  + " points)"));
    }
    return choices;
  }

  static String plain(BigDecimal value) {
    return value == null ? "" : value.stripTrailingZeros().toPlainString();
  }
}
