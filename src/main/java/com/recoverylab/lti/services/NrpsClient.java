package com.recoverylab.lti.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.recoverylab.lti.LtiClaims;
import com.recoverylab.web.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a context's members from the platform's Names and Role Provisioning Services 2.0 endpoint
 * ({@code context_memberships_url}), following {@code Link: <...>; rel="next"} pages.
 */
public final class NrpsClient {
  public static final String SCOPE = LtiClaims.SCOPE_MEMBERSHIPS;
  public static final String MEDIA_TYPE =
      "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";

  /** A loop of next links, or a platform paging ten at a time through a huge course, stops here. */
  static final int MAX_PAGES = 200;

  private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^,;]+)*)");
  private static final Pattern REL_NEXT =
      Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?", Pattern.CASE_INSENSITIVE);

  private final PlatformHttp http;

  /**
   * Calls go through the same platform HTTP client as grade delivery (timeout, shutdown, retry).
   */
  public NrpsClient(PlatformHttp http) {
    this.http = http;
  }

  /** Why the roster could not be read; the message is for the log, the kind for the page. */
  public static final class NrpsException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    public NrpsException(String message, int status, Throwable cause) {
      super(message, cause);
      this.status = status;
    }

    /** The HTTP status the platform answered, or 0 when there was no answer. */
    public int status() {
      return status;
    }
  }

  /**
   * Every member on every page.
   *
   * @param bearerToken gives an access token for {@link #SCOPE}; asked once per call
   */
  public List<Membership> members(String membershipsUrl, Supplier<String> bearerToken)
      throws NrpsException {
    URI first = parse(membershipsUrl);
    String token;
    try {
      token = Objects.requireNonNull(bearerToken.get(), "token");
    } catch (RuntimeException e) {
      throw new NrpsException("no access token for " + SCOPE + ": " + e.getMessage(), 0, e);
    }
    List<Membership> members = new ArrayList<>();
    URI page = first;
    for (int pages = 0; page != null; pages++) {
      if (pages == MAX_PAGES) {
        throw new NrpsException("more than " + MAX_PAGES + " pages at " + first, 0, null);
      }
      HttpResponse<String> response = get(page, token);
      JsonNode body;
      try {
        body = Json.MAPPER.readTree(response.body());
      } catch (IOException e) {
        throw new NrpsException("membership page is not JSON at " + page, response.statusCode(), e);
      }
      if (!body.path("members").isArray()) {
        throw new NrpsException(
            "membership page has no members array at " + page, response.statusCode(), null);
      }
      for (JsonNode member : body.path("members")) {
        Optional<Membership> read = read(member);
        read.ifPresent(members::add);
      }
      page = next(response, page).orElse(null);
      // NRPS 2.0 2.4.1: the bearer token is for the platform's service only; a next link to
      // another origin would hand it to a third party
      if (page != null && !sameOrigin(first, page)) {
        throw new NrpsException("next page " + page + " is not on " + first.getHost(), 0, null);
      }
    }
    return members;
  }

  private HttpResponse<String> get(URI page, String token) throws NrpsException {
    HttpRequest request =
        http.request(page.toString())
            .header("Authorization", "Bearer " + token)
            .header("Accept", MEDIA_TYPE)
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request);
    } catch (ServiceCallException e) {
      throw new NrpsException("cannot read " + page + ": " + e.getMessage(), 0, e);
    }
    if (response.statusCode() != 200) {
      throw new NrpsException(
          "platform answered " + response.statusCode() + " at " + page,
          response.statusCode(),
          null);
    }
    return response;
  }

  private static Optional<Membership> read(JsonNode member) {
    String userId = member.path("user_id").asText("");
    if (userId.isEmpty()) {
      return Optional.empty();
    }
    List<String> roles = new ArrayList<>();
    member.path("roles").forEach(r -> roles.add(r.asText()));
    List<String> groups = new ArrayList<>();
    member
        .path("group_enrollments")
        .forEach(
            g -> {
              if (g.hasNonNull("group_id")) {
                groups.add(g.path("group_id").asText());
              }
            });
    return Optional.of(
        new Membership(
            userId,
            text(member, "name"),
            text(member, "given_name"),
            text(member, "family_name"),
            text(member, "email"),
            text(member, "status"),
            roles,
            groups));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() ? value.asText() : null;
  }

  /** The {@code rel="next"} target of the Link header(s), resolved against the page. */
  static Optional<URI> next(HttpResponse<?> response, URI page) {
    for (String header : response.headers().allValues("Link")) {
      Matcher link = LINK.matcher(header);
      while (link.find()) {
        Matcher rel = REL_NEXT.matcher(link.group(2));
        while (rel.find()) {
          for (String value : rel.group(1).trim().split("\\s+")) {
            if ("next".equals(value.toLowerCase(Locale.ROOT))) {
              return Optional.of(page.resolve(link.group(1).trim()));
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  private static boolean sameOrigin(URI a, URI b) {
    return Objects.equals(a.getScheme(), b.getScheme())
        && Objects.equals(a.getHost(), b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    return uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
  }

  private static URI parse(String url) throws NrpsException {
    try {
      URI uri = URI.create(url);
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new IllegalArgumentException("not an absolute http(s) URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new NrpsException("context_memberships_url is not usable: " + url, 0, e);
    }
  }
}
