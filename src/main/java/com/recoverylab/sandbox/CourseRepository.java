package com.recoverylab.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.Json;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The demo course's members, activities and line items (sandbox_users/activities/line_items). */
final class CourseRepository {
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
  private final Jdbc jdbc;

  CourseRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  List<SandboxUser> users() {
    return jdbc.query("SELECT * FROM sandbox_users ORDER BY position, id", CourseRepository::user);
  }

  Optional<SandboxUser> user(String id) {
    return jdbc.queryOne("SELECT * FROM sandbox_users WHERE id = ?", CourseRepository::user, id);
  }

  void markLaunched(String userId, Instant at) {
    jdbc.update("UPDATE sandbox_users SET last_launch_at = ? WHERE id = ?", at, userId);
  }

  List<Activity> activities() {
    return jdbc.query("SELECT * FROM sandbox_activities ORDER BY id", CourseRepository::activity);
  }

  Optional<Activity> activity(long id) {
    return jdbc.queryOne(
        "SELECT * FROM sandbox_activities WHERE id = ?", CourseRepository::activity, id);
  }

  long insertActivity(
      String title,
      String description,
      String url,
      Map<String, String> custom,
      String submissionReviewJson,
      Instant now) {
    return jdbc.insert(
        "INSERT INTO sandbox_activities (title, description, url, custom_json, submission_review_json, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        title,
        description,
        url,
        toJson(custom),
        submissionReviewJson,
        now);
  }

  List<LineItem> lineItems() {
    return jdbc.query("SELECT * FROM sandbox_line_items ORDER BY id", CourseRepository::lineItem);
  }

  Optional<LineItem> lineItem(long id) {
    return jdbc.queryOne(
        "SELECT * FROM sandbox_line_items WHERE id = ?", CourseRepository::lineItem, id);
  }

  /** Line items matching every filter given (null filters match all), oldest first. */
  List<LineItem> lineItems(Long activityId, String resourceId, String tag) {
    StringBuilder sql = new StringBuilder("SELECT * FROM sandbox_line_items WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (activityId != null) {
      sql.append(" AND activity_id = ?");
      params.add(activityId);
    }
    if (resourceId != null) {
      sql.append(" AND resource_id = ?");
      params.add(resourceId);
    }
    if (tag != null) {
      sql.append(" AND tag = ?");
      params.add(tag);
    }
    sql.append(" ORDER BY id");
    return jdbc.query(sql.toString(), CourseRepository::lineItem, params.toArray());
  }

  long insertLineItem(
      Long activityId,
      String label,
      BigDecimal scoreMaximum,
      String resourceId,
      String tag,
      Instant startAt,
      Instant endAt,
      Instant now) {
    return jdbc.insert(
        "INSERT INTO sandbox_line_items (activity_id, label, score_maximum, resource_id, tag, start_at, end_at,"
            + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        activityId,
        label,
        scoreMaximum,
        resourceId,
        tag,
        startAt,
        endAt,
        now);
  }

  /** AGS 3.2.7: a PUT replaces what the tool may change; the link to the activity stays. */
  void updateLineItem(
      long id,
      String label,
      BigDecimal scoreMaximum,
      String resourceId,
      String tag,
      Instant startAt,
      Instant endAt) {
    jdbc.update(
        "UPDATE sandbox_line_items SET label = ?, score_maximum = ?, resource_id = ?, tag = ?, start_at = ?,"
            + " end_at = ? WHERE id = ?",
        label,
        scoreMaximum,
        resourceId,
        tag,
        startAt,
        endAt,
        id);
  }

  private static SandboxUser user(ResultSet row) throws SQLException {
    return new SandboxUser(
        row.getString("id"),
        row.getString("given_name"),
        row.getString("family_name"),
        row.getString("email"),
        "INSTRUCTOR".equals(row.getString("role")),
        Jdbc.instant(row, "last_launch_at"));
  }

  private static Activity activity(ResultSet row) throws SQLException {
    Map<String, String> custom;
    try {
      custom = Json.MAPPER.readValue(row.getString("custom_json"), STRING_MAP);
    } catch (JsonProcessingException e) {
      throw new SQLException(
          "sandbox_activities " + row.getLong("id") + " holds invalid custom JSON", e);
    }
    return new Activity(
        row.getLong("id"),
        row.getString("title"),
        row.getString("description"),
        row.getString("url"),
        custom,
        row.getString("submission_review_json"));
  }

  private static LineItem lineItem(ResultSet row) throws SQLException {
    long activityId = row.getLong("activity_id");
    return new LineItem(
        row.getLong("id"),
        row.wasNull() ? null : activityId,
        row.getString("label"),
        row.getBigDecimal("score_maximum").stripTrailingZeros(),
        row.getString("resource_id"),
        row.getString("tag"),
        Jdbc.instant(row, "start_at"),
        Jdbc.instant(row, "end_at"));
  }

  private static String toJson(Map<String, String> custom) {
    try {
      return Json.MAPPER.writeValueAsString(custom);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings is always JSON", e);
    }
  }
}
