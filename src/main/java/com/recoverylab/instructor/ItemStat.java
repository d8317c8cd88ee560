package com.recoverylab.instructor;

import java.util.List;
import java.util.Locale;

/**
 * The item analysis of one question (public: templates read it). Figures are null while fewer than
 * {@link ItemStatistics#MIN_LEARNERS} learners contributed, so no page or CSV can show one.
 *
 * @param number the question's place in the quiz, from 1
 * @param learners distinct learners whose counted attempts showed the question
 * @param counted counted attempts that showed it (equal to {@code learners} when only first
 *     attempts count)
 * @param facility mean score as a percentage of the question's maximum, 0 to 100
 * @param discrimination mean score of the top third minus that of the bottom third, ranked by the
 *     rest of the test, -1 to 1; null also when the quiz has no other question to rank by
 * @param options choice questions only: each option and who chose it
 * @param paths branching scenarios only: the paths taken; null otherwise
 */
public record ItemStat(
    int number,
    String questionId,
    String promptHtml,
    String kind,
    int learners,
    int counted,
    Double facility,
    Double discrimination,
    List<OptionStat> options,
    BranchPaths paths) {
  public ItemStat {
    options = List.copyOf(options);
  }

  public boolean enough() {
    return learners >= ItemStatistics.MIN_LEARNERS;
  }

  public String facilityText() {
    return facility == null ? "" : String.format(Locale.ROOT, "%.0f%%", facility);
  }

  public String discriminationText() {
    return discrimination == null ? "" : String.format(Locale.ROOT, "%.2f", discrimination);
  }

  /**
   * One option of a choice question.
   *
   * @param chosen counted attempts that chose it
   * @param top of those, attempts in the top third (null when there is no ranking)
   * @param bottom of those, attempts in the bottom third (null when there is no ranking)
   */
  public record OptionStat(
      String optionId,
      String text,
      boolean correct,
      int chosen,
      Integer top,
      Integer bottom,
      Flag flag) {}

  /** What an option's numbers say about it, in words on the page. */
  public enum Flag {
    NONE(""),
    /** A wrong option nobody picked does no work as a distractor. */
    NOBODY_CHOSE("instructor.items.flag.nobody"),
    /**
     * A wrong option the strong pick more than the weak often means the key is wrong or the option
     * is arguable.
     */
    STRONG_CHOSE_WRONG("instructor.items.flag.strong");

    private final String messageKey;

    Flag(String messageKey) {
      this.messageKey = messageKey;
    }

    public String messageKey() {
      return messageKey;
    }
  }

  /**
   * The paths taken through a branching scenario.
   *
   * @param unfinished counted attempts that stopped before an ending
   * @param graph the same numbers drawn as SVG by {@link PathGraph}
   */
  public record BranchPaths(
      List<Node> steps, List<Edge> choices, List<Node> endings, int unfinished, String graph) {
    public BranchPaths {
      steps = List.copyOf(steps);
      choices = List.copyOf(choices);
      endings = List.copyOf(endings);
    }
  }

  /**
   * A step or ending and how many counted attempts reached it.
   *
   * @param label "Step 2" or "Ending 1": short enough for the graph
   */
  public record Node(String id, String label, String text, int reached) {}

  /**
   * A choice at a step, where it leads (a step or an ending, by id and label), and how many counted
   * attempts took it.
   */
  public record Edge(
      String from,
      String fromLabel,
      String choiceId,
      String text,
      String to,
      String toLabel,
      int taken) {}
}
