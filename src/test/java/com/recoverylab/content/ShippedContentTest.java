package com.recoverylab.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lessons and quizzes the tool ships with, as students meet them. */
class ShippedContentTest {
  private static final ContentReport REPORT = ContentLoader.check(Path.of(""));
  private static final ContentLibrary LIBRARY =
      REPORT
          .library()
          .orElseThrow(
              () -> new AssertionError("the shipped content does not load: " + REPORT.problems()));

  @Test
  void shipped_content_passes_every_check_without_downgrades() {
    assertEquals(List.of(), REPORT.problems());
    assertEquals(
        List.of(), REPORT.warnings(), "every item-writing check holds without a downgrade");
  }

  @Test
  void every_teaching_lesson_opens_with_objectives_and_closes_with_a_summary() {
    for (Lesson lesson : LIBRARY.lessons()) {
      if (lesson.id().equals("glossary")) {
        continue;
      }
      assertTrue(
          lesson.html().startsWith("<p><strong>By the end of this lesson you can:</strong></p>"),
          lesson.id() + " opens with its objectives");
      List<Lesson.Heading> headings = lesson.headings();
      assertEquals(
          "In short",
          headings.get(headings.size() - 1).text(),
          lesson.id() + " ends with a summary");
    }
  }

  @Test
  void the_glossary_explains_the_terms_learners_meet_and_lessons_link_to_it() {
    Lesson glossary = LIBRARY.lesson("glossary").orElseThrow();
    for (String term :
        List.of("taper", "strides", "hrv", "doms", "readiness-score", "tempo-run", "intervals")) {
      assertTrue(glossary.hasAnchor(term), "glossary explains " + term);
    }
    String why = LIBRARY.lesson("why-recovery-tools-exist").orElseThrow().html();
    assertTrue(why.contains("href=\"/lessons/glossary#doms\""), why);
    String tools = LIBRARY.lesson("the-tools").orElseThrow().html();
    assertTrue(
        tools.contains("href=\"/lessons/glossary#hrv\"")
            && tools.contains("href=\"/lessons/glossary#readiness-score\""),
        tools);
  }

  @Test
  void the_safety_lesson_names_the_red_flags_and_a_quiz_practises_them() {
    Lesson safety = LIBRARY.lesson("safe-use").orElseThrow();
    for (String anchor :
        List.of(
            "red-flags-stop-and-get-checked",
            "cold-water-and-ice",
            "massage-guns-and-foam-rollers",
            "compression-and-recovery-boots",
            "after-a-long-flight-or-drive")) {
      assertTrue(safety.hasAnchor(anchor), "safe-use has a section " + anchor);
    }
    assertTrue(safety.quizIds().contains("red-flags"));
    assertTrue(LIBRARY.quiz("red-flags").isPresent());
  }
}
