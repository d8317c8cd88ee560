package com.recoverylab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.recoverylab.bench.ProfileLayers.Layer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each sample counts once, under its request and the first layer on its stack. */
class ProfileLayersTest {
  private static final List<String> CONTAINER =
      List.of(
          "org.eclipse.jetty.server.internal.HttpConnection.onFillable",
          "org.eclipse.jetty.util.thread.QueuedThreadPool$Runner.run",
          "java.lang.Thread.run");

  private static final List<String> FILTERS =
      List.of(
          "com.recoverylab.web.SecurityHeadersFilter.doFilter",
          "jakarta.servlet.http.HttpFilter.doFilter",
          "com.recoverylab.web.RequestLogFilter.doFilter",
          "jakarta.servlet.http.HttpFilter.doFilter");

  /** Innermost frame first, as JFR gives them; the filters and the container below. */
  private static List<String> stack(String... innermost) {
    List<String> frames = new java.util.ArrayList<>(List.of(innermost));
    frames.addAll(FILTERS);
    frames.addAll(CONTAINER);
    return frames;
  }

  @Test
  void a_page_being_rendered_counts_under_its_servlet_method_and_rendering() {
    List<String> frames =
        stack(
            "org.thymeleaf.engine.Attributes.searchAttribute",
            "org.thymeleaf.TemplateEngine.process",
            "com.recoverylab.web.Templates.render",
            "com.recoverylab.quiz.QuizServlet.questionPage",
            "com.recoverylab.quiz.QuizServlet.doGet");
    assertEquals("QuizServlet.questionPage", ProfileLayers.request(frames));
    assertEquals(Layer.RENDERING, ProfileLayers.layer(frames));
  }

  @Test
  void a_helper_of_the_page_method_counts_under_the_page() {
    List<String> frames =
        stack(
            "java.lang.StringBuilder.append",
            "com.recoverylab.quiz.QuizServlet.attemptUrl",
            "com.recoverylab.quiz.QuizServlet.questionPage",
            "com.recoverylab.quiz.QuizServlet.doGet");
    assertEquals("QuizServlet.questionPage", ProfileLayers.request(frames));
    assertEquals(Layer.TOOL, ProfileLayers.layer(frames));
  }

  @Test
  void the_session_lookup_counts_as_the_session_although_it_runs_sql() {
    List<String> frames =
        stack(
            "org.h2.command.Command.executeQuery",
            "com.recoverylab.store.Jdbc.query",
            "com.recoverylab.web.LaunchSessionRepository.findWithUse",
            "com.recoverylab.web.LaunchSessions.require",
            "com.recoverylab.quiz.QuizServlet.doGet");
    assertEquals("QuizServlet.doGet", ProfileLayers.request(frames));
    assertEquals(Layer.SESSION, ProfileLayers.layer(frames));
  }

  @Test
  void sql_counts_as_the_database_and_a_lambda_under_the_method_that_made_it() {
    List<String> frames =
        stack(
            "org.h2.mvstore.MVMap.operate",
            "com.recoverylab.store.Jdbc.update",
            "com.recoverylab.quiz.QuizAttempts.lambda$submit$10",
            "com.recoverylab.store.Jdbc.inTransaction",
            "com.recoverylab.quiz.QuizServlet.lambda$postAnswers$3",
            "com.recoverylab.quiz.QuizServlet.postAnswers",
            "com.recoverylab.quiz.QuizServlet.doPost");
    assertEquals("QuizServlet.postAnswers", ProfileLayers.request(frames));
    assertEquals(Layer.DATABASE, ProfileLayers.layer(frames));
  }

  @Test
  void the_id_token_check_and_the_servlet_own_work_are_told_apart() {
    List<String> check =
        stack(
            "com.nimbusds.jose.crypto.RSASSAVerifier.verify",
            "com.recoverylab.lti.launch.IdTokenValidator.validate",
            "com.recoverylab.lti.launch.LaunchServlet.doPost");
    List<String> form =
        stack(
            "org.eclipse.jetty.ee10.servlet.ServletApiRequest.getParameter",
            "com.recoverylab.lti.launch.LaunchServlet.doPost");
    assertEquals(Layer.ID_TOKEN, ProfileLayers.layer(check));
    assertEquals(Layer.TOOL, ProfileLayers.layer(form));
    assertEquals("LaunchServlet.doPost", ProfileLayers.request(form));
  }

  @Test
  void outside_any_servlet_the_log_line_the_filters_and_the_container_are_told_apart() {
    List<String> log =
        new java.util.ArrayList<>(
            List.of(
                "ch.qos.logback.core.OutputStreamAppender.writeOut",
                "ch.qos.logback.classic.Logger.info"));
    log.addAll(FILTERS);
    log.addAll(CONTAINER);
    List<String> filters = new java.util.ArrayList<>(FILTERS);
    filters.add(0, "org.eclipse.jetty.ee10.servlet.ServletApiResponse.setHeader");
    filters.addAll(CONTAINER);
    assertEquals("(outside any servlet)", ProfileLayers.request(log));
    assertEquals(Layer.LOG, ProfileLayers.layer(log));
    assertEquals(Layer.FILTERS, ProfileLayers.layer(filters));
    assertEquals(Layer.CONTAINER, ProfileLayers.layer(CONTAINER));
  }
}
