package com.recoverylab.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.recoverylab.lti.LtiClaims;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.HttpError;
import com.recoverylab.web.Json;
import com.recoverylab.web.Messages;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /sandbox/deep-link-return}: takes the tool's deep-linking response (a JWT in the {@code
 * JWT} form field), checks it as Moodle does, and adds one activity per resource link.
 */
final class DeepLinkReturnServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** Tolerance for clocks a little apart when judging iat and exp. */
  static final long CLOCK_SKEW_SECONDS = 5;

  private static final int MAX_TITLE = 1000;
  private final transient ToolJwtVerifier verifier;
  private final transient Jdbc jdbc;
  private final transient CourseRepository course;
  private final transient LaunchRepository launches;
  private final transient CoursePage page;
  private final transient Messages messages;
  private final transient SandboxUrls urls;
  private final transient Clock clock;

  DeepLinkReturnServlet(
      ToolJwtVerifier verifier,
      Jdbc jdbc,
      CourseRepository course,
      LaunchRepository launches,
      CoursePage page,
      Messages messages,
      SandboxUrls urls,
      Clock clock) {
    this.verifier = verifier;
    this.jdbc = jdbc;
    this.course = course;
    this.launches = launches;
    this.page = page;
    this.messages = messages;
    this.urls = urls;
    this.clock = clock;
  }

  /** A resource link item of the response, checked and ready to store. */
  private record NewActivity(
      String title,
      String description,
      String url,
      Map<String, String> custom,
      String submissionReviewJson,
      NewLineItem lineItem) {}

  private record NewLineItem(
      String label, BigDecimal scoreMaximum, String resourceId, String tag) {}

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String serialized = request.getParameter("JWT");
    if (serialized == null || serialized.isBlank()) {
      throw HttpError.badRequest("sandbox.dl.noJwt");
    }
    JWTClaimsSet claims;
    try {
      claims = verifier.verify(serialized);
    } catch (RejectedJwt e) {
      throw HttpError.badRequest(e.messageKey(), e.args());
    }
    Instant now = clock.instant();
    // Deep Linking 2.0, 4.5 (response message) with Security Framework 5.1.3 (JWT checks)
    if (!SandboxUrls.CLIENT_ID.equals(claims.getIssuer())) {
      throw HttpError.badRequest(
          "sandbox.dl.issuer", String.valueOf(claims.getIssuer()), SandboxUrls.CLIENT_ID);
    }
    if (claims.getAudience() == null || !claims.getAudience().contains(urls.issuer())) {
      throw HttpError.badRequest(
          "sandbox.dl.audience", String.valueOf(claims.getAudience()), urls.issuer());
    }
    Date expires = claims.getExpirationTime();
    if (expires == null || expires.toInstant().plusSeconds(CLOCK_SKEW_SECONDS).isBefore(now)) {
      throw HttpError.badRequest("sandbox.dl.expired");
    }
    Date issued = claims.getIssueTime();
    if (issued == null || issued.toInstant().isAfter(now.plusSeconds(CLOCK_SKEW_SECONDS))) {
      throw HttpError.badRequest("sandbox.dl.issuedInFuture");
    }
    if (text(claims, "nonce").isBlank()) {
      throw HttpError.badRequest("sandbox.dl.noNonce");
    }
    expect(claims, LtiClaims.MESSAGE_TYPE, LtiClaims.DEEP_LINKING_RESPONSE);
    expect(claims, LtiClaims.VERSION, "1.3.0");
    expect(claims, LtiClaims.DEPLOYMENT_ID, SandboxUrls.DEPLOYMENT_ID);
    // Deep Linking 4.4.1: data from the request comes back unchanged; it ties the answer to one
    // request
    String data = text(claims, LtiClaims.DL_DATA);
    SandboxLaunch launch =
        launches
            .findByDeepLinkData(data.isBlank() ? "\u0000" : data)
            .filter(
                l ->
                    l.usedAt() != null
                        && l.createdAt().plus(Launches.DEEP_LINK_WITHIN).isAfter(now))
            .orElseThrow(() -> HttpError.badRequest("sandbox.dl.unknownData"));

    List<NewActivity> additions = new ArrayList<>();
    int skipped = 0;
    for (Object item : items(claims)) {
      if (!(item instanceof Map<?, ?> map)) {
        throw HttpError.badRequest("sandbox.dl.itemNotObject");
      }
      if ("ltiResourceLink".equals(map.get("type"))) {
        additions.add(activity(map));
      } else {
        skipped++;
      }
    }
    jdbc.inTransaction(
        () -> {
          if (!launches.consumeDeepLinkData(launch.deepLinkData())) {
            throw HttpError.badRequest("sandbox.dl.unknownData");
          }
          for (NewActivity addition : additions) {
            long id =
                course.insertActivity(
                    addition.title(),
                    addition.description(),
                    addition.url(),
                    addition.custom(),
                    addition.submissionReviewJson(),
                    now);
            NewLineItem item = addition.lineItem();
            if (item != null) {
              course.insertLineItem(
                  id,
                  item.label(),
                  item.scoreMaximum(),
                  item.resourceId(),
                  item.tag(),
                  null,
                  null,
                  now);
            }
          }
          return null;
        });

    List<String> notices = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    notices.add(
        messages.text(
            request.getLocale(),
            "sandbox.dl.added",
            additions.size(),
            String.join(", ", additions.stream().map(NewActivity::title).toList())));
    if (skipped > 0) {
      problems.add(messages.text(request.getLocale(), "sandbox.dl.skipped", skipped));
    }
    String toolMessage = text(claims, LtiClaims.DL_MSG);
    if (!toolMessage.isBlank()) {
      notices.add(messages.text(request.getLocale(), "sandbox.home.toolSaid", toolMessage));
    }
    String toolError = text(claims, LtiClaims.DL_ERRORMSG);
    if (!toolError.isBlank()) {
      problems.add(messages.text(request.getLocale(), "sandbox.home.toolError", toolError));
    }
    page.render(request, response, 200, notices, problems);
  }

  private static List<Object> items(JWTClaimsSet claims) {
    Object items = claims.getClaim(LtiClaims.DL_CONTENT_ITEMS);
    if (items == null) {
      return List.of();
    }
    if (!(items instanceof List<?> list)) {
      throw HttpError.badRequest("sandbox.dl.itemsNotList");
    }
    return new ArrayList<>(list);
  }

  // Deep Linking 3.1 (ltiResourceLink) and 3.1.1 (lineItem)
  private static NewActivity activity(Map<?, ?> item) {
    String title =
        item.get("title") instanceof String t && !t.isBlank() ? t.trim() : "Recovery Lab activity";
    if (title.length() > MAX_TITLE) {
      throw HttpError.badRequest("sandbox.dl.titleTooLong", MAX_TITLE);
    }
    String description = item.get("text") instanceof String t ? t : null;
    String url = null;
    if (item.get("url") != null) {
      if (!(item.get("url") instanceof String u)
          || !(u.startsWith("https://") || u.startsWith("http://"))) {
        throw HttpError.badRequest("sandbox.dl.url", String.valueOf(item.get("url")));
      }
      url = u;
    }
    Map<String, String> custom = new LinkedHashMap<>();
    if (item.get("custom") != null) {
      if (!(item.get("custom") instanceof Map<?, ?> given)) {
        throw HttpError.badRequest("sandbox.dl.custom");
      }
      given.forEach(
          (key, value) -> {
            if (!(value instanceof String)
                && !(value instanceof Number)
                && !(value instanceof Boolean)) {
              throw HttpError.badRequest("sandbox.dl.custom");
            }
            custom.put(String.valueOf(key), String.valueOf(value));
          });
    }
    NewLineItem lineItem = null;
    String submissionReview = null;
    if (item.get("lineItem") != null) {
      if (!(item.get("lineItem") instanceof Map<?, ?> given)) {
        throw HttpError.badRequest("sandbox.dl.lineItem", title);
      }
      if (!(given.get("scoreMaximum") instanceof Number max) || !(max.doubleValue() > 0)) {
        throw HttpError.badRequest("sandbox.dl.scoreMaximum", title);
      }
      String label = given.get("label") instanceof String l && !l.isBlank() ? l : title;
      lineItem =
          new NewLineItem(
              label,
              new BigDecimal(max.toString()),
              given.get("resourceId") instanceof String r ? r : null,
              given.get("tag") instanceof String t ? t : null);
      if (given.get("submissionReview") != null) {
        try {
          submissionReview = Json.MAPPER.writeValueAsString(given.get("submissionReview"));
        } catch (JsonProcessingException e) {
          throw HttpError.badRequest("sandbox.dl.lineItem", title);
        }
      }
    }
    return new NewActivity(title, description, url, custom, submissionReview, lineItem);
  }

  private static String text(JWTClaimsSet claims, String name) {
    Object value = claims.getClaim(name);
    return value instanceof String s ? s : "";
  }

  private static void expect(JWTClaimsSet claims, String name, String expected) {
    Object value = claims.getClaim(name);
    if (!expected.equals(value)) {
      throw HttpError.badRequest("sandbox.dl.wrongClaim", name, String.valueOf(value), expected);
    }
  }
}
