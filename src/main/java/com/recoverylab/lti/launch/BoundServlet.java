package com.recoverylab.lti.launch;

import com.recoverylab.web.SecretDigest;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;

/**
 * {@code POST /lti/bound}: the login page inside another site's frame reports, before it goes on to
 * the platform, that this browser keeps the login's secret: the cookie came back with this request,
 * or the page kept the secret in the frame's storage and sends it. Only the browser holding the
 * secret can report it. From then on a launch for that state without the secret is refused instead
 * of being treated as one the browser could not be tied to.
 */
final class BoundServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient OidcStateRepository states;
  private final transient BrowserBinding binding;

  BoundServlet(OidcStateRepository states, BrowserBinding binding) {
    this.states = states;
    this.binding = binding;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) {
    response.setHeader("Cache-Control", "no-store");
    // one answer whatever happened: the page goes on either way, and nobody learns about states
    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    String stateValue = request.getParameter("state");
    if (stateValue == null || stateValue.isBlank() || stateValue.length() > 64) {
      return;
    }
    Optional<OidcState> state = states.find(stateValue);
    if (state.isEmpty() || state.get().usedAt() != null) {
      return;
    }
    String hash = state.get().browserBindingHash();
    boolean cookie =
        binding.secret(request, stateValue).filter(s -> SecretDigest.matches(s, hash)).isPresent();
    String stored = request.getParameter("secret");
    if (cookie || (stored != null && SecretDigest.matches(stored, hash))) {
      states.markBrowserBound(stateValue);
    }
  }
}
