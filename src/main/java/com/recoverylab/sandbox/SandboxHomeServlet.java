package com.recoverylab.sandbox;

import com.recoverylab.web.Messages;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /sandbox}: the demo course. Also the launch_presentation return_url, so it shows the
 * {@code lti_msg} and {@code lti_errormsg} a tool sends back (LTI Core 4.4.2.4).
 */
final class SandboxHomeServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient CoursePage page;
  private final transient CourseRepository course;
  private final transient Messages messages;

  SandboxHomeServlet(CoursePage page, CourseRepository course, Messages messages) {
    this.page = page;
    this.course = course;
    this.messages = messages;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    List<String> notices = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String added = request.getParameter("added");
    if (added != null && added.matches("\\d{1,18}")) {
      course
          .activity(Long.parseLong(added))
          .ifPresent(
              activity ->
                  notices.add(
                      messages.text(request.getLocale(), "sandbox.home.added", activity.title())));
    }
    String message = request.getParameter("lti_msg");
    if (message != null && !message.isBlank()) {
      notices.add(messages.text(request.getLocale(), "sandbox.home.toolSaid", message));
    }
    String error = request.getParameter("lti_errormsg");
    if (error != null && !error.isBlank()) {
      problems.add(messages.text(request.getLocale(), "sandbox.home.toolError", error));
    }
    page.render(request, response, 200, notices, problems);
  }
}
