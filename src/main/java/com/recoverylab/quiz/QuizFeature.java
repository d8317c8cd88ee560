package com.recoverylab.quiz;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.grading.GradeOutbox;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.Feature;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Templates;
import jakarta.servlet.Servlet;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Scenario quizzes: attempts, scoring, review pages.
 *
 * @param grades a learner's grade on a quiz link, recomputed when the instructor changes the rules
 */
public record QuizFeature(Map<String, Servlet> servlets, QuizGrades grades) implements Feature {
  public QuizFeature {
    servlets = Feature.paths(servlets);
  }

  public static QuizFeature create(
      Jdbc jdbc,
      Templates templates,
      LaunchSessions sessions,
      Supplier<ContentLibrary> content,
      GradeOutbox outbox,
      RevealedMisconceptions misconceptions,
      Clock clock) {
    QuizGrades grades = new QuizGrades(jdbc, outbox, content, templates.messages(), clock);
    return new QuizFeature(
        Map.of(
            "/quizzes/*",
            new QuizServlet(
                templates, sessions, content, jdbc, grades, outbox, misconceptions, clock)),
        grades);
  }
}
