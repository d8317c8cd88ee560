package com.recoverylab.lti.legacy;

import com.recoverylab.web.HttpError;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
import java.util.Map;

/** {@code POST /lti/11/launch}: an LTI 1.1 launch, answered with a 303 to the tool page. */
public final class LegacyLaunchServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient LegacyLaunches launches;

  public LegacyLaunchServlet(LegacyLaunches launches) {
    this.launches = launches;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) {
    Map<String, String> params = new HashMap<>();
    // the OAuth base string takes form and query parameters alike (RFC 5849 3.4.1.3.1)
    request
        .getParameterMap()
        .forEach(
            (name, values) -> {
              if (values.length > 1) {
                throw HttpError.badRequest(
                    "error.legacy.repeatedParameter",
                    name.length() > 80 ? name.substring(0, 80) : name);
              }
              params.put(name, values[0]);
            });
    String location = launches.launch(params);
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", location);
    response.setHeader("Cache-Control", "no-store");
  }
}
