package com.recoverylab.sandbox;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code /sandbox/jwks}: the sandbox platform's public key, which the tool verifies id_tokens with. */
final class SandboxJwksServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient SandboxKeys keys;

  SandboxJwksServlet(SandboxKeys keys) {
    this.keys = keys;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "public, max-age=300");
    response.getWriter().write(keys.publicJwks().toString(true));
  }
}
