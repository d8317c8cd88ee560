package com.recoverylab.instructor;

import com.recoverylab.course.CourseRecordRepository;
import com.recoverylab.web.HttpError;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.LaunchSessions;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Who may reach the link-scoped instructor pages: an instructor session (a POST also needs the
 * session's own CSRF token), about the link it was launched from, in its own course. Everything a
 * page shows is then looked up through that link, so no URL can name another course's data.
 */
final class InstructorAccess {
  private final LaunchSessions sessions;
  private final CourseRecordRepository links;

  InstructorAccess(LaunchSessions sessions, CourseRecordRepository links) {
    this.sessions = sessions;
    this.links = links;
  }

  /** An instructor session and the link it is scoped to. */
  record OnLink(LaunchSession session, LinkInfo link) {}

  OnLink require(HttpServletRequest request) {
    LaunchSession session = sessions.requireInstructor(request);
    if (session.resourceLinkId() == null) {
      throw HttpError.badRequest("instructor.noLink");
    }
    LinkInfo link =
        links
            .link(session.resourceLinkId(), session.courseId())
            .map(l -> new LinkInfo(l.id(), l.courseId(), l.title(), l.contentKind(), l.contentId()))
            .orElseThrow(() -> HttpError.forbidden("error.instructorsOnly"));
    return new OnLink(session, link);
  }
}
