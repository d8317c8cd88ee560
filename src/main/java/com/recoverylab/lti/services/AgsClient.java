package com.recoverylab.lti.services;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.recoverylab.lti.LtiClaims;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.web.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Calls to a platform's Assignment and Grade Services 2.0: the line item service (3.2) and the
 * score publish service (3.4). Every call carries a bearer token; a 401 drops the token and repeats
 * the call once with a fresh one.
 */
public final class AgsClient {
  public static final String SCOPE_LINEITEM = LtiClaims.SCOPE_LINEITEM;
  public static final String SCOPE_LINEITEM_READONLY = LtiClaims.SCOPE_LINEITEM_READONLY;
  public static final String SCOPE_SCORE = LtiClaims.SCOPE_SCORE;
  static final String LINEITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json";
  static final String CONTAINER_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json";
  static final String SCORE_TYPE = "application/vnd.ims.lis.v1.score+json";

  /** AGS 3.4.7: timestamps carry sub-second precision; platforms compare them per result. */
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final PlatformHttp http;
  private final AccessTokens tokens;
  private final Clock clock;

  public AgsClient(PlatformHttp http, AccessTokens tokens, Clock clock) {
    this.http = http;
    this.tokens = tokens;
    this.clock = clock;
  }

  /** A line item to create for a resource link. */
  public record NewLineItem(
      String label, double scoreMaximum, String resourceId, String tag, String resourceLinkId) {}

  /** One learner's score, always final: Completed and FullyGraded. */
  public record Score(
      String userId, double scoreGiven, double scoreMaximum, String comment, Instant timestamp) {}

  /**
   * The line item the platform keeps for the resource link, looked up with the container's {@code
   * resource_link_id} filter (AGS 3.2.5); empty when there is none.
   */
  public Optional<String> findLineItem(
      Platform platform, String lineitemsUrl, String resourceLinkId, Set<String> scopes) {
    String url = withQueryParameter(lineitemsUrl, "resource_link_id", resourceLinkId);
    HttpResponse<String> response =
        call(
            platform,
            scopes,
            token ->
                http.request(url)
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", CONTAINER_TYPE)
                    .GET()
                    .build());
    requireSuccess(response, "the line item lookup");
    JsonNode items = readJson(response.body(), "line items");
    if (!items.isArray()) {
      return Optional.empty();
    }
    // a platform may ignore the filter: only an item naming this link counts
    for (JsonNode item : items) {
      if (resourceLinkId.equals(item.path("resourceLinkId").asText(null))
          && item.hasNonNull("id")) {
        return Optional.of(item.get("id").asText());
      }
    }
    return Optional.empty();
  }

  /** Creates a line item in the container (AGS 3.2.6) and returns its URL. */
  public String createLineItem(
      Platform platform, String lineitemsUrl, NewLineItem item, Set<String> scopes) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("scoreMaximum", item.scoreMaximum());
    body.put("label", item.label());
    body.put("resourceId", item.resourceId());
    body.put("tag", item.tag());
    body.put("resourceLinkId", item.resourceLinkId());
    // LTI Submission Review 1.0: a grade clicked in the gradebook opens the student's attempts
    body.putObject("submissionReview")
        .putArray("reachableAs")
        .add(LtiClaims.SUBMISSION_REVIEW_REQUEST);
    String json = body.toString();
    HttpResponse<String> response =
        call(
            platform,
            scopes,
            token ->
                http.request(lineitemsUrl)
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", LINEITEM_TYPE)
                    .header("Accept", LINEITEM_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build());
    requireSuccess(response, "the new line item");
    JsonNode created = readJson(response.body(), "the new line item");
    String id = created.path("id").asText("");
    if (id.isBlank()) {
      throw new ServiceCallException.Refused(
          "The platform created a line item but gave no id for it: "
              + PlatformHttp.excerpt(response.body()),
          response.statusCode());
    }
    return id;
  }

  /**
   * Changes a line item's maximum and label (AGS 3.2.7: PUT of the whole line item). The item is
   * read first so what the tool does not change (dates, tag, resource, submission review) goes back
   * as the platform holds it; a null {@code scoreMaximum} or {@code label} keeps the platform's.
   * Moodle rescales the grades it holds to the new maximum.
   */
  public void updateLineItem(
      Platform platform, String lineItemUrl, Double scoreMaximum, String label) {
    Set<String> scopes = Set.of(SCOPE_LINEITEM);
    HttpResponse<String> current =
        call(
            platform,
            scopes,
            token ->
                http.request(lineItemUrl)
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", LINEITEM_TYPE)
                    .GET()
                    .build());
    requireSuccess(current, "the look-up of the gradebook column");
    JsonNode read = readJson(current.body(), "the gradebook column");
    if (!read.isObject()) {
      throw new ServiceCallException.Refused(
          "The platform answered the gradebook column with something that is not"
              + " a line item: "
              + PlatformHttp.excerpt(current.body()),
          current.statusCode());
    }
    ObjectNode item = (ObjectNode) read;
    if (scoreMaximum != null) {
      item.put("scoreMaximum", scoreMaximum);
    }
    if (label != null) {
      item.put("label", label);
    }
    String json = item.toString();
    HttpResponse<String> response =
        call(
            platform,
            scopes,
            token ->
                http.request(lineItemUrl)
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", LINEITEM_TYPE)
                    .header("Accept", LINEITEM_TYPE)
                    .PUT(HttpRequest.BodyPublishers.ofString(json))
                    .build());
    requireSuccess(response, "the change of the gradebook column");
  }

  /**
   * Publishes the score (AGS 3.4). Returns normally when the platform took it; a 409 (it holds a
   * score at least as new) is a {@link ServiceCallException.Refused} with status 409.
   */
  public void postScore(Platform platform, String lineItemUrl, Score score) {
    String url = scoresUrl(lineItemUrl);
    String json = scoreJson(score);
    HttpResponse<String> response =
        call(
            platform,
            Set.of(SCOPE_SCORE),
            token ->
                http.request(url)
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", SCORE_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build(),
            // AGS 3.4: the platform keeps one score per timestamp, so a repeat changes nothing
            PlatformHttp.Resend.SAFE_TO_REPEAT);
    requireSuccess(response, "the score");
  }

  /**
   * The score's JSON body (AGS 3.4.x): final progress values, timestamp with milliseconds. Written
   * with the streaming generator: one goes out per grade, and building a tree first and printing it
   * through the mapper's writer cost several times the writing itself.
   */
  static String scoreJson(Score score) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("userId", score.userId());
      json.writeNumberField("scoreGiven", score.scoreGiven());
      json.writeNumberField("scoreMaximum", score.scoreMaximum());
      json.writeStringField("activityProgress", "Completed");
      // never Pending: Moodle clears the stored grade for anything but FullyGraded
      json.writeStringField("gradingProgress", "FullyGraded");
      json.writeStringField("timestamp", TIMESTAMP.format(score.timestamp()));
      if (score.comment() != null && !score.comment().isBlank()) {
        json.writeStringField("comment", score.comment());
      }
      json.writeEndObject();
    } catch (IOException e) {
      // a StringWriter does not fail
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * The score service URL: {@code /scores} joins the line item URL's path, its query stays ({@code
   * .../lineitem?type_id=1} becomes {@code .../lineitem/scores?type_id=1}).
   */
  static String scoresUrl(String lineItemUrl) {
    String base = lineItemUrl;
    String fragmentless = base.contains("#") ? base.substring(0, base.indexOf('#')) : base;
    int query = fragmentless.indexOf('?');
    String path = query < 0 ? fragmentless : fragmentless.substring(0, query);
    String rest = query < 0 ? "" : fragmentless.substring(query);
    // trailing slashes go (a loop, not a regex: this runs for every grade sent)
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(0, end) + "/scores" + rest;
  }

  /** Adds a query parameter, keeping any query the URL already has. */
  static String withQueryParameter(String url, String name, String value) {
    // %20, not +, for spaces: a URL query is not always decoded as a form
    String parameter =
        URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")
            + "="
            + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    if (!url.contains("?")) {
      return url + "?" + parameter;
    }
    return url.endsWith("?") || url.endsWith("&") ? url + parameter : url + "&" + parameter;
  }

  private HttpResponse<String> call(
      Platform platform, Set<String> scopes, Function<String, HttpRequest> request) {
    return call(platform, scopes, request, PlatformHttp.Resend.IF_IDEMPOTENT);
  }

  private HttpResponse<String> call(
      Platform platform,
      Set<String> scopes,
      Function<String, HttpRequest> request,
      PlatformHttp.Resend resend) {
    AccessTokens.AccessToken token = tokens.get(platform, scopes);
    HttpResponse<String> response = http.send(request.apply(token.value()), resend);
    if (response.statusCode() == 401) {
      // the token may have expired or been revoked early: one more try with a fresh one
      tokens.drop(platform, scopes, token);
      token = tokens.get(platform, scopes);
      response = http.send(request.apply(token.value()), resend);
      if (response.statusCode() == 401) {
        throw new ServiceCallException.Unavailable(
            "The platform refused a fresh access token (HTTP 401: "
                + PlatformHttp.excerpt(response.body())
                + ")",
            401,
            null,
            null);
      }
    }
    return response;
  }

  private void requireSuccess(HttpResponse<String> response, String what) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return;
    }
    String said = "HTTP " + status + ": " + PlatformHttp.excerpt(response.body());
    if (status == 429 || status == 408 || status >= 500) {
      throw new ServiceCallException.Unavailable(
          "The platform could not take " + what + " now (" + said + ")",
          status,
          PlatformHttp.retryAfter(response, clock.instant()),
          null);
    }
    throw new ServiceCallException.Refused(
        "The platform refused " + what + " (" + said + ")", status);
  }

  private static JsonNode readJson(String body, String what) {
    try {
      JsonNode node = Json.MAPPER.readTree(body == null ? "" : body);
      if (node == null || node.isMissingNode()) {
        throw new IOException("empty");
      }
      return node;
    } catch (IOException e) {
      throw new ServiceCallException.Unavailable(
          "The platform answered "
              + what
              + " with something that is not JSON: "
              + PlatformHttp.excerpt(body),
          200,
          null,
          e);
    }
  }
}
