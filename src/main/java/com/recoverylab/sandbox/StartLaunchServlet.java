package com.recoverylab.sandbox;

import com.recoverylab.web.HttpError;
import com.recoverylab.web.Templates;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code POST /sandbox/launch}: starts a launch as one course member, like clicking an activity
 * in Moodle. The page holds the tool's iframe and a login-initiation form that a script posts
 * into it at once (a visible button does the same without JavaScript).
 */
final class StartLaunchServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient Launches launches;
  private final transient Templates templates;

  StartLaunchServlet(Launches launches, Templates templates) {
    this.launches = launches;
    this.templates = templates;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String user = request.getParameter("user");
    Launches.LoginRequest login;
    if ("true".equals(request.getParameter("deep_linking"))) {
      login = launches.startDeepLinking(user);
    } else if ("true".equals(request.getParameter("review"))) {
      login = launches.startSubmissionReview(user, activity(request), request.getParameter("for_user"));
    } else {
      login = launches.startResourceLink(user, activity(request));
    }
    Map<String, Object> model = new HashMap<>();
    model.put("login", login);
    model.put("deepLinking", login.title() == null);
    response.setHeader("Cache-Control", "no-store");
    templates.render(request, response, "sandbox/launch", model);
  }

  private static long activity(HttpServletRequest request) {
    String activity = request.getParameter("activity");
    if (activity == null || !activity.matches("\\d{1,18}")) {
      throw HttpError.badRequest("sandbox.error.noActivityChosen");
    }
    return Long.parseLong(activity);
  }
}
