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
 * {@code POST /sandbox/launch}: starts a launch as one course member, like clicking an activity in
 * Moodle. The page holds the tool's iframe and a login-initiation form that a script posts into it
 * at once (a visible button does the same without JavaScript).
 */
final class StartLaunchServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient Launches launches;
  private final transient Templates templates;
  private final String toolOrigin;

  StartLaunchServlet(Launches launches, Templates templates, SandboxUrls urls) {
    this.launches = launches;
    this.templates = templates;
    java.net.URI tool = java.net.URI.create(urls.base());
    this.toolOrigin = tool.getScheme() + "://" + tool.getRawAuthority();
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String user = request.getParameter("user");
    Launches.LoginRequest login;
    if ("true".equals(request.getParameter("deep_linking"))) {
      login = launches.startDeepLinking(user);
    } else if ("true".equals(request.getParameter("review"))) {
      login =
          launches.startSubmissionReview(user, activity(request), request.getParameter("for_user"));
    } else {
      login = launches.startResourceLink(user, activity(request));
    }
    Map<String, Object> model = new HashMap<>();
    model.put("login", login);
    model.put("deepLinking", login.title() == null);
    response.setHeader("Cache-Control", "no-store");
    // Opened under another host name than PUBLIC_URL (127.0.0.1 for localhost), the sandbox is
    // a platform on another site, as Moodle is: its page must still be allowed to frame the tool.
    String policy = response.getHeader("Content-Security-Policy");
    if (policy != null && !policy.contains("frame-src")) {
      response.setHeader("Content-Security-Policy", policy + "; frame-src 'self' " + toolOrigin);
    }
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
