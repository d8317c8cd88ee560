package com.recoverylab.lti.launch;

import com.recoverylab.store.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Creates or updates the user, course and resource link a launch names. Most launches repeat
 * what the tool already holds, so each row is read first and written only when it is new or
 * its facts changed. New rows go through PostgreSQL's {@code ON CONFLICT} or H2's standard
 * {@code MERGE}, so two nodes launching the same new user at once both end with one row.
 */
final class LaunchRecordRepository {
  private final Jdbc jdbc;

  LaunchRecordRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** A stored row's id and the columns a launch may change, in a fixed order per table. */
  private record Stored(long id, List<String> values) {
    boolean holds(String... facts) {
      return values.equals(Arrays.asList(facts));
    }

    static Stored read(ResultSet row) throws SQLException {
      int columns = row.getMetaData().getColumnCount();
      String[] values = new String[columns - 1];
      for (int i = 2; i <= columns; i++) {
        values[i - 2] = row.getString(i);
      }
      return new Stored(row.getLong(1), Arrays.asList(values));
    }
  }

  long recordUser(LaunchFacts f, Instant now) {
    Optional<Stored> stored = jdbc.queryOne(
        "SELECT id, name, given_name, family_name, email FROM users WHERE platform_id = ? AND subject = ?",
        Stored::read, f.platformId(), f.userSubject());
    if (stored.isEmpty()) {
      return upsertUser(f, now);
    }
    if (!stored.get().holds(f.name(), f.givenName(), f.familyName(), f.email())) {
      jdbc.update("UPDATE users SET name = ?, given_name = ?, family_name = ?, email = ?, updated_at = ? WHERE id = ?",
          f.name(), f.givenName(), f.familyName(), f.email(), now, stored.get().id());
    }
    return stored.get().id();
  }

  long recordCourse(LaunchFacts f, Instant now) {
    Optional<Stored> stored = jdbc.queryOne(
        "SELECT id, label, title FROM courses WHERE platform_id = ? AND deployment_id = ? AND context_id = ?",
        Stored::read, f.platformId(), f.deploymentId(), f.contextId());
    if (stored.isEmpty()) {
      return upsertCourse(f, now);
    }
    if (!stored.get().holds(f.contextLabel(), f.contextTitle())) {
      jdbc.update("UPDATE courses SET label = ?, title = ?, updated_at = ? WHERE id = ?",
          f.contextLabel(), f.contextTitle(), now, stored.get().id());
    }
    return stored.get().id();
  }

  /**
   * The link with its title, and its content and grade endpoints when the launch names them
   * (a launch without them keeps what an earlier launch stored).
   */
  /** A recorded link; {@code retitled} when the platform sent a new title for a link stored before. */
  record RecordedLink(long id, boolean retitled) {}

  RecordedLink recordResourceLink(long courseId, LaunchFacts f, Instant now) {
    Optional<Stored> stored = jdbc.queryOne(
        "SELECT id, title, content_kind, content_id, ags_lineitems_url, ags_lineitem_url, ags_scopes"
            + " FROM resource_links WHERE course_id = ? AND link_id = ?",
        Stored::read, courseId, f.resourceLinkId());
    long id = stored.isPresent() ? stored.get().id() : upsertResourceLink(courseId, f, now);
    List<String> was = stored.isPresent()
        ? stored.get().values()
        : Arrays.asList(f.resourceLinkTitle(), null, null, null, null, null);
    boolean content = f.contentKind() != null;
    LaunchFacts.AgsEndpoints ags = f.ags();
    List<String> wanted = Arrays.asList(f.resourceLinkTitle(),
        content ? f.contentKind() : was.get(1),
        content ? f.contentId() : was.get(2),
        ags != null ? ags.lineitemsUrl() : was.get(3),
        ags != null ? ags.lineitemUrl() : was.get(4),
        ags != null ? String.join(" ", ags.scopes()) : was.get(5));
    if (!wanted.equals(was)) {
      jdbc.update("UPDATE resource_links SET title = ?, content_kind = ?, content_id = ?, ags_lineitems_url = ?,"
              + " ags_lineitem_url = ?, ags_scopes = ?, updated_at = ? WHERE id = ?",
          wanted.get(0), wanted.get(1), wanted.get(2), wanted.get(3), wanted.get(4), wanted.get(5), now, id);
    }
    String title = f.resourceLinkTitle();
    return new RecordedLink(id, stored.isPresent() && title != null && !title.isBlank() && !title.equals(was.get(0)));
  }

  /**
   * True when the link's gradebook column is one the tool created (or found) itself rather than
   * one the platform bound to the link: the platform renames its own columns with the activity,
   * not the tool's.
   */
  boolean hasToolMadeColumn(long resourceLinkId) {
    return jdbc.queryOne("SELECT 1 AS one FROM resource_links WHERE id = ? AND line_item_url IS NOT NULL"
        + " AND ags_lineitem_url IS NULL", row -> row.getInt("one"), resourceLinkId).isPresent();
  }

  private long upsertUser(LaunchFacts f, Instant now) {
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

  private long upsertCourse(LaunchFacts f, Instant now) {
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

  private long upsertResourceLink(long courseId, LaunchFacts f, Instant now) {
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

  /** The content an instructor assigned to a link that launched without one. */
  void setContent(long resourceLinkId, String kind, String contentId, Instant now) {
    jdbc.update("UPDATE resource_links SET content_kind = ?, content_id = ?, updated_at = ? WHERE id = ?",
        kind, contentId, now, resourceLinkId);
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
  Optional<LinkContent> content(long resourceLinkId) {
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
