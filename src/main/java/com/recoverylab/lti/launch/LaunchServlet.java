package com.recoverylab.lti.launch;

import static com.recoverylab.lti.launch.LaunchRejection.reject;

import com.nimbusds.jwt.JWTClaimsSet;
import com.recoverylab.content.ContentLibrary;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.Templates;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /lti/launch}: the redirect URI the platform form-posts the id_token and state to.
 * Checks that the state is one this tool issued, still fresh, unused and started in this
 * browser; validates the token completely; then records the launch and sends the browser to
 * the link's content. Nothing is written before every check has passed.
 */
public final class LaunchServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger("lti.launch");
  /** Form fields the client-side storage page fills with what the platform's storage held. */
  static final String STORED_STATE = "lti_stored_state";
  static final String STORED_NONCE = "lti_stored_nonce";

  private final transient PlatformRepository platforms;
  private final transient OidcStateRepository states;
  private final transient BrowserBinding binding;
  private final transient IdTokenValidator validator;
  private final transient LaunchRecorder recorder;
  private final transient LaunchRecordRepository links;
  private final transient Supplier<ContentLibrary> content;
  private final transient Templates templates;
  private final URI toolUrl;
  private final transient Clock clock;

  LaunchServlet(PlatformRepository platforms, OidcStateRepository states, BrowserBinding binding,
      IdTokenValidator validator, LaunchRecorder recorder, LaunchRecordRepository links,
      Supplier<ContentLibrary> content, Templates templates, URI toolUrl, Clock clock) {
    this.platforms = platforms;
    this.states = states;
    this.binding = binding;
    this.validator = validator;
    this.recorder = recorder;
    this.links = links;
    this.content = content;
    this.templates = templates;
    this.toolUrl = toolUrl;
    this.clock = clock;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) {
    // a bookmark or a reload of the launch address: there is nothing to launch without the POST
    throw reject(400, "lti.launch.notPosted", "GET /lti/launch");
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setHeader("Cache-Control", "no-store");
    if (request.getContentLengthLong() > IdTokenValidator.MAX_TOKEN_CHARS + 16 * 1024L) {
      throw reject(413, "lti.launch.tooLarge", "launch body of " + request.getContentLengthLong() + " bytes",
          IdTokenValidator.MAX_TOKEN_CHARS);
    }
    String idToken = request.getParameter("id_token");
    if (idToken != null && idToken.length() > IdTokenValidator.MAX_TOKEN_CHARS) {
      throw reject(413, "lti.launch.tooLarge", "id_token of " + idToken.length() + " chars",
          IdTokenValidator.MAX_TOKEN_CHARS);
    }
    String platformError = request.getParameter("error");
    if (platformError != null && idToken == null) {
      // OIDC Core §3.1.2.6: the platform answered the login with an error instead of a token
      throw reject(400, "lti.launch.platformError", "platform error=" + platformError + " description="
          + request.getParameter("error_description"), platformError);
    }

    // Security Framework §5.1.1.3: the state must be one this tool issued for this browser.
    String stateValue = request.getParameter("state");
    if (stateValue == null || stateValue.isBlank()) {
      throw reject(400, "lti.launch.noState", "launch without state");
    }
    OidcState state = states.find(stateValue)
        .orElseThrow(() -> reject(400, "lti.launch.unknownState", "unknown state"));
    Instant now = clock.instant();
    if (state.usedAt() != null) {
      throw reject(409, "lti.launch.replayed", "state used at " + state.usedAt() + " platform=" + state.platformId());
    }
    if (state.expiredAt(now)) {
      throw reject(401, "lti.launch.stateExpired", "state expired at " + state.expiresAt());
    }
    Optional<String> secret = binding.secret(request, state.state());
    if (secret.isPresent()) {
      if (!BrowserBinding.matches(secret.get(), state.browserBindingHash())) {
        throw reject(403, "lti.launch.otherBrowser", "login cookie does not match the state");
      }
    } else if (request.getParameter(STORED_STATE) != null) {
      checkStoredValues(request, state);
    } else if (state.storageTarget() != null || request.getParameter("lti_storage_target") != null) {
      renderStoragePage(request, response, state, idToken);
      return;
    } else {
      renderNewWindowPage(request, response, state);
      return;
    }
    if (!states.markUsed(state.state(), now)) {
      throw reject(409, "lti.launch.replayed", "state used concurrently platform=" + state.platformId());
    }
    binding.clear(response, state.state());

    Platform platform = platforms.find(state.platformId())
        .orElseThrow(() -> reject(400, "lti.login.unknownPlatform", "platform " + state.platformId() + " deleted", "-", "-"));
    JWTClaimsSet claims = validator.validate(idToken, platform, state.nonce());
    // Security Framework §5.1.3 step 9: a nonce is accepted once; kept until the token could not pass anyway.
    Instant keepUntil = claims.getExpirationTime().toInstant().plus(IdTokenValidator.CLOCK_SKEW).plusSeconds(60);
    if (!states.useNonce(platform.id(), state.nonce(), keepUntil.isAfter(now) ? keepUntil : now.plusSeconds(60))) {
      throw reject(409, "lti.launch.replayed", "nonce used before platform=" + platform.id());
    }
    LaunchMessage message = LaunchMessage.from(claims, platform.id());
    if (message.content().isPresent() && !message.content().get().existsIn(content.get())) {
      throw reject(400, "lti.launch.unknownContent", "custom content=" + message.content().get(),
          message.content().get().toString());
    }
    LaunchSession session = recorder.record(message.facts());
    log.info("event=launch platform={} deployment={} type={} role={} session_link={}", platform.id(),
        message.facts().deploymentId(), message.messageType(), message.facts().role(), session.resourceLinkId());
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", destination(message, session));
  }

  /** Where the browser goes after a launch (the fixed contract between features). */
  private String destination(LaunchMessage message, LaunchSession session) {
    String s = LinkContent.encode(session.id());
    if (message.isDeepLinking()) {
      return "/instructor/deep-link?s=" + s;
    }
    if (message.isSubmissionReview() && session.role().isInstructor()) {
      // Moodle's gradebook: "Grade analysis" names the learner, the column's menu the whole activity
      return message.forUserId() == null ? "/instructor/results?s=" + s
          : "/instructor/review?s=" + s + "&user=" + LinkContent.encode(message.forUserId());
    }
    // a learner's review is their own: the link's page lists their attempts, whoever for_user names
    Optional<LinkContent> linkContent = message.content()
        .or(() -> session.resourceLinkId() == null ? Optional.empty() : links.content(session.resourceLinkId()));
    return linkContent.map(c -> c.path(session.id())).orElse("/lti/assign?s=" + s);
  }

  /**
   * Second step of the client-side storage flow: the tool's own page read state and nonce back
   * from the platform's storage frame and posted them here. Only a page of this tool can have
   * done that, so the request must come from the tool's origin (browsers send Origin on POST).
   */
  private void checkStoredValues(HttpServletRequest request, OidcState state) {
    String origin = request.getHeader("Origin");
    String fetchSite = request.getHeader("Sec-Fetch-Site");
    if (origin == null || !ToolOrigin.sameOrigin(toolUrl, origin) || (fetchSite != null && !"same-origin".equals(fetchSite))) {
      throw reject(403, "lti.launch.otherBrowser", "stored-value post from origin=" + origin + " site=" + fetchSite);
    }
    if (!constantTimeEquals(request.getParameter(STORED_STATE), state.state())
        || !constantTimeEquals(request.getParameter(STORED_NONCE), state.nonce())) {
      throw reject(403, "lti.launch.otherBrowser", "platform storage did not hold this login's state and nonce");
    }
  }

  private void renderStoragePage(HttpServletRequest request, HttpServletResponse response, OidcState state,
      String idToken) throws IOException {
    Platform platform = platforms.find(state.platformId()).orElseThrow(() -> reject(400, "lti.launch.unknownState", "platform gone"));
    String target = state.storageTarget() != null ? state.storageTarget() : request.getParameter("lti_storage_target");
    Map<String, Object> model = newWindowModel(state);
    model.put("idToken", idToken == null ? "" : idToken);
    model.put("state", state.state());
    model.put("nonce", state.nonce());
    model.put("storageTarget", target);
    model.put("platformOrigin", platform.authEndpoint() == null ? "" : ToolOrigin.origin(URI.create(platform.authEndpoint())));
    templates.render(request, response, "lti/launch-storage", model);
  }

  /**
   * Neither the login cookie nor platform storage came back: the browser blocks cookies in the
   * platform's iframe. Opening the login again in a new window makes them first-party.
   */
  private void renderNewWindowPage(HttpServletRequest request, HttpServletResponse response, OidcState state)
      throws IOException {
    log.warn("event=launch_rejected reason=lti.launch.cookieMissing detail=\"no login cookie platform={}\"",
        state.platformId());
    templates.render(request, response, 401, "lti/new-window", newWindowModel(state));
  }

  private Map<String, Object> newWindowModel(OidcState state) {
    Platform platform = platforms.find(state.platformId()).orElseThrow(() -> reject(400, "lti.launch.unknownState", "platform gone"));
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("iss", platform.issuer());
    model.put("clientId", platform.clientId());
    model.put("loginHint", state.loginHint());
    model.put("messageHint", state.ltiMessageHint());
    model.put("targetLinkUri", state.targetLinkUri());
    model.put("deploymentId", state.deploymentId());
    return model;
  }

  private static boolean constantTimeEquals(String a, String b) {
    return a != null && b != null
        && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
