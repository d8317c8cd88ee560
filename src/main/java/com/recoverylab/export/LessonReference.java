package com.recoverylab.export;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.Lesson;
import java.util.Objects;
import java.util.Optional;

/**
 * A quiz's {@code link} ({@code lesson-id#anchor}) named the way a reader outside the tool finds
 * it: the lesson's title and the section's heading. The tool's lesson pages need a launch, so an
 * exported question cannot link to them; the names travel instead, and the raw link goes into the
 * metadata.
 */
public record LessonReference(String link, String lessonTitle, String section) {

  public LessonReference {
    Objects.requireNonNull(link, "link");
    Objects.requireNonNull(lessonTitle, "lessonTitle");
  }

  /** The reference for a link, or empty when there is none or the lesson is unknown. */
  public static Optional<LessonReference> of(ContentLibrary library, String link) {
    if (link == null || link.isBlank()) {
      return Optional.empty();
    }
    int hash = link.indexOf('#');
    String lessonId = hash < 0 ? link : link.substring(0, hash);
    String anchor = hash < 0 ? null : link.substring(hash + 1);
    return library
        .lesson(lessonId)
        .map(lesson -> new LessonReference(link, lesson.title(), heading(lesson, anchor)));
  }

  private static String heading(Lesson lesson, String anchor) {
    if (anchor == null) {
      return null;
    }
    return lesson.headings().stream()
        .filter(h -> h.anchor().equals(anchor))
        .map(Lesson.Heading::text)
        .findFirst()
        .orElse(null);
  }

  /** "Read more: lesson “Title”, section “Heading”." */
  public String sentence() {
    return "Read more: lesson \u201c"
        + lessonTitle
        + "\u201d"
        + (section == null ? "" : ", section \u201c" + section + "\u201d")
        + ".";
  }
}
