package com.recoverylab.lti.launch;

import com.recoverylab.store.Jdbc;
import java.time.Instant;

/**
 * Creates or updates the user, course and resource link a launch names. PostgreSQL uses
 * {@code ON CONFLICT}, H2 the standard {@code MERGE}, so two nodes launching the same new user
 * at once both end with one row.
 */
final class LaunchRecordRepository {
  private final Jdbc jdbc;

  LaunchRecordRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  long upsertUser(LaunchFacts f, Instant now) {
    if (jdbc.isPostgres()) {
      jdbc.update("INSERT INTO users (platform_id, subject, name, given_name, family_name, email, created_at, updated_at)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (platform_id, subject) DO UPDATE SET name = EXCLUDED.name,"
              + " given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name, email = EXCLUDED.email,"
              + " updated_at = EXCLUDED.updated_at",
          f.platformId(), f.userSubject(), f.name(), f.givenName(), f.familyName(), f.email(), now, now);
    } else {
      merge("MERGE INTO users t USING (VALUES (CAST(? AS BIGINT), CAST(? AS VARCHAR(255)))) AS s(platform_id, subject)"
              + " ON t.platform_id = s.platform_id AND t.subject = s.subject"
              + " WHEN MATCHED THEN UPDATE SET name = ?, given_name = ?, family_name = ?, email = ?, updated_at = ?"
              + " WHEN NOT MATCHED THEN INSERT (platform_id, subject, name, given_name, family_name, email, created_at,"
              + " updated_at) VALUES (s.platform_id, s.subject, ?, ?, ?, ?, ?, ?)",
          f.platformId(), f.userSubject(), f.name(), f.givenName(), f.familyName(), f.email(), now,
          f.name(), f.givenName(), f.familyName(), f.email(), now, now);
    }
    return jdbc.queryOne("SELECT id FROM users WHERE platform_id = ? AND subject = ?", row -> row.getLong("id"),
        f.platformId(), f.userSubject()).orElseThrow();
  }

  long upsertCourse(LaunchFacts f, Instant now) {
    if (jdbc.isPostgres()) {
      jdbc.update("INSERT INTO courses (platform_id, deployment_id, context_id, label, title, created_at, updated_at)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (platform_id, deployment_id, context_id) DO UPDATE SET"
              + " label = EXCLUDED.label, title = EXCLUDED.title, updated_at = EXCLUDED.updated_at",
          f.platformId(), f.deploymentId(), f.contextId(), f.contextLabel(), f.contextTitle(), now, now);
    } else {
      merge("MERGE INTO courses t USING (VALUES (CAST(? AS BIGINT), CAST(? AS VARCHAR(255)), CAST(? AS VARCHAR(255))))"
              + " AS s(platform_id, deployment_id, context_id)"
              + " ON t.platform_id = s.platform_id AND t.deployment_id = s.deployment_id AND t.context_id = s.context_id"
              + " WHEN MATCHED THEN UPDATE SET label = ?, title = ?, updated_at = ?"
              + " WHEN NOT MATCHED THEN INSERT (platform_id, deployment_id, context_id, label, title, created_at, updated_at)"
              + " VALUES (s.platform_id, s.deployment_id, s.context_id, ?, ?, ?, ?)",
          f.platformId(), f.deploymentId(), f.contextId(), f.contextLabel(), f.contextTitle(), now,
          f.contextLabel(), f.contextTitle(), now, now);
    }
    return jdbc.queryOne("SELECT id FROM courses WHERE platform_id = ? AND deployment_id = ? AND context_id = ?",
        row -> row.getLong("id"), f.platformId(), f.deploymentId(), f.contextId()).orElseThrow();
  }

  long upsertResourceLink(long courseId, LaunchFacts f, Instant now) {
    if (jdbc.isPostgres()) {
      jdbc.update("INSERT INTO resource_links (course_id, link_id, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)"
              + " ON CONFLICT (course_id, link_id) DO UPDATE SET title = EXCLUDED.title, updated_at = EXCLUDED.updated_at",
          courseId, f.resourceLinkId(), f.resourceLinkTitle(), now, now);
    } else {
      merge("MERGE INTO resource_links t USING (VALUES (CAST(? AS BIGINT), CAST(? AS VARCHAR(255))))"
              + " AS s(course_id, link_id) ON t.course_id = s.course_id AND t.link_id = s.link_id"
              + " WHEN MATCHED THEN UPDATE SET title = ?, updated_at = ?"
              + " WHEN NOT MATCHED THEN INSERT (course_id, link_id, title, created_at, updated_at)"
              + " VALUES (s.course_id, s.link_id, ?, ?, ?)",
          courseId, f.resourceLinkId(), f.resourceLinkTitle(), now, f.resourceLinkTitle(), now, now);
    }
    return jdbc.queryOne("SELECT id FROM resource_links WHERE course_id = ? AND link_id = ?",
        row -> row.getLong("id"), courseId, f.resourceLinkId()).orElseThrow();
  }

  void setContent(long resourceLinkId, String kind, String contentId, Instant now) {
    jdbc.update("UPDATE resource_links SET content_kind = ?, content_id = ?, updated_at = ? WHERE id = ?",
        kind, contentId, now, resourceLinkId);
  }

  void setAgsEndpoints(long resourceLinkId, LaunchFacts.AgsEndpoints ags) {
    jdbc.update("UPDATE resource_links SET ags_lineitems_url = ?, ags_lineitem_url = ?, ags_scopes = ? WHERE id = ?",
        ags.lineitemsUrl(), ags.lineitemUrl(), String.join(" ", ags.scopes()), resourceLinkId);
  }

  /**
   * H2's MERGE is not atomic: two launches that create the same user, course or link at the
   * same moment both try the insert, and one fails on the unique key. Run again, the statement
   * sees the row the other launch committed and updates it, as ON CONFLICT does on PostgreSQL.
   */
  private void merge(String sql, Object... params) {
    try {
      jdbc.update(sql, params);
    } catch (Jdbc.DataAccessException e) {
      if (!e.isUniqueViolation()) {
        throw e;
      }
      jdbc.update(sql, params);
    }
  }

  /** The content a link shows, when one has been set. */
  java.util.Optional<LinkContent> content(long resourceLinkId) {
    return jdbc.queryOne("SELECT content_kind, content_id FROM resource_links WHERE id = ?",
        row -> LinkContent.stored(row.getString("content_kind"), row.getString("content_id")), resourceLinkId)
        .flatMap(content -> content);
  }

  /** The settings a deep-linked item carried become the link's settings on its first launch. */
  void insertSettingsIfAbsent(long resourceLinkId, LaunchFacts.LinkDefaults defaults, Instant now) {
    boolean present = jdbc.queryOne("SELECT 1 FROM assignment_settings WHERE resource_link_id = ?",
        row -> row.getInt(1), resourceLinkId).isPresent();
    if (!present) {
      jdbc.update("INSERT INTO assignment_settings (resource_link_id, points, max_attempts, grading_method,"
              + " feedback_timing, lessons_count, updated_at) VALUES (?, ?, ?, ?, ?, FALSE, ?)",
          resourceLinkId, defaults.points(), defaults.maxAttempts(), defaults.gradingMethod(),
          defaults.feedbackTiming(), now);
    }
  }
}
