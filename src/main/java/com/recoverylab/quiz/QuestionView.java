package com.recoverylab.quiz;

import java.util.List;

/**
 * What a page shows of one question. Built by {@link QuestionViews}, which fills the right/wrong
 * marks and feedback only once the student may see them, so templates cannot leak the key.
 * Public only because the template engine reads it by reflection.
 *
 * @param verdict {@code correct}, {@code partly} or {@code incorrect} once feedback shows; null before
 * @param canRetry practice only: the answer can be cleared for another try
 * @param order a ranking's item texts in the positions the student gave them (1 first)
 */
public record QuestionView(
    String id,
    int number,
    String kind,
    String prompt,
    boolean answered,
    boolean locked,
    boolean showFeedback,
    boolean canRetry,
    String verdict,
    String scoreText,
    String inputType,
    List<OptionView> options,
    List<RankView> rankItems,
    List<String> order,
    List<MatchView> matchRows,
    BranchView branch,
    String feedback,
    LinkView link,
    String error) {

  public boolean isChoice() {
    return options != null;
  }

  public boolean isRanking() {
    return rankItems != null;
  }

  public boolean isMatching() {
    return matchRows != null;
  }

  public boolean isBranching() {
    return branch != null;
  }

  /** Whether the page offers inputs for this question (not answered-and-closed, not a scenario). */
  public boolean editable() {
    return !locked && !isBranching() && !(showFeedback && answered);
  }

  /** A choice option; {@code mark} and {@code feedback} are null until feedback shows. */
  public record OptionView(String id, String text, String field, boolean checked, String mark, String feedback,
      LinkView link) {}

  /** A ranking item with the position picked for it (empty when none), and every position to pick from. */
  public record RankView(String id, String text, String field, String position, List<Position> positions) {}

  /** A position a ranking item can take; {@code selected} when it is the one picked. */
  public record Position(String value, boolean selected) {}

  /**
   * A matching row: the left item, the picked right-hand choice, every choice to pick from, and
   * once shown, its mark and feedback.
   */
  public record MatchView(String pairId, String left, String field, String selected, String selectedText,
      List<MatchChoice> choices, String mark, String feedback, LinkView link) {}

  /** A right-hand choice in a matching row's list; {@code selected} when it is the row's pick. */
  public record MatchChoice(String id, String text, boolean selected) {}

  public record ChoiceText(String id, String text) {}

  /** A link to the lesson section that explains an answer. */
  public record LinkView(String href, String text) {}

  /** A step already passed in a scenario, with the choice taken (and its feedback once shown). */
  public record PastStep(String text, String chosen, String mark, String feedback, LinkView link) {}

  /**
   * A branching scenario so far: the steps passed, then the current step's choices, or the
   * ending reached.
   */
  public record BranchView(List<PastStep> past, String currentText, List<ChoiceText> choices, String endingText,
      boolean canGoBack, boolean finished) {}
}
