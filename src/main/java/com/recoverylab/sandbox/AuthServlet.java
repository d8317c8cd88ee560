package com.recoverylab.sandbox;

import com.recoverylab.web.HttpError;
import com.recoverylab.web.Templates;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code /sandbox/auth}: the platform's OIDC authorization endpoint. It checks the tool's
 * authentication request as strictly as Moodle's auth.php, then form-posts the id_token and state
 * to the registered redirect URI. Every refusal is an error page, never a redirect.
 */
final class AuthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  // Security Framework 5.1.1.2: the parameters of the authentication request
  private static final Set<String> KNOWN =
      Set.of(
          "scope",
          "response_type",
          "response_mode",
          "prompt",
          "client_id",
          "redirect_uri",
          "login_hint",
          "lti_message_hint",
          "state",
          "nonce");
  private final transient Launches launches;
  private final transient Templates templates;
  private final transient SandboxUrls urls;

  AuthServlet(Launches launches, Templates templates, SandboxUrls urls) {
    this.launches = launches;
    this.templates = templates;
    this.urls = urls;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    authorize(request, response);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    authorize(request, response);
  }

  private void authorize(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Map<String, String[]> parameters = request.getParameterMap();
    // Moodle's auth endpoint breaks on parameters it does not know; so does the sandbox
    for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
      if (!KNOWN.contains(parameter.getKey())) {
        throw HttpError.badRequest("sandbox.auth.unknownParameter", parameter.getKey());
      }
      if (parameter.getValue().length > 1) {
        throw HttpError.badRequest("sandbox.auth.repeatedParameter", parameter.getKey());
      }
    }
    // OIDC Core 3.1.2.1 / Security Framework 5.1.1.2: redirect_uri must be exactly a registered one
    String redirectUri = required(request, "redirect_uri");
    if (!redirectUri.equals(urls.toolLaunch())) {
      throw HttpError.badRequest("sandbox.auth.redirectUri", redirectUri, urls.toolLaunch());
    }
    expect(request, "scope", "openid");
    expect(request, "response_type", "id_token");
    expect(request, "response_mode", "form_post");
    expect(request, "prompt", "none");
    expect(request, "client_id", SandboxUrls.CLIENT_ID);
    String loginHint = required(request, "login_hint");
    String messageHint = required(request, "lti_message_hint");
    // Security Framework 5.1.1.2: nonce is REQUIRED; the tool checks it against the id_token
    String nonce = required(request, "nonce");
    String idToken = launches.idToken(messageHint, loginHint, nonce);

    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("id_token", idToken);
    String state = request.getParameter("state");
    if (state != null) {
      fields.put("state", state);
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("action", redirectUri);
    model.put("fields", fields);
    response.setHeader("Cache-Control", "no-store");
    templates.render(request, response, "sandbox/auth", model);
  }

  private static String required(HttpServletRequest request, String name) {
    String value = request.getParameter(name);
    if (value == null || value.isBlank()) {
      throw HttpError.badRequest("sandbox.auth.missingParameter", name);
    }
    return value;
  }

  private static void expect(HttpServletRequest request, String name, String expected) {
    String value = required(request, name);
    if (!value.equals(expected)) {
      throw HttpError.badRequest("sandbox.auth.wrongValue", name, value, expected);
    }
  }
}
