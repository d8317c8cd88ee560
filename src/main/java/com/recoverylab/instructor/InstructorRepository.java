package com.recoverylab.instructor;

import com.recoverylab.store.Jdbc;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/** Links, their assignment settings, and attempt resets, as the instructor pages read and write them. */
final class InstructorRepository {
  private final Jdbc jdbc;

  InstructorRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** The link, only when it belongs to the course (a session never reaches another course's link). */
  Optional<LinkInfo> link(long resourceLinkId, long courseId) {
    return jdbc.queryOne("SELECT id, course_id, title, content_kind, content_id FROM resource_links"
            + " WHERE id = ? AND course_id = ?",
        row -> new LinkInfo(row.getLong("id"), row.getLong("course_id"), row.getString("title"),
            row.getString("content_kind"), row.getString("content_id")),
        resourceLinkId, courseId);
  }

  Optional<AssignmentSettings> settings(long resourceLinkId) {
    return jdbc.queryOne("SELECT * FROM assignment_settings WHERE resource_link_id = ?", row -> {
      java.math.BigDecimal points = row.getBigDecimal("points");
      int attempts = row.getInt("max_attempts");
      Integer maxAttempts = row.wasNull() ? null : attempts;
      ZoneId zone;
      try {
        zone = row.getString("time_zone") == null ? ZoneId.of("UTC") : ZoneId.of(row.getString("time_zone"));
      } catch (DateTimeException e) {
        zone = ZoneId.of("UTC");
      }
      return new AssignmentSettings(points == null ? null : points.doubleValue(), maxAttempts,
          row.getString("grading_method"), row.getString("feedback_timing"), Jdbc.instant(row, "available_from"),
          Jdbc.instant(row, "available_until"), row.getBoolean("lessons_count"), zone, row.getString("right_answers"));
    }, resourceLinkId);
  }

  void saveSettings(long resourceLinkId, AssignmentSettings s, Instant now) {
    java.math.BigDecimal points = s.points() == null ? null : java.math.BigDecimal.valueOf(s.points());
    int changed = jdbc.update("UPDATE assignment_settings SET points = ?, max_attempts = ?, grading_method = ?,"
            + " feedback_timing = ?, available_from = ?, available_until = ?, lessons_count = ?, time_zone = ?,"
            + " right_answers = ?, updated_at = ? WHERE resource_link_id = ?",
        points, s.maxAttempts(), s.gradingMethod(), s.feedbackTiming(), s.availableFrom(), s.availableUntil(),
        s.lessonsCount(), s.timeZone().getId(), s.rightAnswers(), now, resourceLinkId);
    if (changed == 0) {
      jdbc.update("INSERT INTO assignment_settings (resource_link_id, points, max_attempts, grading_method,"
              + " feedback_timing, available_from, available_until, lessons_count, time_zone, right_answers, updated_at)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          resourceLinkId, points, s.maxAttempts(), s.gradingMethod(), s.feedbackTiming(), s.availableFrom(),
          s.availableUntil(), s.lessonsCount(), s.timeZone().getId(), s.rightAnswers(), now);
    }
  }

  /** Locks the link's row so two instructors saving at once apply one after the other. */
  void lockLink(long resourceLinkId) {
    jdbc.query("SELECT id FROM resource_links WHERE id = ? FOR UPDATE", row -> row.getLong("id"), resourceLinkId);
  }
}
