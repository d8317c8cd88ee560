package com.recoverylab.testing;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.FeedbackTiming;
import com.recoverylab.content.GradingMethod;
import com.recoverylab.content.Lesson;
import com.recoverylab.content.Quiz;
import com.recoverylab.content.QuizSettings;
import java.util.List;
import java.util.Map;

/** A small content library for tests: two lessons and one quiz (one title carries markup). */
public final class FixtureContent {
  private FixtureContent() {}

  public static ContentLibrary library() {
    Lesson rolling =
        new Lesson(
            "foam-rolling",
            "Foam rolling <b>between</b> runs",
            1,
            "What rolling changes",
            5,
            List.of("back-to-back"),
            "<p>Rolling</p>",
            List.of(),
            "lessons/foam-rolling.md");
    Lesson basics =
        new Lesson(
            "basics-first",
            "Sleep, food, structure",
            2,
            "The basics",
            4,
            List.of(),
            "<p>Basics</p>",
            List.of(),
            "lessons/basics-first.md");
    Quiz quiz =
        new Quiz(
            "back-to-back",
            "Two runs in 20 hours <script>alert(1)</script>",
            "Scenario",
            6,
            new QuizSettings(10, 0, GradingMethod.HIGHEST, FeedbackTiming.AT_END, false, 0),
            List.of("foam-rolling"),
            List.of(),
            "quizzes/back-to-back.yaml");
    return new ContentLibrary(List.of(rolling, basics), List.of(quiz), Map.of());
  }
}
