package com.recoverylab.instructor;

import java.util.List;

/**
 * Where the class put one ranking item or matching item (public: templates read it): for a ranking,
 * how often each position was given to the item; for a matching item, how often each answer was
 * matched to it.
 *
 * @param right the item's right position (ranking) or right answer (matching)
 * @param mean the mean position given, one decimal (ranking only; empty without answers)
 */
public record PlacementStat(String item, String right, List<Choice> chosen, String mean) {
  public PlacementStat {
    chosen = List.copyOf(chosen);
  }

  /**
   * One position or answer and how often it was given; {@code correct} when it is the right one.
   */
  public record Choice(String text, int picks, boolean correct) {}
}
