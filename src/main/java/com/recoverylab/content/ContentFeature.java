package com.recoverylab.content;

import com.recoverylab.grading.GradeOutbox;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.Feature;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Templates;
import jakarta.servlet.Servlet;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/** The course overview and the lessons; a lesson link's completion goes out as a grade. */
public record ContentFeature(Map<String, Servlet> servlets) implements Feature {
  public ContentFeature {
    servlets = Feature.paths(servlets);
  }

  public static ContentFeature create(
      Jdbc jdbc,
      Templates templates,
      LaunchSessions sessions,
      Supplier<ContentLibrary> content,
      GradeOutbox outbox,
      Clock clock) {
    LessonReadRepository reads = new LessonReadRepository(jdbc);
    return new ContentFeature(
        Map.of(
            "/course", new CourseServlet(templates, sessions, content, reads),
            "/lessons/*",
                new LessonServlet(
                    templates,
                    sessions,
                    content,
                    new LessonCompletion(jdbc, reads, outbox, clock))));
  }
}
