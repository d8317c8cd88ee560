package com.recoverylab.lti.keys;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code /.well-known/jwks.json}: the public keys platforms verify the tool's JWTs with. */
public final class JwksServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient ToolKeys keys;

  public JwksServlet(ToolKeys keys) {
    this.keys = keys;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    // short, so a rotated-in key reaches platforms well before it signs
    response.setHeader("Cache-Control", "public, max-age=300");
    response.getWriter().write(keys.publicJwks().toString(true));
  }
}
