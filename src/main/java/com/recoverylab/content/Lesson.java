package com.recoverylab.content;

import java.util.List;
import java.util.Objects;

/**
 * A lesson page, loaded from {@code lessons/<id>.md}.
 *
 * @param html the rendered Markdown body, safe to insert into a page (raw HTML is escaped)
 * @param headings the sections quizzes may link to ({@code lesson-id#anchor})
 * @param quizIds quizzes that practise this lesson
 * @param source the file it came from, relative to the content folder (for messages)
 */
public record Lesson(
    String id,
    String title,
    int order,
    String summary,
    int minutes,
    List<String> quizIds,
    String html,
    List<Heading> headings,
    String source) {

  public Lesson {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    quizIds = List.copyOf(quizIds);
    headings = List.copyOf(headings);
  }

  public boolean hasAnchor(String anchor) {
    return headings.stream().anyMatch(h -> h.anchor().equals(anchor));
  }

  /** A section heading and the anchor id it renders with. */
  public record Heading(String anchor, String text, int level) {}
}
