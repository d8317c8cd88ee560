package com.recoverylab.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.recoverylab.lti.LtiClaims;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.Messages;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /sandbox/ags/{course}/...}: Assignment and Grade Services 2.0 for the demo course: line
 * items (list, create, read, update), scores (publish) and results (read).
 */
final class AgsServlet extends ServiceServlet {
  private static final long serialVersionUID = 1L;
  static final String LINEITEM_CONTAINER = "application/vnd.ims.lis.v2.lineitemcontainer+json";
  static final String LINEITEM = "application/vnd.ims.lis.v2.lineitem+json";
  static final String SCORE = "application/vnd.ims.lis.v1.score+json";
  static final String RESULT_CONTAINER = "application/vnd.ims.lis.v2.resultcontainer+json";
  private static final Pattern LINE_ITEMS = Pattern.compile("/([^/]+)/lineitems");
  private static final Pattern ONE =
      Pattern.compile("/([^/]+)/lineitems/(\\d{1,18})/lineitem(/scores|/results)?");
  // AGS 3.4.5 and 3.4.6: the two progress vocabularies
  private static final Set<String> ACTIVITY_PROGRESS =
      Set.of("Initialized", "Started", "InProgress", "Submitted", "Completed");
  private static final Set<String> GRADING_PROGRESS =
      Set.of("FullyGraded", "Pending", "PendingManual", "Failed", "NotReady");
  private final transient ServiceAccess access;
  private final transient Jdbc jdbc;
  private final transient CourseRepository course;
  private final transient GradebookRepository gradebook;
  private final transient SandboxUrls urls;
  private final transient Clock clock;

  AgsServlet(
      Messages messages,
      ServiceAccess access,
      Jdbc jdbc,
      CourseRepository course,
      GradebookRepository gradebook,
      SandboxUrls urls,
      Clock clock) {
    super(messages);
    this.access = access;
    this.jdbc = jdbc;
    this.course = course;
    this.gradebook = gradebook;
    this.urls = urls;
    this.clock = clock;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = path(request);
    if (LINE_ITEMS.matcher(path).matches()) {
      access.require(request, LtiClaims.SCOPE_LINEITEM, LtiClaims.SCOPE_LINEITEM_READONLY);
      listLineItems(request, response);
      return;
    }
    Matcher one = ONE.matcher(path);
    if (one.matches() && one.group(3) == null) {
      access.require(request, LtiClaims.SCOPE_LINEITEM, LtiClaims.SCOPE_LINEITEM_READONLY);
      writeJson(response, 200, LINEITEM, json(lineItem(one.group(2))));
      return;
    }
    if (one.matches() && "/results".equals(one.group(3))) {
      access.require(request, LtiClaims.SCOPE_RESULT_READONLY);
      listResults(request, response, lineItem(one.group(2)));
      return;
    }
    throw notHere(request);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = path(request);
    if (LINE_ITEMS.matcher(path).matches()) {
      access.require(request, LtiClaims.SCOPE_LINEITEM);
      createLineItem(request, response);
      return;
    }
    Matcher one = ONE.matcher(path);
    if (one.matches() && "/scores".equals(one.group(3))) {
      access.require(request, LtiClaims.SCOPE_SCORE);
      postScore(request, response, lineItem(one.group(2)));
      return;
    }
    throw notHere(request);
  }

  @Override
  protected void doPut(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Matcher one = ONE.matcher(path(request));
    if (one.matches() && one.group(3) == null) {
      access.require(request, LtiClaims.SCOPE_LINEITEM);
      updateLineItem(request, response, lineItem(one.group(2)));
      return;
    }
    throw notHere(request);
  }

  /** The path below /sandbox/ags, after checking the course and Moodle's type_id. */
  private String path(HttpServletRequest request) {
    String path = request.getPathInfo() == null ? "" : request.getPathInfo();
    Matcher courseOf = Pattern.compile("/([^/]+)/.*").matcher(path);
    if (!courseOf.matches() || !SandboxCourse.ID.equals(courseOf.group(1))) {
      throw ServiceError.notFound("sandbox.ags.noCourse");
    }
    // Moodle finds the tool by type_id; a tool that drops the query from a service URL fails there
    // too
    if (!SandboxUrls.TYPE_ID.equals(request.getParameter("type_id"))) {
      throw ServiceError.badRequest("sandbox.ags.typeId");
    }
    return path;
  }

  private ServiceError notHere(HttpServletRequest request) {
    return new ServiceError(405, "invalid_request", "sandbox.ags.notHere", request.getMethod());
  }

  private LineItem lineItem(String id) {
    return course
        .lineItem(Long.parseLong(id))
        .orElseThrow(() -> ServiceError.notFound("sandbox.ags.noLineItem", id));
  }

  // AGS 3.2.4: GET on the container lists line items, filtered by resource_link_id, resource_id,
  // tag
  private void listLineItems(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Long activityId = null;
    String linkId = request.getParameter("resource_link_id");
    if (linkId != null) {
      if (!linkId.matches("\\d{1,18}")) {
        writeJson(response, 200, LINEITEM_CONTAINER, List.of());
        return;
      }
      activityId = Long.parseLong(linkId);
    }
    List<LineItem> items =
        course.lineItems(
            activityId, request.getParameter("resource_id"), request.getParameter("tag"));
    int limit = positive(request.getParameter("limit"), items.size());
    writeJson(
        response, 200, LINEITEM_CONTAINER, items.stream().limit(limit).map(this::json).toList());
  }

  // AGS 3.2.5: POST to the container creates a line item and answers it with its id
  private void createLineItem(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    JsonNode body = jsonBody(request, LINEITEM);
    String label = body.path("label").isTextual() ? body.path("label").asText().trim() : "";
    if (label.isEmpty() || label.length() > 1000) {
      throw ServiceError.badRequest("sandbox.ags.label");
    }
    if (!body.path("scoreMaximum").isNumber()
        || !(body.path("scoreMaximum").decimalValue().signum() > 0)) {
      throw ServiceError.badRequest("sandbox.ags.scoreMaximum");
    }
    Long activityId = null;
    if (body.hasNonNull("resourceLinkId")) {
      String linkId = body.path("resourceLinkId").asText();
      if (!linkId.matches("\\d{1,18}") || course.activity(Long.parseLong(linkId)).isEmpty()) {
        throw ServiceError.badRequest("sandbox.ags.resourceLinkId", linkId);
      }
      activityId = Long.parseLong(linkId);
    }
    String resourceId = optionalText(body, "resourceId");
    String tag = optionalText(body, "tag");
    Instant start = optionalTime(body, "startDateTime");
    Instant end = optionalTime(body, "endDateTime");
    long id =
        course.insertLineItem(
            activityId,
            label,
            body.path("scoreMaximum").decimalValue(),
            resourceId,
            tag,
            start,
            end,
            clock.instant());
    LineItem created = course.lineItem(id).orElseThrow();
    response.setHeader("Location", urls.lineItem(id));
    writeJson(response, 201, LINEITEM, json(created));
  }

  // AGS 3.2.7: PUT on a line item changes it. Like Moodle 4.5, label and scoreMaximum are required,
  // and the grades on record keep their percentage (this gradebook scales each score to the
  // maximum)
  private void updateLineItem(
      HttpServletRequest request, HttpServletResponse response, LineItem item) throws IOException {
    JsonNode body = jsonBody(request, LINEITEM);
    String label = body.path("label").isTextual() ? body.path("label").asText().trim() : "";
    if (label.isEmpty() || label.length() > 1000) {
      throw ServiceError.badRequest("sandbox.ags.label");
    }
    if (!body.path("scoreMaximum").isNumber()
        || !(body.path("scoreMaximum").decimalValue().signum() > 0)) {
      throw ServiceError.badRequest("sandbox.ags.scoreMaximum");
    }
    if (body.hasNonNull("resourceLinkId")
        && !body.path("resourceLinkId")
            .asText()
            .equals(item.activityId() == null ? null : String.valueOf(item.activityId()))) {
      // Moodle does not move a column to another activity
      throw ServiceError.badRequest("sandbox.ags.otherLink", body.path("resourceLinkId").asText());
    }
    course.updateLineItem(
        item.id(),
        label,
        body.path("scoreMaximum").decimalValue(),
        optionalText(body, "resourceId"),
        optionalText(body, "tag"),
        optionalTime(body, "startDateTime"),
        optionalTime(body, "endDateTime"));
    writeJson(response, 200, LINEITEM, json(course.lineItem(item.id()).orElseThrow()));
  }

  // AGS 3.4: score publish service
  private void postScore(HttpServletRequest request, HttpServletResponse response, LineItem item)
      throws IOException {
    JsonNode body = jsonBody(request, SCORE);
    for (String field : List.of("userId", "timestamp", "activityProgress", "gradingProgress")) {
      if (!body.hasNonNull(field) || body.path(field).asText().isBlank()) {
        throw ServiceError.badRequest("sandbox.ags.scoreField", field);
      }
    }
    String userId = body.path("userId").asText();
    SandboxUser user =
        course
            .user(userId)
            .orElseThrow(() -> ServiceError.badRequest("sandbox.ags.noUser", userId));
    // Moodle: only gradable members (students) take scores; a teacher's gets 400
    if (user.instructor()) {
      throw ServiceError.badRequest("sandbox.ags.notGradable", user.name());
    }
    Instant timestamp;
    try {
      timestamp = OffsetDateTime.parse(body.path("timestamp").asText()).toInstant();
    } catch (DateTimeParseException e) {
      throw ServiceError.badRequest("sandbox.ags.timestamp", body.path("timestamp").asText());
    }
    String activityProgress = body.path("activityProgress").asText();
    if (!ACTIVITY_PROGRESS.contains(activityProgress)) {
      throw ServiceError.badRequest("sandbox.ags.activityProgress", activityProgress);
    }
    String gradingProgress = body.path("gradingProgress").asText();
    if (!GRADING_PROGRESS.contains(gradingProgress)) {
      throw ServiceError.badRequest("sandbox.ags.gradingProgress", gradingProgress);
    }
    BigDecimal scoreGiven = null;
    BigDecimal scoreMaximum = null;
    if (body.hasNonNull("scoreGiven")) {
      // AGS 3.4.3 and 3.4.4: scoreGiven needs a positive scoreMaximum beside it
      if (!body.path("scoreGiven").isNumber()
          || body.path("scoreGiven").decimalValue().signum() < 0) {
        throw ServiceError.badRequest("sandbox.ags.scoreGiven");
      }
      if (!body.path("scoreMaximum").isNumber()
          || body.path("scoreMaximum").decimalValue().signum() <= 0) {
        throw ServiceError.badRequest("sandbox.ags.scoreMaximumMissing");
      }
      scoreGiven = body.path("scoreGiven").decimalValue();
      scoreMaximum = body.path("scoreMaximum").decimalValue();
    }
    String comment = body.hasNonNull("comment") ? body.path("comment").asText() : null;
    if (comment != null && comment.length() > 4000) {
      throw ServiceError.badRequest("sandbox.ags.commentTooLong");
    }
    // the demo switch: answer as an overloaded platform would, so retries can be watched
    if (gradebook.takeFailingScorePost()) {
      response.setHeader("Retry-After", "1");
      throw new ServiceError(503, "temporarily_unavailable", "sandbox.ags.failingOnPurpose");
    }
    // AGS 3.4.6: a score that is not FullyGraded carries no final grade; Moodle clears the grade
    boolean keepsGrade = "FullyGraded".equals(gradingProgress) && scoreGiven != null;
    ScoreResult score =
        new ScoreResult(
            item.id(),
            user.id(),
            keepsGrade ? scoreGiven : null,
            keepsGrade ? scoreMaximum : null,
            comment,
            activityProgress,
            gradingProgress,
            timestamp,
            clock.instant());
    // AGS 3.4.2: a score not newer than the one on record must not replace it
    if (!jdbc.inTransaction(() -> gradebook.storeIfNewer(score))) {
      throw new ServiceError(409, "conflict", "sandbox.ags.notNewer");
    }
    response.setStatus(200);
    response.setContentLength(0);
  }

  // AGS 3.3: result service, one result per user with a score on record
  private void listResults(HttpServletRequest request, HttpServletResponse response, LineItem item)
      throws IOException {
    String userFilter = request.getParameter("user_id");
    List<Map<String, Object>> results = new ArrayList<>();
    for (ScoreResult result : gradebook.results(item.id())) {
      if (userFilter != null && !userFilter.equals(result.userId())) {
        continue;
      }
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", urls.result(item.id(), result.userId()));
      json.put("scoreOf", urls.lineItem(item.id()));
      json.put("userId", result.userId());
      BigDecimal grade = result.gradeOutOf(item.scoreMaximum());
      if (grade != null) {
        json.put("resultScore", number(grade));
        json.put("resultMaximum", number(item.scoreMaximum()));
      }
      if (result.comment() != null) {
        json.put("comment", result.comment());
      }
      results.add(json);
    }
    int limit = positive(request.getParameter("limit"), results.size());
    writeJson(response, 200, RESULT_CONTAINER, results.stream().limit(limit).toList());
  }

  private Map<String, Object> json(LineItem item) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", urls.lineItem(item.id()));
    json.put("scoreMaximum", number(item.scoreMaximum()));
    json.put("label", item.label());
    if (item.resourceId() != null) {
      json.put("resourceId", item.resourceId());
    }
    if (item.tag() != null) {
      json.put("tag", item.tag());
    }
    if (item.activityId() != null) {
      json.put("resourceLinkId", String.valueOf(item.activityId()));
    }
    if (item.startAt() != null) {
      json.put("startDateTime", item.startAt().toString());
    }
    if (item.endAt() != null) {
      json.put("endDateTime", item.endAt().toString());
    }
    return json;
  }

  private static String optionalText(JsonNode body, String field) {
    if (!body.hasNonNull(field)) {
      return null;
    }
    String value = body.path(field).asText();
    if (value.length() > 255) {
      throw ServiceError.badRequest("sandbox.ags.tooLong", field);
    }
    return value;
  }

  private static Instant optionalTime(JsonNode body, String field) {
    if (!body.hasNonNull(field)) {
      return null;
    }
    try {
      return OffsetDateTime.parse(body.path(field).asText()).toInstant();
    } catch (DateTimeParseException e) {
      throw ServiceError.badRequest("sandbox.ags.time", field, body.path(field).asText());
    }
  }

  /** Whole numbers as integers (10, not 1E+1 or 10.0000), others as decimals. */
  static Number number(BigDecimal value) {
    BigDecimal plain = value.stripTrailingZeros();
    return plain.scale() <= 0 ? (Number) plain.longValue() : (Number) plain.doubleValue();
  }

  static int positive(String value, int fallback) {
    if (value == null) {
      return fallback;
    }
    if (!value.matches("\\d{1,6}") || Integer.parseInt(value) == 0) {
      throw ServiceError.badRequest("sandbox.service.limit", value);
    }
    return Integer.parseInt(value);
  }
}
