package com.recoverylab.lti.launch;

import static com.recoverylab.lti.launch.LaunchRejection.reject;

import com.nimbusds.jwt.JWTClaimsSet;
import com.recoverylab.content.ContentLibrary;
import com.recoverylab.course.CourseRecordRepository;
import com.recoverylab.lti.LtiClaims;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.lti.registration.RememberedRegistrations;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.SecretDigest;
import com.recoverylab.web.Templates;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /lti/launch}: the redirect URI the platform form-posts the id_token and state to. Checks
 * that the state is one this tool issued, still fresh, unused and started in this browser;
 * validates the token completely; then records the launch and sends the browser to the link's
 * content. Nothing is written before every check has passed. A launch the browser could not be tied
 * to follows {@link UnboundLaunch}.
 */
public final class LaunchServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger("lti.launch");

  /** Form field the storage page fills with the browser secret it read back. */
  static final String BROWSER_SECRET = "browser_secret";

  /** Form field saying the storage page has looked (with or without finding the secret). */
  static final String STORAGE_CHECKED = "storage_checked";

  private static final Pattern FRAME_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,200}");

  private final transient RememberedRegistrations platforms;
  private final transient OidcStateRepository states;
  private final transient BrowserBinding binding;
  private final transient IdTokenValidator validator;
  private final transient LaunchRecorder recorder;
  private final transient CourseRecordRepository links;
  private final transient Supplier<ContentLibrary> content;
  private final transient Templates templates;
  private final UnboundLaunch unboundLaunch;
  private final transient LaunchTickets tickets;
  private final transient LaunchDetour detour;
  private final transient Clock clock;

  LaunchServlet(
      RememberedRegistrations platforms,
      OidcStateRepository states,
      BrowserBinding binding,
      IdTokenValidator validator,
      LaunchRecorder recorder,
      CourseRecordRepository links,
      Supplier<ContentLibrary> content,
      Templates templates,
      UnboundLaunch unboundLaunch,
      LaunchTickets tickets,
      LaunchDetour detour,
      Clock clock) {
    this.platforms = platforms;
    this.states = states;
    this.binding = binding;
    this.validator = validator;
    this.recorder = recorder;
    this.links = links;
    this.content = content;
    this.templates = templates;
    this.unboundLaunch = unboundLaunch;
    this.tickets = tickets;
    this.detour = detour;
    this.clock = clock;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) {
    // a bookmark or a reload of the launch address: there is nothing to launch without the POST
    throw reject(400, "lti.launch.notPosted", "GET /lti/launch");
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setHeader("Cache-Control", "no-store");
    if (request.getContentLengthLong() > IdTokenValidator.MAX_TOKEN_CHARS + 16 * 1024L) {
      throw reject(
          413,
          "lti.launch.tooLarge",
          "launch body of " + request.getContentLengthLong() + " bytes",
          IdTokenValidator.MAX_TOKEN_CHARS);
    }
    String idToken = request.getParameter("id_token");
    if (idToken != null && idToken.length() > IdTokenValidator.MAX_TOKEN_CHARS) {
      throw reject(
          413,
          "lti.launch.tooLarge",
          "id_token of " + idToken.length() + " chars",
          IdTokenValidator.MAX_TOKEN_CHARS);
    }
    String platformError = request.getParameter("error");
    if (platformError != null && idToken == null) {
      // OIDC Core §3.1.2.6: the platform answered the login with an error instead of a token
      throw reject(
          400,
          "lti.launch.platformError",
          "platform error="
              + platformError
              + " description="
              + request.getParameter("error_description"),
          platformError);
    }

    // Security Framework §5.1.1.3: the state must be one this tool issued for this browser.
    String stateValue = request.getParameter("state");
    if (stateValue == null || stateValue.isBlank()) {
      throw reject(400, "lti.launch.noState", "launch without state");
    }
    OidcState state =
        states
            .find(stateValue)
            .orElseThrow(() -> reject(400, "lti.launch.unknownState", "unknown state"));
    Instant now = clock.instant();
    if (state.usedAt() != null) {
      throw reject(
          409,
          "lti.launch.replayed",
          "state used at " + state.usedAt() + " platform=" + state.platformId());
    }
    if (state.expiredAt(now)) {
      throw reject(401, "lti.launch.stateExpired", "state expired at " + state.expiresAt());
    }
    Binding bound = binding(request, state);
    if (bound == Binding.CHECK_STORAGE) {
      renderStoragePage(request, response, state, idToken);
      return;
    }
    if (bound == Binding.NONE && unboundLaunch == UnboundLaunch.REFUSE) {
      throw reject(
          401,
          "lti.launch.unboundRefused",
          "no login cookie or stored secret platform=" + state.platformId());
    }
    binding.clear(request, response, state.state());

    // Checked before anything is written, so the launch's writes (state and its nonce used, launch
    // recorded) can share one transaction. A launch refused from here on still uses up its state,
    // as when the state was marked used before these checks.
    Platform platform;
    JWTClaimsSet claims;
    LaunchMessage message;
    try {
      platform =
          platforms
              .find(state.platformId())
              .orElseThrow(
                  () ->
                      reject(
                          400,
                          "lti.login.unknownPlatform",
                          "platform " + state.platformId() + " deleted",
                          "-",
                          "-"));
      claims = validator.validate(idToken, platform, state.nonce());
      message = LaunchMessage.from(claims, platform.id());
      if (message.content().isPresent() && !message.content().get().existsIn(content.get())) {
        throw reject(
            400,
            "lti.launch.unknownContent",
            "custom content=" + message.content().get(),
            message.content().get().toString());
      }
    } catch (RuntimeException refused) {
      useUp(state, now, refused);
      throw refused;
    }
    long platformId = platform.id();
    // The browser follows the answer in this same frame, showing the cookie this request carried:
    // the session is bound to it now instead of by an UPDATE on the first page. Not when the launch
    // goes on in a new window, whose cookies may differ.
    String browserHash =
        bound == Binding.NONE && unboundLaunch == UnboundLaunch.NEW_WINDOW
            ? null
            : LaunchSessions.browserHash(request).orElse(null);
    LaunchSession session;
    try {
      session =
          recorder.record(
              message.facts(),
              () -> {
                // Security Framework §5.1.1.3: the state is used once; a concurrent post of the
                // same state waits for this row and then finds it used.
                // Security Framework §5.1.3 step 9 / OIDC Core §15.5.2: the nonce is used once
                // with it. The validator accepted the token only because its nonce is this
                // state's, and every login draws its own 256-bit nonce for its own state, so no
                // other state carries it: once this state is used (or has expired, or is deleted),
                // no state can accept the token again.
                if (!states.markUsed(state.state(), now)) {
                  throw reject(
                      409, "lti.launch.replayed", "state used concurrently platform=" + platformId);
                }
              },
              browserHash);
    } catch (RuntimeException refused) {
      // the transaction rolled back: the state is used up on its own (a no-op when another post
      // used it)
      useUp(state, now, refused);
      throw refused;
    }
    log.info(
        "event=launch platform={} deployment={} type={} role={} session_link={} binding={}",
        platform.id(),
        message.facts().deploymentId(),
        message.messageType(),
        message.facts().role(),
        session.resourceLinkId(),
        bound.word);
    String destination = destination(message, session);
    if (bound == Binding.NONE && unboundLaunch == UnboundLaunch.NEW_WINDOW) {
      renderNewWindowPage(request, response, message, deepLinkReturnUrl(claims), destination);
      return;
    }
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", destination);
  }

  /** Marks the state of a refused launch used; a failure to do so joins the refusal. */
  private void useUp(OidcState state, Instant now, RuntimeException refused) {
    try {
      states.markUsed(state.state(), now);
    } catch (RuntimeException e) {
      refused.addSuppressed(e);
    }
  }

  /** How the launch was tied to the browser that started the login. */
  private enum Binding {
    COOKIE("cookie"),
    STORED_SECRET("stored-secret"),
    NONE("none"),
    CHECK_STORAGE("checking");

    private final String word;

    Binding(String word) {
      this.word = word;
    }
  }

  /**
   * Security Framework §5.1.1.3 (state bound to the user agent): the login cookie, else the secret
   * the tool's own page read back from the frame's or the platform's storage and posted. A secret
   * that does not match means another browser's launch: refused. When the login kept the secret
   * client-side and the page has not looked yet, it must look first. A launch without the secret is
   * refused too when the login's browser confirmed that it keeps it.
   */
  private Binding binding(HttpServletRequest request, OidcState state) {
    Optional<String> cookie = binding.secret(request, state.state());
    if (cookie.isPresent()) {
      if (!SecretDigest.matches(cookie.get(), state.browserBindingHash())) {
        throw reject(403, "lti.launch.otherBrowser", "login cookie does not match the state");
      }
      return Binding.COOKIE;
    }
    String posted = request.getParameter(BROWSER_SECRET);
    if (posted != null && !posted.isBlank()) {
      if (!SecretDigest.matches(posted.trim(), state.browserBindingHash())) {
        throw reject(403, "lti.launch.otherBrowser", "stored secret does not match the state");
      }
      return Binding.STORED_SECRET;
    }
    boolean storedClientSide =
        state.clientStored()
            || state.storageTarget() != null
            || request.getParameter("lti_storage_target") != null;
    if (storedClientSide && request.getParameter(STORAGE_CHECKED) == null) {
      return Binding.CHECK_STORAGE;
    }
    if (state.browserBound()) {
      // the browser that logged in said it keeps the secret: a launch without it comes from
      // elsewhere
      throw reject(
          403, "lti.launch.otherBrowser", "launch without the secret the login's browser keeps");
    }
    return Binding.NONE;
  }

  /** Where the browser goes after a launch (the fixed contract between features). */
  private String destination(LaunchMessage message, LaunchSession session) {
    String s = LinkContent.encode(session.id());
    if (message.isDeepLinking()) {
      return "/instructor/deep-link?s=" + s;
    }
    if (message.isSubmissionReview() && session.role().isInstructor()) {
      // Moodle's gradebook: "Grade analysis" names the learner, the column's menu the whole
      // activity
      return message.forUserId() == null
          ? "/instructor/results?s=" + s
          : "/instructor/review?s=" + s + "&user=" + LinkContent.encode(message.forUserId());
    }
    // a learner's review is their own: the link's page lists their attempts, whoever for_user names
    Optional<LinkContent> linkContent =
        message
            .content()
            .or(
                () ->
                    session.resourceLinkId() == null
                        ? Optional.empty()
                        : links
                            .content(session.resourceLinkId())
                            .flatMap(stored -> LinkContent.stored(stored.kind(), stored.id())));
    return linkContent
        .map(c -> detour.firstPage(session, c.path(session.id())))
        .orElse("/lti/assign?s=" + s);
  }

  /**
   * Second step of a login that kept its secret client-side: a page of the tool reads it back from
   * the frame's storage (or asks the platform's storage frame) and posts it here with the id_token
   * and state. Without JavaScript its button posts them without the secret.
   */
  private void renderStoragePage(
      HttpServletRequest request, HttpServletResponse response, OidcState state, String idToken)
      throws IOException {
    String target =
        state.storageTarget() != null
            ? state.storageTarget()
            : request.getParameter("lti_storage_target");
    boolean platformStorage = target != null && FRAME_NAME.matcher(target).matches();
    String platformOrigin = "";
    if (platformStorage) {
      Platform platform =
          platforms
              .find(state.platformId())
              .orElseThrow(() -> reject(400, "lti.launch.unknownState", "platform gone"));
      platformOrigin =
          platform.authEndpoint() == null
              ? ""
              : ToolOrigin.origin(URI.create(platform.authEndpoint()));
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("idToken", idToken == null ? "" : idToken);
    model.put("state", state.state());
    model.put("storageTarget", platformStorage ? target : "");
    model.put("platformOrigin", platformOrigin);
    templates.render(request, response, "lti/launch-storage", model);
  }

  /**
   * UNBOUND_LAUNCH=new-window: the launch is validated and recorded, but the browser kept nothing
   * in the frame to tie it to; a one-time ticket takes it to a first-party window (never a new
   * login: the platform's login hint is single-use). A deep-linking launch's picker in that window
   * hands its answer back to this frame, which posts it to the platform.
   */
  private void renderNewWindowPage(
      HttpServletRequest request,
      HttpServletResponse response,
      LaunchMessage message,
      String returnUrl,
      String destination)
      throws IOException {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("ticket", tickets.issue(destination));
    model.put("deepLinking", message.isDeepLinking() && !returnUrl.isEmpty());
    model.put("returnUrl", returnUrl);
    templates.render(request, response, "lti/new-window", model);
  }

  /** The platform's deep-linking return address when it is a plain http(s) URL, else empty. */
  private static String deepLinkReturnUrl(JWTClaimsSet claims) {
    String value =
        IdTokenValidator.string(
            IdTokenValidator.object(claims, LtiClaims.DEEP_LINKING_SETTINGS),
            "deep_link_return_url");
    if (value == null) {
      return "";
    }
    try {
      URI url = new URI(value);
      return ("https".equals(url.getScheme()) || "http".equals(url.getScheme()))
              && url.getHost() != null
          ? value
          : "";
    } catch (java.net.URISyntaxException e) {
      return "";
    }
  }
}
