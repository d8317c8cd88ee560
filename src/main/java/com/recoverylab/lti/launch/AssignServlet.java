package com.recoverylab.lti.launch;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.course.CourseRecordRepository;
import com.recoverylab.web.HttpError;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Templates;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /lti/assign}: a link launched before anyone chose its content. Instructors pick a lesson,
 * a quiz or the course overview; students learn that the activity is not ready yet. Once content is
 * set, the address forwards to it.
 */
public final class AssignServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient LaunchSessions sessions;
  private final transient CourseRecordRepository links;
  private final transient Supplier<ContentLibrary> content;
  private final transient Templates templates;
  private final transient Clock clock;

  AssignServlet(
      LaunchSessions sessions,
      CourseRecordRepository links,
      Supplier<ContentLibrary> content,
      Templates templates,
      Clock clock) {
    this.sessions = sessions;
    this.links = links;
    this.content = content;
    this.templates = templates;
    this.clock = clock;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    LaunchSession session = sessions.require(request);
    long linkId = linkOf(session);
    Optional<LinkContent> current =
        links.content(linkId).flatMap(stored -> LinkContent.stored(stored.kind(), stored.id()));
    if (current.isPresent()) {
      response.sendRedirect(current.get().path(session.id()));
      return;
    }
    if (!session.isInstructor()) {
      templates.render(request, response, "lti/not-set-up", Map.of("launch", session));
      return;
    }
    ContentLibrary library = content.get();
    templates.render(
        request,
        response,
        "lti/assign",
        Map.of("launch", session, "lessons", library.lessons(), "quizzes", library.quizzes()));
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    LaunchSession session = sessions.requireInstructor(request);
    long linkId = linkOf(session);
    String choice = request.getParameter("content");
    LinkContent chosen =
        LinkContent.parse(choice)
            .filter(c -> c.existsIn(content.get()))
            .orElseThrow(() -> HttpError.badRequest("lti.assign.badChoice"));
    links.setContent(linkId, chosen.kind(), chosen.id(), clock.instant());
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", chosen.path(session.id()));
  }

  private static long linkOf(LaunchSession session) {
    if (session.resourceLinkId() == null) {
      throw HttpError.badRequest("lti.assign.noLink");
    }
    return session.resourceLinkId();
  }
}
