package com.recoverylab.course;

import com.recoverylab.store.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code users}, {@code courses} and {@code resource_links} tables: creates or updates the
 * user, course and resource link a launch names, and answers what other features ask of them. Most
 * launches repeat what the tool already holds, so each row is read first and written only when it
 * is new or its facts changed. New rows go through PostgreSQL's {@code ON CONFLICT} or H2's
 * standard {@code MERGE}, so two nodes launching the same new user at once both end with one row.
 */
public final class CourseRecordRepository {
  private final Jdbc jdbc;

  public CourseRecordRepository(Jdbc jdbc) {
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

  /** A platform user as a launch names them. */
  public record PlatformUser(
      long platformId,
      String userSubject,
      String name,
      String givenName,
      String familyName,
      String email) {}

  /** A course (context) as a launch names it. */
  public record PlatformCourse(
      long platformId,
      String deploymentId,
      String contextId,
      String contextLabel,
      String contextTitle) {}

  /**
   * A resource link as a launch names it: its content ({@code contentKind} null when the launch
   * named none) and its grade endpoints ({@code ags} null when the launch offered none).
   */
  public record LaunchedLink(
      String resourceLinkId,
      String resourceLinkTitle,
      String contentKind,
      String contentId,
      GradeEndpoints ags) {}

  /** The Assignment and Grade Services endpoints a launch offered for a link. */
  public record GradeEndpoints(String lineitemsUrl, String lineitemUrl, List<String> scopes) {
    public GradeEndpoints {
      scopes = List.copyOf(scopes);
    }
  }

  /** Creates or updates the launching user; returns its id. */
  public long recordUser(PlatformUser f, Instant now) {
    Optional<Stored> stored =
        jdbc.queryOne(
            "SELECT id, name, given_name, family_name, email FROM users WHERE platform_id = ? AND subject = ?",
            Stored::read,
            f.platformId(),
            f.userSubject());
    if (stored.isEmpty()) {
      return upsertUser(f, now);
    }
    if (!stored.get().holds(f.name(), f.givenName(), f.familyName(), f.email())) {
      jdbc.update(
          "UPDATE users SET name = ?, given_name = ?, family_name = ?, email = ?, updated_at = ? WHERE id = ?",
          f.name(),
          f.givenName(),
          f.familyName(),
          f.email(),
          now,
          stored.get().id());
    }
    return stored.get().id();
  }

  /** Creates or updates the launch's course; returns its id. */
  public long recordCourse(PlatformCourse f, Instant now) {
    Optional<Stored> stored =
        jdbc.queryOne(
            "SELECT id, label, title FROM courses WHERE platform_id = ? AND deployment_id = ? AND context_id = ?",
            Stored::read,
            f.platformId(),
            f.deploymentId(),
            f.contextId());
    if (stored.isEmpty()) {
      return upsertCourse(f, now);
    }
    if (!stored.get().holds(f.contextLabel(), f.contextTitle())) {
      jdbc.update(
          "UPDATE courses SET label = ?, title = ?, updated_at = ? WHERE id = ?",
          f.contextLabel(),
          f.contextTitle(),
          now,
          stored.get().id());
    }
    return stored.get().id();
  }

  /**
   * A recorded link; {@code retitled} when the platform sent a new title for a link stored before.
   */
  public record RecordedLink(long id, boolean retitled) {}

  /**
   * The link with its title, and its content and grade endpoints when the launch names them (a
   * launch without them keeps what an earlier launch stored).
   */
  public RecordedLink recordResourceLink(long courseId, LaunchedLink f, Instant now) {
    Optional<Stored> stored =
        jdbc.queryOne(
            "SELECT id, title, content_kind, content_id, ags_lineitems_url, ags_lineitem_url, ags_scopes"
                + " FROM resource_links WHERE course_id = ? AND link_id = ?",
            Stored::read,
            courseId,
            f.resourceLinkId());
    long id = stored.isPresent() ? stored.get().id() : upsertResourceLink(courseId, f, now);
    List<String> was =
        stored.isPresent()
            ? stored.get().values()
            : Arrays.asList(f.resourceLinkTitle(), null, null, null, null, null);
    boolean content = f.contentKind() != null;
    GradeEndpoints ags = f.ags();
    List<String> wanted =
        Arrays.asList(
            f.resourceLinkTitle(),
            content ? f.contentKind() : was.get(1),
            content ? f.contentId() : was.get(2),
            ags != null ? ags.lineitemsUrl() : was.get(3),
            ags != null ? ags.lineitemUrl() : was.get(4),
            ags != null ? String.join(" ", ags.scopes()) : was.get(5));
    if (!wanted.equals(was)) {
      jdbc.update(
          "UPDATE resource_links SET title = ?, content_kind = ?, content_id = ?, ags_lineitems_url = ?,"
              + " ags_lineitem_url = ?, ags_scopes = ?, updated_at = ? WHERE id = ?",
          wanted.get(0),
          wanted.get(1),
          wanted.get(2),
          wanted.get(3),
          wanted.get(4),
          wanted.get(5),
          now,
          id);
    }
    String title = f.resourceLinkTitle();
    return new RecordedLink(
        id, stored.isPresent() && title != null && !title.isBlank() && !title.equals(was.get(0)));
  }

  /**
   * True when the link's gradebook column is one the tool created (or found) itself rather than one
   * the platform bound to the link: the platform renames its own columns with the activity, not the
   * tool's.
   */
  public boolean hasToolMadeColumn(long resourceLinkId) {
    return jdbc.queryOne(
            "SELECT 1 AS one FROM resource_links WHERE id = ? AND line_item_url IS NOT NULL"
                + " AND ags_lineitem_url IS NULL",
            row -> row.getInt("one"),
            resourceLinkId)
        .isPresent();
  }

  private long upsertUser(PlatformUser f, Instant now) {
    if (jdbc.isPostgres()) {
      jdbc.update(
          "INSERT INTO users (platform_id, subject, name, given_name, family_name, email, created_at, updated_at)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (platform_id, subject) DO UPDATE SET name = EXCLUDED.name,"
              + " given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name, email = EXCLUDED.email,"
              + " updated_at = EXCLUDED.updated_at",
          f.platformId(),
          f.userSubject(),
          f.name(),
          f.givenName(),
          f.familyName(),
          f.email(),
          now,
          now);
    } else {
      merge(
          "MERGE INTO users t USING (VALUES (CAST(? AS BIGINT), CAST(? AS VARCHAR(255)))) AS s(platform_id, subject)"
              + " ON t.platform_id = s.platform_id AND t.subject = s.subject"
              + " WHEN MATCHED THEN UPDATE SET name = ?, given_name = ?, family_name = ?, email = ?, updated_at = ?"
              + " WHEN NOT MATCHED THEN INSERT (platform_id, subject, name, given_name, family_name, email, created_at,"
              + " updated_at) VALUES (s.platform_id, s.subject, ?, ?, ?, ?, ?, ?)",
          f.platformId(),
          f.userSubject(),
          f.name(),
          f.givenName(),
          f.familyName(),
          f.email(),
          now,
          f.name(),
          f.givenName(),
          f.familyName(),
          f.email(),
          now,
          now);
    }
    return jdbc.queryOne(
            "SELECT id FROM users WHERE platform_id = ? AND subject = ?",
            row -> row.getLong("id"),
            f.platformId(),
            f.userSubject())
        .orElseThrow();
  }

  private long upsertCourse(PlatformCourse f, Instant now) {
    if (jdbc.isPostgres()) {
      jdbc.update(
          "INSERT INTO courses (platform_id, deployment_id, context_id, label, title, created_at, updated_at)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (platform_id, deployment_id, context_id) DO UPDATE SET"
              + " label = EXCLUDED.label, title = EXCLUDED.title, updated_at = EXCLUDED.updated_at",
          f.platformId(),
          f.deploymentId(),
          f.contextId(),
          f.contextLabel(),
          f.contextTitle(),
          now,
          now);
    } else {
      merge(
          "MERGE INTO courses t USING (VALUES (CAST(? AS BIGINT), CAST(? AS VARCHAR(255)), CAST(? AS VARCHAR(255))))"
              + " AS s(platform_id, deployment_id, context_id)"
              + " ON t.platform_id = s.platform_id AND t.deployment_id = s.deployment_id AND t.context_id = s.context_id"
              + " WHEN MATCHED THEN UPDATE SET label = ?, title = ?, updated_at = ?"
              + " WHEN NOT MATCHED THEN INSERT (platform_id, deployment_id, context_id, label, title, created_at, updated_at)"
              + " VALUES (s.platform_id, s.deployment_id, s.context_id, ?, ?, ?, ?)",
          f.platformId(),
          f.deploymentId(),
          f.contextId(),
          f.contextLabel(),
          f.contextTitle(),
          now,
          f.contextLabel(),
          f.contextTitle(),
          now,
          now);
    }
    return jdbc.queryOne(
            "SELECT id FROM courses WHERE platform_id = ? AND deployment_id = ? AND context_id = ?",
            row -> row.getLong("id"),
            f.platformId(),
            f.deploymentId(),
            f.contextId())
        .orElseThrow();
  }

  private long upsertResourceLink(long courseId, LaunchedLink f, Instant now) {
    if (jdbc.isPostgres()) {
      jdbc.update(
          "INSERT INTO resource_links (course_id, link_id, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)"
              + " ON CONFLICT (course_id, link_id) DO UPDATE SET title = EXCLUDED.title, updated_at = EXCLUDED.updated_at",
          courseId,
          f.resourceLinkId(),
          f.resourceLinkTitle(),
          now,
          now);
    } else {
      merge(
          "MERGE INTO resource_links t USING (VALUES (CAST(? AS BIGINT), CAST(? AS VARCHAR(255))))"
              + " AS s(course_id, link_id) ON t.course_id = s.course_id AND t.link_id = s.link_id"
              + " WHEN MATCHED THEN UPDATE SET title = ?, updated_at = ?"
              + " WHEN NOT MATCHED THEN INSERT (course_id, link_id, title, created_at, updated_at)"
              + " VALUES (s.course_id, s.link_id, ?, ?, ?)",
          courseId,
          f.resourceLinkId(),
          f.resourceLinkTitle(),
          now,
          f.resourceLinkTitle(),
          now,
          now);
    }
    return jdbc.queryOne(
            "SELECT id FROM resource_links WHERE course_id = ? AND link_id = ?",
            row -> row.getLong("id"),
            courseId,
            f.resourceLinkId())
        .orElseThrow();
  }

  /** The content an instructor assigned to a link that launched without one. */
  public void setContent(long resourceLinkId, String kind, String contentId, Instant now) {
    jdbc.update(
        "UPDATE resource_links SET content_kind = ?, content_id = ?, updated_at = ? WHERE id = ?",
        kind,
        contentId,
        now,
        resourceLinkId);
  }

  /**
   * H2's MERGE is not atomic: two launches that create the same user, course or link at the same
   * moment both try the insert, and one fails on the unique key. Run again, the statement sees the
   * row the other launch committed and updates it, as ON CONFLICT does on PostgreSQL.
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

  /**
   * A user as the platform named them; {@code name} may be null when only given and family names
   * came.
   */
  public record Person(long id, String subject, String name, String givenName, String familyName) {
    /** The name to show: the full name, else given and family name, else the platform's user id. */
    public String shownName() {
      if (name != null && !name.isBlank()) {
        return name;
      }
      String parts =
          ((givenName == null ? "" : givenName) + " " + (familyName == null ? "" : familyName))
              .trim();
      return parts.isEmpty() ? subject : parts;
    }
  }

  private static final String PERSON_COLUMNS =
      "SELECT id, subject, name, given_name, family_name FROM users";

  private static Person person(ResultSet row) throws SQLException {
    return new Person(
        row.getLong("id"),
        row.getString("subject"),
        row.getString("name"),
        row.getString("given_name"),
        row.getString("family_name"));
  }

  /** The platform user with that subject, if they ever launched the tool. */
  public Optional<Person> person(long platformId, String subject) {
    return jdbc.queryOne(
        PERSON_COLUMNS + " WHERE platform_id = ? AND subject = ?",
        CourseRecordRepository::person,
        platformId,
        subject);
  }

  /** The users with these ids, by id (ids that name no user are left out). */
  public java.util.Map<Long, Person> people(java.util.Collection<Long> userIds) {
    java.util.Map<Long, Person> people = new java.util.HashMap<>();
    List<Long> ids = List.copyOf(new java.util.LinkedHashSet<>(userIds));
    // chunks keep the IN list well under every driver's parameter limit
    for (int from = 0; from < ids.size(); from += 500) {
      List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
      jdbc.query(
              PERSON_COLUMNS
                  + " WHERE id IN ("
                  + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"))
                  + ")",
              CourseRecordRepository::person,
              chunk.toArray())
          .forEach(p -> people.put(p.id(), p));
    }
    return people;
  }

  /**
   * What a link shows: {@code kind} is quiz, lesson or overview (null until set); {@code id} names
   * it.
   */
  public record LinkContent(String kind, String id) {}

  /** The content a link shows, as stored (kind null when nobody set it yet). */
  public Optional<LinkContent> content(long resourceLinkId) {
    return jdbc.queryOne(
        "SELECT content_kind, content_id FROM resource_links WHERE id = ?",
        row -> new LinkContent(row.getString("content_kind"), row.getString("content_id")),
        resourceLinkId);
  }

  /**
   * A link with the grade endpoints its launches offered, the line item the tool stored for it and
   * the platform its course belongs to: what grade delivery needs to reach the gradebook.
   */
  public record LinkGradeService(
      long id,
      long platformId,
      String platformLinkId,
      String title,
      String contentKind,
      String contentId,
      String lineitemsUrl,
      String lineitemUrl,
      String scopes,
      String storedLineItemUrl) {}

  /** The link's grade endpoints and platform; empty when there is no such link. */
  public Optional<LinkGradeService> gradeService(long resourceLinkId) {
    return jdbc.queryOne(
        "SELECT " + GRADE_SERVICE_COLUMNS + GRADE_SERVICE_FROM + " WHERE rl.id = ?",
        CourseRecordRepository::linkGradeService,
        resourceLinkId);
  }

  /** The link's grade service and the learner's subject on its platform, in one read. */
  public record LearnerGradeService(LinkGradeService link, String subject) {}

  /**
   * Like {@link #gradeService} with the learner's subject on the link's platform: empty when either
   * is missing (a learner of another platform has no grade here).
   */
  public Optional<LearnerGradeService> gradeService(long resourceLinkId, long userId) {
    return jdbc.queryOne(
        "SELECT "
            + GRADE_SERVICE_COLUMNS
            + ", u.subject"
            + GRADE_SERVICE_FROM
            + " JOIN users u ON u.id = ? AND u.platform_id = c.platform_id WHERE rl.id = ?",
        row -> new LearnerGradeService(linkGradeService(row), row.getString("subject")),
        userId,
        resourceLinkId);
  }

  private static final String GRADE_SERVICE_COLUMNS =
      "rl.id, c.platform_id, rl.link_id, rl.title, rl.content_kind, rl.content_id,"
          + " rl.ags_lineitems_url, rl.ags_lineitem_url, rl.ags_scopes, rl.line_item_url";
  private static final String GRADE_SERVICE_FROM =
      " FROM resource_links rl JOIN courses c ON c.id = rl.course_id";

  private static LinkGradeService linkGradeService(ResultSet row) throws SQLException {
    return new LinkGradeService(
        row.getLong("id"),
        row.getLong("platform_id"),
        row.getString("link_id"),
        row.getString("title"),
        row.getString("content_kind"),
        row.getString("content_id"),
        row.getString("ags_lineitems_url"),
        row.getString("ags_lineitem_url"),
        row.getString("ags_scopes"),
        row.getString("line_item_url"));
  }

  /** The platform the link's course belongs to. */
  public Optional<Long> platformOf(long resourceLinkId) {
    return jdbc.queryOne(
        "SELECT c.platform_id FROM resource_links rl JOIN courses c ON c.id = rl.course_id"
            + " WHERE rl.id = ?",
        row -> row.getLong("platform_id"),
        resourceLinkId);
  }

  /** Remembers the line item unless the link already has one (another node stored it first). */
  public void storeLineItemIfNone(long resourceLinkId, String url, Instant now) {
    jdbc.update(
        "UPDATE resource_links SET line_item_url = ?, updated_at = ?"
            + " WHERE id = ? AND (line_item_url IS NULL OR line_item_url = '')",
        url,
        now,
        resourceLinkId);
  }

  /** The line item the tool stored for the link, if any (read without a lock). */
  public Optional<String> storedLineItem(long resourceLinkId) {
    return jdbc.queryOne(
            "SELECT line_item_url FROM resource_links WHERE id = ?",
            row -> Optional.ofNullable(row.getString("line_item_url")),
            resourceLinkId)
        .flatMap(url -> url)
        .filter(url -> !url.isBlank());
  }

  /** Locks the link's row so two instructors saving its rules at once apply one after the other. */
  public void lockLink(long resourceLinkId) {
    jdbc.query(
        "SELECT id FROM resource_links WHERE id = ? FOR UPDATE",
        row -> row.getLong("id"),
        resourceLinkId);
  }

  /** A link as the instructor pages show it. */
  public record CourseLink(
      long id, long courseId, String title, String contentKind, String contentId) {}

  /**
   * The link, only when it belongs to the course (a session never reaches another course's link).
   */
  public Optional<CourseLink> link(long resourceLinkId, long courseId) {
    return jdbc.queryOne(
        "SELECT id, course_id, title, content_kind, content_id FROM resource_links"
            + " WHERE id = ? AND course_id = ?",
        row ->
            new CourseLink(
                row.getLong("id"),
                row.getLong("course_id"),
                row.getString("title"),
                row.getString("content_kind"),
                row.getString("content_id")),
        resourceLinkId,
        courseId);
  }
}
