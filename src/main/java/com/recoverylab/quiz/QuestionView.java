package com.recoverylab.quiz;

import java.util.List;

/**
 * What a page shows of one question. Built by {@link QuestionViews}, which fills the right/wrong
 * marks and feedback only once the student may see them, so templates cannot leak the key. Public
 * only because the template engine reads it by reflection.
 *
 * @param verdict {@code correct}, {@code partly} or {@code incorrect} once feedback shows; null
 *     before
 * @param canRetry practice only: the answer can be cleared for another try
 * @param order a ranking's item texts in the positions the student gave them (1 first)
 * @param expected a ranking's right order, tier by tier, once right answers show; null before
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
    List<Tier> expected,
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

  /**
   * A choice option; {@code mark} and {@code feedback} are null until feedback shows.
   *
   * @param rightAnswer a right option, shown as such once right answers show (false before)
   */
  public record OptionView(
      String id,
      String text,
      String field,
      boolean checked,
      String mark,
      String feedback,
      LinkView link,
      boolean rightAnswer) {}

  /**
   * One rank of a ranking's right order: its items, which may come in any order among themselves.
   */
  public record Tier(int rank, List<String> texts) {
    public boolean shared() {
      return texts.size() > 1;
    }

    /** The items' texts as one line. */
    public String label() {
      return String.join(", ", texts);
    }
  }

  /**
   * A ranking item with the position picked for it (empty when none), and every position to pick
   * from.
   */
  public record RankView(
      String id, String text, String field, String position, List<Position> positions) {}

  /** A position a ranking item can take; {@code selected} when it is the one picked. */
  public record Position(String value, boolean selected) {}

  /**
   * A matching row: the left item, the picked right-hand choice, every choice to pick from, and
   * once shown, its mark and feedback.
   *
   * @param feedback about the item (its own feedback) when the pick was right or right answers
   *     show; otherwise about the wrong effect picked, when that was a distractor
   * @param rightText the item's right effect, once right answers show and the pick was wrong
   * @param pickedFeedback why the distractor picked is wrong, shown beside the right answer
   */
  public record MatchView(
      String pairId,
      String left,
      String field,
      String selected,
      String selectedText,
      List<MatchChoice> choices,
      String mark,
      String feedback,
      LinkView link,
      String rightText,
      String pickedFeedback) {}

  /** A right-hand choice in a matching row's list; {@code selected} when it is the row's pick. */
  public record MatchChoice(String id, String text, boolean selected) {}

  public record ChoiceText(String id, String text) {}

  /** A link to the lesson section that explains an answer. */
  public record LinkView(String href, String text) {}

  /**
   * A step already passed in a scenario, with the choice taken (and its feedback once shown).
   *
   * @param bestText the step's best choice, once right answers show and another was taken
   */
  public record PastStep(
      String text, String chosen, String mark, String feedback, LinkView link, String bestText) {}

  /**
   * A branching scenario so far: the steps passed, then the current step's choices, or the ending
   * reached with its debrief (why it turned out so) once feedback shows.
   */
  public record BranchView(
      List<PastStep> past,
      String currentText,
      List<ChoiceText> choices,
      String endingText,
      boolean canGoBack,
      boolean finished,
      String debrief,
      LinkView debriefLink) {}
}
