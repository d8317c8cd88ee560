package com.recoverylab.instructor;

import java.util.List;

/**
 * How the class did on one question (public: templates read it).
 *
 * @param promptHtml the question text as the quiz renders it (escaped Markdown)
 * @param average mean score 0..1 over submitted answers
 * @param chart the option bars as SVG markup built by {@link Charts}; null for ranking and
 *     matching, whose answers are placements rather than picks
 * @param placements per item of a ranking or matching question, what the class gave it; empty
 *     otherwise
 */
public record QuestionStat(
    String questionId,
    String promptHtml,
    double average,
    int answers,
    List<OptionStat> options,
    String chart,
    String kind,
    List<PlacementStat> placements) {
  public QuestionStat {
    options = List.copyOf(options);
    placements = List.copyOf(placements);
  }

  public boolean isRanking() {
    return "ranking".equals(kind);
  }

  public boolean isMatching() {
    return "matching".equals(kind);
  }

  public long averagePercent() {
    return Math.round(average * 100);
  }

  /** One option and how often it was picked. */
  public record OptionStat(
      String optionId, String text, boolean correct, int picks, String misconception) {}
}
