package com.recoverylab.sandbox;

import com.recoverylab.web.Templates;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code /sandbox/gradebook}: every gradebook column and the latest score received per student. */
final class GradebookServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient Templates templates;
  private final transient CourseRepository course;
  private final transient GradebookRepository gradebook;

  GradebookServlet(Templates templates, CourseRepository course, GradebookRepository gradebook) {
    this.templates = templates;
    this.course = course;
    this.gradebook = gradebook;
  }

  /**
   * One line of the gradebook; {@code grade} is empty when the last score cleared it. {@code
   * activityId} is null for a column the tool made without an activity.
   */
  record Row(
      String user,
      String activity,
      String column,
      String grade,
      String sent,
      String timestamp,
      String comment,
      String activityProgress,
      String gradingProgress,
      Long activityId,
      String userId) {}

  /** A gradebook column; {@code activityId} is null for one the tool made without an activity. */
  record Column(
      long id,
      String label,
      String maximum,
      String activity,
      String resourceId,
      String tag,
      Long activityId) {}

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Map<String, SandboxUser> users =
        course.users().stream().collect(Collectors.toMap(SandboxUser::id, Function.identity()));
    Map<Long, Activity> activities =
        course.activities().stream().collect(Collectors.toMap(Activity::id, Function.identity()));
    Map<Long, LineItem> items =
        course.lineItems().stream().collect(Collectors.toMap(LineItem::id, Function.identity()));
    List<Column> columns = new ArrayList<>();
    for (LineItem item :
        items.values().stream().sorted(java.util.Comparator.comparingLong(LineItem::id)).toList()) {
      columns.add(
          new Column(
              item.id(),
              item.label(),
              CoursePage.plain(item.scoreMaximum()),
              activityTitle(activities, item),
              item.resourceId(),
              item.tag(),
              item.activityId()));
    }
    List<Row> rows = new ArrayList<>();
    for (ScoreResult result : gradebook.all()) {
      LineItem item = items.get(result.lineItemId());
      SandboxUser user = users.get(result.userId());
      BigDecimal grade = result.gradeOutOf(item.scoreMaximum());
      rows.add(
          new Row(
              user == null ? result.userId() : user.name(),
              activityTitle(activities, item),
              item.label(),
              grade == null
                  ? ""
                  : CoursePage.plain(grade) + " / " + CoursePage.plain(item.scoreMaximum()),
              result.graded()
                  ? CoursePage.plain(result.scoreGiven())
                      + " / "
                      + CoursePage.plain(result.scoreMaximum())
                  : "",
              result.timestamp().toString(),
              result.comment() == null ? "" : result.comment(),
              result.activityProgress(),
              result.gradingProgress(),
              item.activityId(),
              result.userId()));
    }
    Map<String, Object> model = new HashMap<>();
    model.put("columns", columns);
    model.put("rows", rows);
    model.put("courseTitle", SandboxCourse.TITLE);
    // submission reviews are opened from the gradebook by a teacher, as in Moodle
    model.put("teachers", course.users().stream().filter(SandboxUser::instructor).toList());
    templates.render(request, response, "sandbox/gradebook", model);
  }

  private static String activityTitle(Map<Long, Activity> activities, LineItem item) {
    Activity activity = item.activityId() == null ? null : activities.get(item.activityId());
    return activity == null ? "" : activity.title();
  }
}
