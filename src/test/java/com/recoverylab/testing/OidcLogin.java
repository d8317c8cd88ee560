package com.recoverylab.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.recoverylab.testing.FakePlatform.Launch;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The platform's side of the LTI 1.3 OIDC launch as Moodle 4.5 plays it: the login initiation page
 * ({@code launch.php}) that form-posts to the tool, the strict authorization endpoint ({@code
 * auth.php}) that answers with the signed id_token, and a course page with a postMessage storage
 * frame (LTI client-side OIDC).
 */
final class OidcLogin {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> AUTH_PARAMS =
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
  private final FakePlatform platform;
  private final Map<String, Launch> launches = new ConcurrentHashMap<>();
  private final List<Map<String, String>> authRequests =
      Collections.synchronizedList(new ArrayList<>());
  private volatile String lastIdToken;
  private volatile String lastState;

  OidcLogin(FakePlatform platform) {
    this.platform = platform;
  }

  /** A launch the next login with this launch id will run. */
  void expect(String launchId, Launch launch) {
    launches.put(launchId, launch);
  }

  List<Map<String, String>> authRequests() {
    return List.copyOf(authRequests);
  }

  String lastIdToken() {
    return lastIdToken;
  }

  String lastState() {
    return lastState;
  }

  /** Moodle's launch.php: an auto-submitted form POST to the tool's login initiation URL. */
  void initiateLogin(HttpExchange exchange) throws IOException {
    String id = Exchanges.query(exchange).get("id");
    Launch launch = launches.get(id);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("iss", platform.issuer());
    form.put(
        "target_link_uri",
        launch.loginTargetLinkUri != null
            ? launch.loginTargetLinkUri
            : launch.targetLinkUri != null ? launch.targetLinkUri : platform.toolTargetLinkUri());
    form.put("login_hint", launch.userId);
    form.put("lti_message_hint", "{\"cmid\":2,\"launchid\":\"" + id + "\"}");
    if (launch.sendClientId) {
      form.put("client_id", platform.clientId());
    }
    form.put(
        "lti_deployment_id",
        launch.loginDeploymentId != null ? launch.loginDeploymentId : platform.deploymentId());
    form.putAll(launch.extraLoginParams);
    send(exchange, 200, "text/html", Exchanges.autoPost(platform.toolLoginUrl(), form));
  }

  /** Moodle's auth.php: strict about the parameters; answers with the id_token form post. */
  void auth(HttpExchange exchange) throws IOException {
    Map<String, String> params = Exchanges.query(exchange);
    authRequests.add(params);
    String problem = null;
    for (String name : params.keySet()) {
      if (!AUTH_PARAMS.contains(name)) {
        problem = "unexpected parameter " + name;
      }
    }
    String launchId = null;
    try {
      launchId =
          JSON.readTree(params.getOrDefault("lti_message_hint", "{}"))
              .path("launchid")
              .asText(null);
    } catch (IOException e) {
      problem = "lti_message_hint changed";
    }
    Launch launch = launchId == null ? null : launches.get(launchId);
    if (!"openid".equals(params.get("scope"))) {
      problem = "invalid_scope";
    } else if (!"id_token".equals(params.get("response_type"))) {
      problem = "unsupported_response_type";
    } else if (!"form_post".equals(params.get("response_mode"))) {
      problem = "invalid_request: response_mode";
    } else if (!"none".equals(params.get("prompt"))) {
      problem = "invalid_request: prompt";
    } else if (!platform.clientId().equals(params.get("client_id"))) {
      problem = "unauthorized_client";
    } else if (!platform.toolRedirectUri().equals(params.get("redirect_uri"))) {
      problem = "invalid_request: redirect_uri not registered";
    } else if (launch == null || !launch.userId.equals(params.get("login_hint"))) {
      problem = "invalid_request: login_hint or lti_message_hint";
    } else if (params.get("nonce") == null || params.get("state") == null) {
      problem = "invalid_request: nonce or state";
    }
    if (problem != null) {
      send(
          exchange,
          400,
          "text/html",
          "<html><body><p id=\"auth-error\">" + Exchanges.escape(problem) + "</p></body></html>");
      return;
    }
    String idToken = launch.token.apply(platform.claims(launch, params.get("nonce")));
    lastIdToken = idToken;
    lastState = params.get("state");
    launch.beforePost.accept(params.get("state"));
    Map<String, String> form = new LinkedHashMap<>();
    form.put("id_token", idToken);
    form.put("state", launch.stateOverride != null ? launch.stateOverride : params.get("state"));
    send(exchange, 200, "text/html", Exchanges.autoPost(params.get("redirect_uri"), form));
  }

  static final String STORAGE_FRAME = "post_message_forwarding";

  /** A course page: the platform's storage frame next to the tool's iframe. */
  void coursePage(HttpExchange exchange) throws IOException {
    String id = Exchanges.query(exchange).get("id");
    send(
        exchange,
        200,
        "text/html",
        "<!DOCTYPE html><html><head><title>Course</title></head><body>"
            + "<iframe name=\""
            + STORAGE_FRAME
            + "\" src=\""
            + platform.issuer()
            + "/mod/lti/storage.php\"></iframe>"
            + "<iframe name=\"tool\" src=\""
            + platform.issuer()
            + "/mod/lti/launch.php?id="
            + Exchanges.enc(id)
            + "\"></iframe>"
            + "</body></html>");
  }

  /**
   * The platform's storage frame: answers lti.put_data and lti.get_data, keyed by the sender's
   * origin.
   */
  void storageFrame(HttpExchange exchange) throws IOException {
    send(
        exchange,
        200,
        "text/html",
        "<!DOCTYPE html><html><head><title>Storage</title></head><body><script>"
            + "var store = {};"
            + "window.addEventListener('message', function (e) {"
            + "  var d = e.data; if (!d || typeof d !== 'object') { return; }"
            + "  if (d.subject === 'lti.put_data') { store[e.origin + ' ' + d.key] = d.value;"
            + "    e.source.postMessage({subject: 'lti.put_data.response', message_id: d.message_id, key: d.key,"
            + "      value: d.value}, e.origin); }"
            + "  if (d.subject === 'lti.get_data') {"
            + "    e.source.postMessage({subject: 'lti.get_data.response', message_id: d.message_id, key: d.key,"
            + "      value: store[e.origin + ' ' + d.key]}, e.origin); }"
            + "});"
            + "</script></body></html>");
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    Exchanges.send(exchange, status, body, Map.of("Content-Type", type + "; charset=utf-8"));
  }
}
