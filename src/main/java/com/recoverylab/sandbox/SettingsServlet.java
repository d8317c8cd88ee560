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
 * {@code /sandbox/settings}: a switch for demos and tests that makes the next N score posts answer
 * 503, so the tool's retries can be watched.
 */
final class SettingsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  static final int MAX_FAILURES = 1000;
  private final transient Templates templates;
  private final transient GradebookRepository gradebook;

  SettingsServlet(Templates templates, GradebookRepository gradebook) {
    this.templates = templates;
    this.gradebook = gradebook;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Map<String, Object> model = new HashMap<>();
    model.put("failing", gradebook.failingScorePosts());
    model.put("max", MAX_FAILURES);
    model.put("saved", request.getParameter("saved") != null);
    templates.render(request, response, "sandbox/settings", model);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String value = request.getParameter("failing_score_posts");
    if (value == null
        || !value.trim().matches("\\d{1,4}")
        || Integer.parseInt(value.trim()) > MAX_FAILURES) {
      throw HttpError.badRequest("sandbox.settings.count", MAX_FAILURES);
    }
    gradebook.setFailingScorePosts(Integer.parseInt(value.trim()));
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", "/sandbox/settings?saved");
  }
}
