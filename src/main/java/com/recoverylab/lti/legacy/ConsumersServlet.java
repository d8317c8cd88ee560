package com.recoverylab.lti.legacy;

import com.recoverylab.app.Config.AdminToken;
import com.recoverylab.web.HttpError;
import com.recoverylab.web.Templates;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /lti/11/consumers}: the LTI 1.1 consumer keys, for the administrator. The tool has no
 * administrator login, so this page is only wired when ADMIN_TOKEN is set, and answers only
 * requests that present that token, as a bearer token or as the password of HTTP Basic
 * authentication (any user name), which a browser asks for by itself. Secrets are never shown.
 */
public final class ConsumersServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final String REALM = "Recovery Lab administration";
  private final transient Templates templates;
  private final transient Consumers consumers;
  private final transient AdminToken token;
  private final String launchUrl;

  public ConsumersServlet(
      Templates templates, Consumers consumers, AdminToken token, String launchUrl) {
    this.templates = templates;
    this.consumers = consumers;
    this.token = token;
    this.launchUrl = launchUrl;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setHeader("Cache-Control", "no-store");
    if (!token.matches(presented(request.getHeader("Authorization")))) {
      response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
      throw HttpError.unauthorized("error.legacy.adminToken");
    }
    templates.render(
        request,
        response,
        "legacy/consumers",
        Map.of(
            "consumers", consumers.list().stream().map(Row::of).toList(), "launchUrl", launchUrl));
  }

  /** A table row: the creation time shown in UTC, and as ISO 8601 for the time element. */
  record Row(String key, String name, String created, String createdIso) {
    private static final DateTimeFormatter SHOWN =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    static Row of(ConsumerEntry entry) {
      return new Row(
          entry.key(), entry.name(), SHOWN.format(entry.createdAt()), entry.createdAt().toString());
    }
  }

  /** The token a request presents: the bearer token, or the password of Basic authentication. */
  static String presented(String authorization) {
    if (authorization == null) {
      return null;
    }
    int space = authorization.indexOf(' ');
    if (space < 0) {
      return null;
    }
    String scheme = authorization.substring(0, space).toLowerCase(Locale.ROOT);
    String value = authorization.substring(space + 1).strip();
    if (scheme.equals("bearer")) {
      return value;
    }
    if (scheme.equals("basic")) {
      try {
        String decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : decoded.substring(colon + 1);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }
}
