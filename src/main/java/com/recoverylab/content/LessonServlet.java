package com.recoverylab.content;

import com.recoverylab.web.HttpError;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Templates;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /lessons/{id}}: the lesson's text, where it sits in the course ("Lesson 2 of 6"),
 * previous and next lessons, and the quizzes that practise it. Opening it records the read.
 */
public final class LessonServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient Templates templates;
  private final transient LaunchSessions sessions;
  private final transient Supplier<ContentLibrary> content;
  private final transient LessonReadRepository reads;
  private final transient Clock clock;

  public LessonServlet(Templates templates, LaunchSessions sessions, Supplier<ContentLibrary> content,
      LessonReadRepository reads, Clock clock) {
    this.templates = templates;
    this.sessions = sessions;
    this.content = content;
    this.reads = reads;
    this.clock = clock;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    LaunchSession session = sessions.require(request);
    String id = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
    ContentLibrary library = content.get();
    Lesson lesson = library.lesson(id).orElseThrow(() -> HttpError.notFound("error.lesson.unknown", id));
    reads.markRead(session.userId(), session.courseId(), lesson.id(), clock.instant());

    List<Lesson> lessons = library.lessons();
    int index = lessons.indexOf(lesson);
    List<Quiz> related = library.quizzes().stream()
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
