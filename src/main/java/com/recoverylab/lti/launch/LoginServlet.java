package com.recoverylab.lti.launch;

import static com.recoverylab.lti.launch.LaunchRejection.reject;

import com.recoverylab.lti.registration.Platform;
import com.recoverylab.lti.registration.RememberedRegistrations;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Templates;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code /lti/login}: OIDC third-party-initiated login (Security Framework 1.0 §5.1.1, LTI Core 1.3
 * §4.1). Finds the registration, remembers a fresh state and nonce bound to this browser, and sends
 * the browser to the platform's authorization endpoint with only the standard parameters (Moodle
 * refuses unknown ones). Inside another site's frame, where the browser may drop the login cookie,
 * and when the platform offers client-side storage ({@code lti_storage_target}), a small page first
 * keeps the browser secret in the frame's own storage (and the platform's), then goes on to the
 * platform.
 */
public final class LoginServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
  private static final Pattern FRAME_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,200}");

  private final transient RememberedRegistrations platforms;
  private final transient OidcStateRepository states;
  private final transient BrowserBinding binding;
  private final transient Templates templates;
  private final URI toolUrl;
  private final transient Clock clock;

  LoginServlet(
      RememberedRegistrations platforms,
      OidcStateRepository states,
      BrowserBinding binding,
      Templates templates,
      URI toolUrl,
      Clock clock) {
    this.platforms = platforms;
    this.states = states;
    this.binding = binding;
    this.templates = templates;
    this.toolUrl = toolUrl;
    this.clock = clock;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    login(request, response);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    login(request, response);
  }

  private void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String issuer = param(request, "iss");
    String loginHint = param(request, "login_hint");
    String targetLinkUri = param(request, "target_link_uri");
    String messageHint = request.getParameter("lti_message_hint");
    String clientId = param(request, "client_id");
    String deploymentId = param(request, "lti_deployment_id");
    String storageTarget = param(request, "lti_storage_target");

    // Security Framework §5.1.1.1: iss, login_hint and target_link_uri are required.
    if (issuer == null) {
      throw reject(400, "lti.login.missing", "login without iss", "iss");
    }
    if (loginHint == null) {
      throw reject(
          400, "lti.login.missing", "login without login_hint iss=" + issuer, "login_hint");
    }
    if (targetLinkUri == null) {
      throw reject(
          400,
          "lti.login.missing",
          "login without target_link_uri iss=" + issuer,
          "target_link_uri");
    }
    // The launch ends by going to target_link_uri's content, so it must be this tool's own
    // address: anything else would make the login an open redirect.
    if (!ToolOrigin.sameOrigin(toolUrl, targetLinkUri)) {
      throw reject(
          400,
          "lti.launch.offSiteTarget",
          "login target_link_uri=" + targetLinkUri + " iss=" + issuer,
          targetLinkUri);
    }
    Platform platform = registration(issuer, clientId);
    if (deploymentId != null && !platforms.hasDeployment(platform.id(), deploymentId)) {
      throw reject(
          403,
          "lti.launch.unknownDeployment",
          "login lti_deployment_id=" + deploymentId + " platform=" + platform.id(),
          deploymentId);
    }
    if (platform.authEndpoint() == null || platform.authEndpoint().isBlank()) {
      throw reject(
          400,
          "lti.login.noAuthEndpoint",
          "platform=" + platform.id() + " has no auth endpoint",
          issuer);
    }
    if (storageTarget != null && !FRAME_NAME.matcher(storageTarget).matches()) {
      storageTarget = null;
    }

    Instant now = clock.instant();
    String state = LaunchSessions.randomToken();
    // 256 random bits of its own: no two states ever carry the same nonce, so using the state once
    // uses its nonce once (LaunchServlet); LtiLaunchTest pins it
    String nonce = LaunchSessions.randomToken();
    String secret = LaunchSessions.randomToken();
    boolean storePage = storageTarget != null || BrowserBinding.embeddedInAnotherSite(request);
    String bindingHash = binding.bind(request, response, state, secret, now, STATE_LIFETIME);
    states.insert(
        new OidcState(
            state,
            nonce,
            platform.id(),
            targetLinkUri,
            bindingHash,
            storageTarget,
            storePage,
            false,
            deploymentId,
            now,
            now.plus(STATE_LIFETIME),
            null));

    // Security Framework §5.1.1.2 / OIDC Core §3.1.2.1: the authentication request.
    Map<String, String> auth = new LinkedHashMap<>();
    auth.put("scope", "openid");
    auth.put("response_type", "id_token");
    auth.put("response_mode", "form_post");
    auth.put("prompt", "none");
    auth.put("client_id", platform.clientId());
    auth.put("redirect_uri", toolUrl + "/lti/launch");
    auth.put("login_hint", loginHint);
    if (messageHint != null) {
      auth.put("lti_message_hint", messageHint);
    }
    auth.put("state", state);
    auth.put("nonce", nonce);
    String location =
        platform.authEndpoint()
            + (platform.authEndpoint().contains("?") ? "&" : "?")
            + auth.entrySet().stream()
                .map(e -> LinkContent.encode(e.getKey()) + "=" + LinkContent.encode(e.getValue()))
                .collect(Collectors.joining("&"));
    response.setHeader("Cache-Control", "no-store");
    if (!storePage) {
      response.sendRedirect(location);
      return;
    }
    // The secret, not state or nonce: both travel through the platform and the id_token, so
    // only the secret proves that the launch comes back to the browser that logged in. Storage
    // in a third-party frame is partitioned by the top site and kept where cookies are not;
    // with lti_storage_target (LTI Client Side postMessages) the platform's frame keeps it too.
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("authUrl", location);
    model.put("state", state);
    model.put("secret", secret);
    model.put("storageTarget", storageTarget == null ? "" : storageTarget);
    model.put(
        "platformOrigin",
        storageTarget == null ? "" : ToolOrigin.origin(URI.create(platform.authEndpoint())));
    templates.render(request, response, "lti/login-storage", model);
  }

  /**
   * LTI Core 1.3 §4.1.3: client_id picks the registration; without it the issuer must have only
   * one.
   */
  private Platform registration(String issuer, String clientId) {
    if (clientId != null) {
      return platforms
          .find(issuer, clientId)
          .orElseThrow(
              () ->
                  reject(
                      400,
                      "lti.login.unknownPlatform",
                      "no registration iss=" + issuer + " client_id=" + clientId,
                      issuer,
                      clientId));
    }
    List<Platform> candidates = platforms.findByIssuer(issuer);
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    if (candidates.isEmpty()) {
      throw reject(400, "lti.login.unknownPlatform", "no registration iss=" + issuer, issuer, "-");
    }
    throw reject(
        400,
        "lti.login.clientIdNeeded",
        candidates.size() + " registrations for iss=" + issuer,
        issuer);
  }

  private static String param(HttpServletRequest request, String name) {
    String value = request.getParameter(name);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
