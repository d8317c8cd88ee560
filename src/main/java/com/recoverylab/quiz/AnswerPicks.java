package com.recoverylab.quiz;

import com.recoverylab.content.Question;
import java.util.ArrayList;
import java.util.List;

/** Turns an answer into the rows of {@code quiz_answer_choices}: one per picked option. */
final class AnswerPicks {
  private AnswerPicks() {}

  static List<PickedOption> of(Question question, Answer answer) {
    List<PickedOption> picks = new ArrayList<>();
    if (question instanceof Question.Choice choice && answer instanceof Answer.Chosen chosen) {
      for (Question.Option option : choice.options()) {
        if (chosen.optionIds().contains(option.id())) {
          picks.add(
              new PickedOption(
                  null,
                  option.id(),
                  option.correct(),
                  option.correct() ? null : option.misconception()));
        }
      }
    } else if (question instanceof Question.Ranking ranking
        && answer instanceof Answer.Ordered ordered) {
      // an item is in place when no item of another tier is on the wrong side of it
      for (int i = 0; i < ordered.itemIds().size(); i++) {
        String item = ordered.itemIds().get(i);
        boolean inPlace = !QuizScorer.misplaced(ranking, ordered.itemIds(), item);
        picks.add(
            new PickedOption(
                String.valueOf(i + 1), item, inPlace, inPlace ? null : ranking.misconception()));
      }
    } else if (question instanceof Question.Matching matching
        && answer instanceof Answer.Matched matched) {
      for (Question.Pair pair : matching.pairs()) {
        String picked = matched.choiceByPair().get(pair.id());
        if (picked == null) {
          continue;
        }
        String misconception =
            matching.distractors().stream()
                .filter(d -> d.id().equals(picked))
                .findFirst()
                .map(Question.Option::misconception)
                .orElse(null);
        picks.add(new PickedOption(pair.id(), picked, pair.id().equals(picked), misconception));
      }
    } else if (question instanceof Question.Branching branching
        && answer instanceof Answer.Path path) {
      BranchWalk walk = BranchWalk.follow(branching, path.choiceIds());
      for (int i = 0; i < walk.choices().size(); i++) {
        Question.BranchChoice taken = walk.choices().get(i);
        String stepId = walk.stepIds().get(i);
        double bestHere =
            branching.step(stepId).orElseThrow().choices().stream()
                .mapToDouble(Question.BranchChoice::points)
                .max()
                .orElse(0);
        picks.add(
            new PickedOption(
                stepId, taken.id(), taken.points() >= bestHere, taken.misconception()));
      }
    }
    return picks;
  }
}
