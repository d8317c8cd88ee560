package com.recoverylab.lti.registration;

import com.recoverylab.web.HttpError;
import com.recoverylab.web.Templates;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code /lti/register}: the address an administrator pastes into the platform. The platform opens
 * it (in a dialog or iframe) with {@code openid_configuration} and {@code registration_token}; the
 * page that ends it tells the platform to close the dialog. Where registration needs an invitation,
 * the address is {@code /lti/register/<invitation>}.
 */
public final class RegistrationServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient DynamicRegistration registration;
  private final transient Templates templates;

  public RegistrationServlet(DynamicRegistration registration, Templates templates) {
    this.registration = registration;
    this.templates = templates;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String configuration = request.getParameter("openid_configuration");
    if (configuration == null || configuration.isBlank()) {
      throw HttpError.badRequest("lti.register.noConfiguration");
    }
    // an invitation rides in the path (/lti/register/<invitation>): platforms append their own
    // query
    String path = request.getPathInfo();
    String invite = path == null || path.length() < 2 ? null : path.substring(1);
    DynamicRegistration.Result result =
        registration.register(configuration, request.getParameter("registration_token"), invite);
    Map<String, Object> model = new HashMap<>();
    model.put("platform", result.platform());
    model.put("deploymentId", result.deploymentId());
    model.put("updated", result.updated());
    response.setHeader("Cache-Control", "no-store");
    templates.render(request, response, "lti/registered", model);
  }
}
