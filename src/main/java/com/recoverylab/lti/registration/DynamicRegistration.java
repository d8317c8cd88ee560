package com.recoverylab.lti.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.recoverylab.app.Config;
import com.recoverylab.lti.LtiClaims;
import com.recoverylab.web.HttpError;
import com.recoverylab.web.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LTI Dynamic Registration 1.0 on the tool's side: read the platform's OpenID configuration, send
 * the tool's registration, and store the client id and deployment the platform answers with. Any
 * failure stores nothing and names the problem.
 */
public final class DynamicRegistration {
  private static final Logger log = LoggerFactory.getLogger("lti.registration");
  static final String TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration";
  static final List<String> SCOPES =
      List.of(
          LtiClaims.SCOPE_LINEITEM,
          LtiClaims.SCOPE_LINEITEM_READONLY,
          LtiClaims.SCOPE_RESULT_READONLY,
          LtiClaims.SCOPE_SCORE,
          LtiClaims.SCOPE_MEMBERSHIPS);
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  /**
   * What a finished registration stored.
   *
   * @param updated true when the platform already had this registration (Moodle's "Update" of a
   *     tool: same client id), which keeps the tool active there
   */
  public record Result(Platform platform, String deploymentId, boolean updated) {}

  private final PlatformRepository platforms;
  private final ToolUrls urls;
  private final Config.Registration policy;
  private final RegistrationInvites invites;
  private final HttpClient http;
  private final Clock clock;

  /**
   * @param http the tool's shared client; it must not follow redirects: the configuration must come
   *     from the address whose origin is checked
   */
  public DynamicRegistration(
      PlatformRepository platforms,
      ToolUrls urls,
      Config.Registration policy,
      RegistrationInvites invites,
      HttpClient http,
      Clock clock) {
    this.platforms = platforms;
    this.urls = urls;
    this.policy = policy;
    this.invites = invites;
    this.clock = clock;
    this.http = http;
  }

  /**
   * Registers with the platform whose configuration is at {@code openidConfiguration}. Unless
   * registration is open or the platform's host is allowed, {@code invite} must be a valid, unused
   * invitation; nothing is fetched without one.
   */
  public Result register(String openidConfiguration, String registrationToken, String invite) {
    URI configUrl =
        httpUrl(openidConfiguration)
            .orElseThrow(() -> HttpError.badRequest("lti.register.noConfiguration"));
    boolean allowed =
        policy.open()
            || policy.allowedHosts().contains(configUrl.getHost().toLowerCase(Locale.ROOT));
    if (allowed) {
      return register(configUrl, registrationToken);
    }
    if (invite == null || invite.isBlank()) {
      log.warn("event=registration_refused reason=no_invitation host={}", configUrl.getHost());
      throw HttpError.forbidden("lti.register.inviteNeeded");
    }
    if (!invites.claim(invite)) {
      log.warn(
          "event=registration_refused reason=invitation_unknown_used_or_expired host={}",
          configUrl.getHost());
      throw HttpError.forbidden("lti.register.inviteInvalid");
    }
    try {
      Result result = register(configUrl, registrationToken);
      log.info("event=invitation_used platform={}", result.platform().id());
      return result;
    } catch (RuntimeException e) {
      // nothing was stored: the administrator may try again with the same link
      invites.release(invite);
      throw e;
    }
  }

  private Result register(URI configUrl, String registrationToken) {
    JsonNode configJson =
        fetchJson(
            HttpRequest.newBuilder(configUrl).GET(),
            "lti.register.configUnreachable",
            configUrl.toString());
    PlatformConfiguration config = PlatformConfiguration.parse(configJson);
    String missing = config.firstMissing();
    if (missing != null) {
      log.warn(
          "event=registration_failed reason=config_incomplete missing={} config={}",
          missing,
          configUrl);
      throw new HttpError(502, "lti.register.configIncomplete", configUrl.toString(), missing);
    }
    // Dynamic Registration 1.0 §3.5.1: the issuer must belong to the site that published the
    // configuration, or any site could register itself under another platform's name.
    URI issuer = httpUrl(config.issuer()).orElse(null);
    if (issuer == null || !origin(issuer).equals(origin(configUrl))) {
      log.warn(
          "event=registration_failed reason=issuer_mismatch issuer={} config={}",
          config.issuer(),
          configUrl);
      throw HttpError.badRequest("lti.register.issuerMismatch", config.issuer(), origin(configUrl));
    }
    URI registrationEndpoint =
        httpUrl(config.registrationEndpoint())
            .orElseThrow(
                () ->
                    new HttpError(
                        502,
                        "lti.register.configIncomplete",
                        configUrl.toString(),
                        "registration_endpoint"));
    // the registration (with the platform's bearer token) goes only to the issuer's own site
    if (!origin(registrationEndpoint).equals(origin(issuer))) {
      log.warn(
          "event=registration_failed reason=endpoint_elsewhere endpoint={} issuer={}",
          registrationEndpoint,
          issuer);
      throw HttpError.badRequest(
          "lti.register.endpointElsewhere", registrationEndpoint.toString(), origin(issuer));
    }

    HttpRequest.Builder post =
        HttpRequest.newBuilder(registrationEndpoint)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(requestBody()));
    if (registrationToken != null && !registrationToken.isBlank()) {
      post.header("Authorization", "Bearer " + registrationToken);
    }
    JsonNode answer = fetchJson(post, "lti.register.refused", registrationEndpoint.toString());
    Map<String, JsonNode> fields = PlatformConfiguration.trimmedKeys(answer);
    String clientId = PlatformConfiguration.text(fields, "client_id");
    if (clientId == null) {
      log.warn("event=registration_failed reason=no_client_id endpoint={}", registrationEndpoint);
      throw new HttpError(502, "lti.register.noClientId", registrationEndpoint.toString());
    }
    String deploymentId =
        PlatformConfiguration.text(
            PlatformConfiguration.trimmedKeys(fields.get(TOOL_CONFIGURATION)), "deployment_id");
    if (deploymentId == null) {
      deploymentId = PlatformConfiguration.text(fields, "deployment_id");
    }
    boolean updated = platforms.find(config.issuer(), clientId).isPresent();
    Platform stored =
        platforms.register(
            new Platform(
                0,
                config.issuer(),
                clientId,
                name(config, issuer, clientId),
                config.authorizationEndpoint(),
                config.tokenEndpoint(),
                config.jwksUri()),
            deploymentId == null ? List.of() : List.of(deploymentId),
            clock.instant());
    log.info(
        "event=registered platform={} issuer={} client_id={} deployment={}",
        stored.id(),
        stored.issuer(),
        clientId,
        deploymentId);
    return new Result(stored, deploymentId, updated);
  }

  /**
   * The platform's display name: product, host with its port (two sites on one host differ only
   * there) and path; a second registration of the same site (another client id) gets its client id
   * added, so no two registrations read alike.
   */
  private String name(PlatformConfiguration config, URI issuer, String clientId) {
    String name =
        (config.productFamily() == null ? "" : config.productFamily() + ": ")
            + issuer.getHost()
            + (issuer.getPort() == -1 ? "" : ":" + issuer.getPort())
            + (issuer.getPath() == null || issuer.getPath().isEmpty() ? "" : issuer.getPath());
    return platforms.nameTakenByOther(name, config.issuer(), clientId)
        ? name + " (client ID " + clientId + ")"
        : name;
  }

  /**
   * The tool's registration (Dynamic Registration 1.0 §3.6 and the LTI tool configuration §3.6.2).
   */
  String requestBody() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("application_type", "web");
    body.put("response_types", List.of("id_token"));
    body.put("grant_types", List.of("implicit", "client_credentials"));
    body.put("initiate_login_uri", urls.login());
    body.put("redirect_uris", List.of(urls.launch()));
    body.put("client_name", "Recovery Lab");
    body.put("jwks_uri", urls.jwks());
    body.put("token_endpoint_auth_method", "private_key_jwt");
    body.put("scope", String.join(" ", SCOPES));
    Map<String, Object> lti = new LinkedHashMap<>();
    lti.put("domain", urls.domain());
    lti.put(
        "description",
        "Short lessons and scenario quizzes on running recovery tools and their limits.");
    lti.put("target_link_uri", urls.launch());
    // kept for course copies: the instructor pages can follow a copied link to its original
    lti.put(
        "custom_parameters",
        Map.of(
            "context_history", "$Context.id.history",
            "resource_link_history", "$ResourceLink.id.history"));
    lti.put("claims", List.of("iss", "sub", "name", "given_name", "family_name", "email"));
    lti.put(
        "messages",
        List.of(
            Map.of(
                "type",
                LtiClaims.RESOURCE_LINK_REQUEST,
                "target_link_uri",
                urls.launch(),
                "label",
                "Recovery Lab"),
            Map.of(
                "type",
                LtiClaims.DEEP_LINKING_REQUEST,
                "target_link_uri",
                urls.deepLinking(),
                "label",
                "Add Recovery Lab lessons and quizzes",
                "placements",
                List.of("ContentArea"))));
    body.put(TOOL_CONFIGURATION, lti);
    try {
      return Json.MAPPER.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalStateException("registration body not serialisable", e);
    }
  }

  /**
   * Fetches a JSON object. Every failure (an address the tool may not reach, no answer, an error
   * status, not JSON) is the same message to the user, so the page reveals nothing about what
   * answers where; the log has the reason, never the body.
   */
  private JsonNode fetchJson(HttpRequest.Builder request, String failureKey, String url) {
    URI target = request.build().uri();
    if (!policy.privateAddresses() && !PlatformAddresses.allPublic(target)) {
      log.warn(
          "event=registration_failed reason={} url={} cause=not_public_address", failureKey, url);
      throw new HttpError(502, failureKey, url);
    }
    HttpResponse<String> response;
    try {
      response =
          http.send(
              request.timeout(TIMEOUT).header("Accept", "application/json").build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      log.warn(
          "event=registration_failed reason={} url={} cause={}",
          failureKey,
          url,
          e.getClass().getSimpleName());
      throw new HttpError(502, failureKey, url);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpError(502, failureKey, url);
    }
    if (response.statusCode() / 100 != 2) {
      log.warn(
          "event=registration_failed reason={} url={} status={}",
          failureKey,
          url,
          response.statusCode());
      throw new HttpError(502, failureKey, url);
    }
    try {
      JsonNode json = Json.MAPPER.readTree(response.body());
      if (json == null || !json.isObject()) {
        throw new IOException("not a JSON object");
      }
      return json;
    } catch (IOException e) {
      log.warn("event=registration_failed reason={} url={} cause=not_json", failureKey, url);
      throw new HttpError(502, failureKey, url);
    }
  }

  private static Optional<URI> httpUrl(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(value.trim());
      boolean http =
          "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
      return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static String origin(URI uri) {
    int port =
        uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    return uri.getScheme().toLowerCase(Locale.ROOT)
        + "://"
        + uri.getHost().toLowerCase(Locale.ROOT)
        + ":"
        + port;
  }
}
