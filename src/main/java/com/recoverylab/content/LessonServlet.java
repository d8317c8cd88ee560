package com.recoverylab.content;

import com.recoverylab.web.HttpError;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Templates;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /lessons/{id}}: the lesson's text, where it sits in the course ("Lesson 2 of 6"), previous
 * and next lessons, and the quizzes that practise it. Opening it records the read.
 */
public final class LessonServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient Templates templates;
  private final transient LaunchSessions sessions;
  private final transient Supplier<ContentLibrary> content;
  private final transient LessonCompletion completion;

  public LessonServlet(
      Templates templates,
      LaunchSessions sessions,
      Supplier<ContentLibrary> content,
      LessonCompletion completion) {
    this.templates = templates;
    this.sessions = sessions;
    this.content = content;
    this.completion = completion;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    LaunchSession session = sessions.require(request);
    String id = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
    ContentLibrary library = content.get();
    Lesson lesson =
        library.lesson(id).orElseThrow(() -> HttpError.notFound("error.lesson.unknown", id));
    completion.read(session, lesson);

    List<Lesson> lessons = library.lessons();
    int index = lessons.indexOf(lesson);
    List<Quiz> related =
        library.quizzes().stream()
            .filter(q -> lesson.quizIds().contains(q.id()) || q.lessonIds().contains(lesson.id()))
            .toList();
    Map<String, Object> model = new HashMap<>();
    model.put("s", session.id());
    model.put("lesson", lesson);
    model.put("html", LessonLinks.withSession(lesson.html(), session.id()));
    model.put("position", index + 1);
    model.put("total", lessons.size());
    model.put("previous", index > 0 ? lessons.get(index - 1) : null);
    model.put("next", index + 1 < lessons.size() ? lessons.get(index + 1) : null);
    model.put("quizzes", related);
    templates.render(request, response, "lesson/page", model);
  }
}
