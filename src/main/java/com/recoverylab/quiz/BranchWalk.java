package com.recoverylab.quiz;

import com.recoverylab.content.Question.BranchChoice;
import com.recoverylab.content.Question.Branching;
import com.recoverylab.content.Question.Ending;
import com.recoverylab.content.Question.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a path of choices leads in a branching scenario: the steps passed, the choices taken, and
 * either the current step (still going) or the ending reached.
 */
record BranchWalk(List<String> stepIds, List<BranchChoice> choices, Step current, Ending ending) {

  BranchWalk {
    stepIds = List.copyOf(stepIds);
    choices = List.copyOf(choices);
  }

  boolean finished() {
    return ending != null;
  }

  /**
   * Follows the choice ids from the start; a choice that is not offered where it is taken is
   * refused.
   */
  static BranchWalk follow(Branching question, List<String> choiceIds) {
    List<String> steps = new ArrayList<>();
    List<BranchChoice> taken = new ArrayList<>();
    String at = question.start();
    for (String choiceId : choiceIds) {
      Step step =
          question
              .step(at)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "the scenario has already ended; no more choices"));
      BranchChoice choice =
          step.choices().stream()
              .filter(c -> c.id().equals(choiceId))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "choice " + choiceId + " is not offered at step " + step.id()));
      steps.add(step.id());
      taken.add(choice);
      at = choice.next();
    }
    Step current = question.step(at).orElse(null);
    Ending ending =
        current == null
            ? question
                .ending(at)
                .orElseThrow(
                    () -> new IllegalArgumentException("no step or ending " + question.start()))
            : null;
    if (current != null) {
      steps.add(current.id());
    }
    return new BranchWalk(steps, taken, current, ending);
  }
}
