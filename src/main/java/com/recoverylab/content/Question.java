package com.recoverylab.content;

import java.util.List;
import java.util.Objects;

/**
 * One question of a quiz. Scores are fractions from 0 to 1 of the question's {@link #weight}; the
 * kinds below say how each is scored.
 */
public sealed interface Question
    permits Question.Choice, Question.Ranking, Question.Matching, Question.Branching {

  String id();

  /** The question text, rendered Markdown (escaped, safe to insert). */
  String prompt();

  /** Relative weight within the quiz (default 1). */
  double weight();

  /** The kind word used in quiz files. */
  String kind();

  /**
   * Something a student can pick. Right options have {@code correct}; wrong ones usually carry a
   * misconception tag. {@code link} is {@code lesson-id#anchor} (or {@code lesson-id}).
   *
   * @param fixed keeps its place when the other options are shuffled
   */
  record Option(
      String id,
      String text,
      boolean correct,
      String feedback,
      String link,
      String misconception,
      boolean fixed) {
    public Option {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(text, "text");
    }

    /** An option that is shuffled with the others. */
    public Option(
        String id,
        String text,
        boolean correct,
        String feedback,
        String link,
        String misconception) {
      this(id, text, correct, feedback, link, misconception, false);
    }
  }

  /** Kinds of {@link Choice} questions. */
  enum ChoiceKind {
    /** One right option; score 1 or 0. */
    SINGLE,
    /**
     * Several right options; score = max(0, (right ones chosen - wrong ones chosen) / right ones),
     * so guessing everything earns nothing.
     */
    MULTIPLE,
    /** A myth check: options with ids {@code true} and {@code false}; scored like SINGLE. */
    TRUE_FALSE
  }

  /** Single choice, multiple response, or true/false. */
  record Choice(
      String id, ChoiceKind choiceKind, String prompt, double weight, List<Option> options)
      implements Question {
    public Choice {
      options = List.copyOf(options);
    }

    @Override
    public String kind() {
      return switch (choiceKind) {
        case SINGLE -> "single";
        case MULTIPLE -> "multiple";
        case TRUE_FALSE -> "true-false";
      };
    }
  }

  /**
   * An item to put in order.
   *
   * @param tier its rank, 1 first; items of the same tier may come in any order among themselves. 0
   *     means "not given": a ranking whose items give none ranks them by their place in the list.
   */
  record RankItem(String id, String text, int tier) {
    /** An item ranked by its place in the list. */
    public RankItem(String id, String text) {
      this(id, text, 0);
    }
  }

  /**
   * Put items in order of priority. {@code items} are in the right order (pages show them
   * shuffled), each with its tier. Score = pairs of items in different tiers placed in the right
   * relative order / such pairs.
   */
  record Ranking(
      String id,
      String prompt,
      double weight,
      List<RankItem> items,
      String feedback,
      String link,
      String misconception)
      implements Question {
    public Ranking {
      if (items.stream().allMatch(i -> i.tier() <= 0)) {
        List<RankItem> ranked = new java.util.ArrayList<>();
        for (RankItem item : items) {
          ranked.add(new RankItem(item.id(), item.text(), ranked.size() + 1));
        }
        items = ranked;
      }
      items = List.copyOf(items);
    }

    /** The tier of an item, or 0 when the ranking has no such item. */
    public int tierOf(String itemId) {
      return items.stream()
          .filter(i -> i.id().equals(itemId))
          .mapToInt(RankItem::tier)
          .findFirst()
          .orElse(0);
    }

    /** Whether some items share a tier (their order among themselves does not count). */
    public boolean hasSharedTiers() {
      return items.stream().map(RankItem::tier).distinct().count() < items.size();
    }

    @Override
    public String kind() {
      return "ranking";
    }
  }

  /** A left-hand item (a tool) and the right-hand text (its effect) that belongs to it. */
  record Pair(String id, String left, String right, String feedback, String link) {}

  /**
   * Match each left item to one right-hand text; the right-hand choices are every pair's {@code
   * right} plus the distractors (wrong effects, with misconception tags). Score = pairs matched
   * right / pairs. A choice is named by the id of its pair or distractor.
   */
  record Matching(
      String id, String prompt, double weight, List<Pair> pairs, List<Option> distractors)
      implements Question {
    public Matching {
      pairs = List.copyOf(pairs);
      distractors = List.copyOf(distractors);
    }

    @Override
    public String kind() {
      return "matching";
    }
  }

  /** How a branching scenario scores the path a student took. */
  enum BranchScoring {
    /** Sum of the chosen choices' points, divided by the best path's sum. */
    PATH_SUM,
    /** The ending's score (0 to 1). */
    ENDING
  }

  /**
   * A choice in a step: it leads to the next step or to an ending ({@code next} names either).
   *
   * @param fixed keeps its place when the step's choices are shuffled
   */
  record BranchChoice(
      String id,
      String text,
      double points,
      String next,
      String feedback,
      String link,
      String misconception,
      boolean fixed) {
    /** A choice that is shuffled with the others. */
    public BranchChoice(
        String id,
        String text,
        double points,
        String next,
        String feedback,
        String link,
        String misconception) {
      this(id, text, points, next, feedback, link, misconception, false);
    }
  }

  record Step(String id, String text, List<BranchChoice> choices) {
    public Step {
      choices = List.copyOf(choices);
    }
  }

  /**
   * How a scenario ends.
   *
   * @param score how good the outcome is, 0 to 1 (under ending scoring, the question's score)
   * @param debrief why it turned out so and which choice mattered (plain text)
   * @param link the lesson section that explains it ({@code lesson-id#anchor}), or null
   */
  record Ending(String id, String text, double score, String debrief, String link) {
    /** An ending without a debrief. */
    public Ending(String id, String text, double score) {
      this(id, text, score, null, null);
    }
  }

  /**
   * A multi-step story: start at {@code start}, each choice leads to another step or an ending.
   * {@code allowBack} lets the student go back one step before reaching an ending.
   */
  record Branching(
      String id,
      String prompt,
      double weight,
      BranchScoring scoring,
      boolean allowBack,
      String start,
      List<Step> steps,
      List<Ending> endings)
      implements Question {
    public Branching {
      steps = List.copyOf(steps);
      endings = List.copyOf(endings);
    }

    @Override
    public String kind() {
      return "branching";
    }

    public java.util.Optional<Step> step(String stepId) {
      return steps.stream().filter(s -> s.id().equals(stepId)).findFirst();
    }

    public java.util.Optional<Ending> ending(String endingId) {
      return endings.stream().filter(e -> e.id().equals(endingId)).findFirst();
    }
  }
}
