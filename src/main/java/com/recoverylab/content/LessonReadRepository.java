package com.recoverylab.content;

import com.recoverylab.store.Jdbc;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Which lessons a user has read in a course ({@code lesson_reads}); only the first read is kept.
 */
public final class LessonReadRepository {
  private final Jdbc jdbc;

  public LessonReadRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Records that the user opened the lesson in the course, unless that is already recorded. */
  public void markRead(long userId, long courseId, String lessonId, Instant now) {
    try {
      // insert-if-absent that H2 and PostgreSQL both understand (no MERGE / ON CONFLICT)
      jdbc.update(
          "INSERT INTO lesson_reads (user_id, course_id, lesson_id, first_read_at) "
              + "SELECT ?, ?, ?, ? WHERE NOT EXISTS ("
              + "SELECT 1 FROM lesson_reads WHERE user_id = ? AND course_id = ? AND lesson_id = ?)",
          userId,
          courseId,
          lessonId,
          now,
          userId,
          courseId,
          lessonId);
    } catch (Jdbc.DataAccessException e) {
      // two tabs opening the same lesson at once: the other one recorded the first read
      if (!e.isUniqueViolation()) {
        throw e;
      }
    }
  }

  /** Ids of the lessons the user has read in the course. */
  public Set<String> readLessons(long userId, long courseId) {
    return new HashSet<>(
        jdbc.query(
            "SELECT lesson_id FROM lesson_reads WHERE user_id = ? AND course_id = ?",
            row -> row.getString("lesson_id"),
            userId,
            courseId));
  }
}
