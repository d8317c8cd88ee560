package com.recoverylab.lti.keys;

import com.nimbusds.jose.jwk.JWKSet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * Publishes a set of public keys as JWKS: the tool's at {@code /.well-known/jwks.json}, and the
 * sandbox platform's at {@code /sandbox/jwks}.
 */
public final class JwksServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient Supplier<JWKSet> publicKeys;

  public JwksServlet(Supplier<JWKSet> publicKeys) {
    this.publicKeys = publicKeys;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    // short, so a rotated-in key reaches platforms well before it signs
    response.setHeader("Cache-Control", "public, max-age=300");
    response.getWriter().write(publicKeys.get().toString(true));
  }
}
