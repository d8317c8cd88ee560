package com.recoverylab.lti.registration;

import com.recoverylab.web.Templates;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** {@code /lti/urls}: every address to paste into a platform that registers tools by hand. */
public final class ToolUrlsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient Templates templates;
  private final ToolUrls urls;

  public ToolUrlsServlet(Templates templates, ToolUrls urls) {
    this.templates = templates;
    this.urls = urls;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    templates.render(request, response, "lti/urls", Map.of("urls", urls));
  }
}
