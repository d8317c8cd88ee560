package com.recoverylab.course;

import com.recoverylab.store.Jdbc;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/** The {@code assignment_settings} table: the rules set on each link (see {@link LinkRules}). */
public final class LinkRulesRepository {
  private final Jdbc jdbc;

  public LinkRulesRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** The link's stored rules; empty when nobody saved any. */
  public Optional<LinkRules> find(long resourceLinkId) {
    return jdbc.queryOne(
        "SELECT * FROM assignment_settings WHERE resource_link_id = ?",
        LinkRulesRepository::rules,
        resourceLinkId);
  }

  private static LinkRules rules(java.sql.ResultSet row) throws java.sql.SQLException {
    BigDecimal points = row.getBigDecimal("points");
    int attempts = row.getInt("max_attempts");
    Integer maxAttempts = row.wasNull() ? null : attempts;
    return new LinkRules(
        points == null ? null : points.doubleValue(),
        maxAttempts,
        row.getString("grading_method"),
        row.getString("feedback_timing"),
        Jdbc.instant(row, "available_from"),
        Jdbc.instant(row, "available_until"),
        row.getBoolean("lessons_count"),
        zone(row.getString("time_zone")),
        row.getString("right_answers"));
  }

  /**
   * A link as a page that applies its rules sees it: what it shows, and its rules ({@code rules}
   * null when nobody saved any).
   */
  public record RuledLink(CourseRecordRepository.LinkContent content, LinkRules rules) {}

  /** The link and its rules in one round trip; every quiz page on a link needs both. */
  public Optional<RuledLink> link(long resourceLinkId) {
    return jdbc.queryOne(
        "SELECT l.content_kind, l.content_id, s.resource_link_id AS settings_link, s.points, s.max_attempts,"
            + " s.grading_method, s.feedback_timing, s.available_from, s.available_until, s.lessons_count,"
            + " s.time_zone, s.right_answers"
            + " FROM resource_links l LEFT JOIN assignment_settings s ON s.resource_link_id = l.id WHERE l.id = ?",
        row -> {
          var content =
              new CourseRecordRepository.LinkContent(
                  row.getString("content_kind"), row.getString("content_id"));
          row.getLong("settings_link");
          if (row.wasNull()) {
            return new RuledLink(content, null);
          }
          return new RuledLink(content, rules(row));
        },
        resourceLinkId);
  }

  /** Writes the link's rules, replacing what was stored. */
  public void save(long resourceLinkId, LinkRules rules, Instant now) {
    BigDecimal points = rules.points() == null ? null : BigDecimal.valueOf(rules.points());
    int changed =
        jdbc.update(
            "UPDATE assignment_settings SET points = ?, max_attempts = ?, grading_method = ?,"
                + " feedback_timing = ?, available_from = ?, available_until = ?, lessons_count = ?, time_zone = ?,"
                + " right_answers = ?, updated_at = ? WHERE resource_link_id = ?",
            points,
            rules.maxAttempts(),
            rules.gradingMethod(),
            rules.feedbackTiming(),
            rules.availableFrom(),
            rules.availableUntil(),
            rules.lessonsCount(),
            rules.timeZone().getId(),
            rules.rightAnswers(),
            now,
            resourceLinkId);
    if (changed == 0) {
      insert(resourceLinkId, rules, now);
    }
  }

  /** The rules a deep-linked item carried become the link's rules on its first launch only. */
  public void saveIfAbsent(long resourceLinkId, LinkRules rules, Instant now) {
    if (find(resourceLinkId).isEmpty()) {
      insert(resourceLinkId, rules, now);
    }
  }

  private void insert(long resourceLinkId, LinkRules rules, Instant now) {
    jdbc.update(
        "INSERT INTO assignment_settings (resource_link_id, points, max_attempts, grading_method,"
            + " feedback_timing, available_from, available_until, lessons_count, time_zone, right_answers, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        resourceLinkId,
        rules.points() == null ? null : BigDecimal.valueOf(rules.points()),
        rules.maxAttempts(),
        rules.gradingMethod(),
        rules.feedbackTiming(),
        rules.availableFrom(),
        rules.availableUntil(),
        rules.lessonsCount(),
        rules.timeZone().getId(),
        rules.rightAnswers(),
        now);
  }

  /** A zone this JDK no longer knows reads as UTC rather than breaking the settings page. */
  private static ZoneId zone(String id) {
    try {
      return id == null ? ZoneId.of("UTC") : ZoneId.of(id);
    } catch (DateTimeException e) {
      return ZoneId.of("UTC");
    }
  }
}
