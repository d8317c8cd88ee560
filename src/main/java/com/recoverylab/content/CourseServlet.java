package com.recoverylab.content;

import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Templates;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** {@code /course}: every lesson in order (with reading time and a read mark) and every quiz. */
public final class CourseServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient Templates templates;
  private final transient LaunchSessions sessions;
  private final transient Supplier<ContentLibrary> content;
  private final transient LessonReadRepository reads;

  public CourseServlet(
      Templates templates,
      LaunchSessions sessions,
      Supplier<ContentLibrary> content,
      LessonReadRepository reads) {
    this.templates = templates;
    this.sessions = sessions;
    this.content = content;
    this.reads = reads;
  }

  /** A lesson as the overview lists it. */
  public record LessonRow(Lesson lesson, boolean read) {}

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    LaunchSession session = sessions.require(request);
    ContentLibrary library = content.get();
    Set<String> read = reads.readLessons(session.userId(), session.courseId());
    List<LessonRow> lessons =
        library.lessons().stream().map(l -> new LessonRow(l, read.contains(l.id()))).toList();
    templates.render(
        request,
        response,
        "course/overview",
        Map.of(
            "s", session.id(),
            "lessons", lessons,
            "readCount", lessons.stream().filter(LessonRow::read).count(),
            "quizzes", library.quizzes()));
  }
}
