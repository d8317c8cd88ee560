package com.recoverylab.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** The front page: what the tool is and how a platform connects to it. */
public final class HomeServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient Templates templates;
  private final String publicUrl;
  private final boolean sandbox;

  public HomeServlet(Templates templates, String publicUrl, boolean sandbox) {
    this.templates = templates;
    this.publicUrl = publicUrl;
    this.sandbox = sandbox;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    templates.render(
        request,
        response,
        "home",
        Map.of(
            "registrationUrl", publicUrl + "/lti/register",
            "jwksUrl", publicUrl + "/.well-known/jwks.json",
            "sandbox", sandbox));
  }
}
