package com.recoverylab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.recoverylab.bench.ProfileLayers.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

  private static final String OUTSIDE = "(outside any servlet)";

  /** Innermost frame first, as JFR gives them; the filters and the container below. */
  private static List<String> stack(String... innermost) {
    List<String> frames = new ArrayList<>(List.of(innermost));
    frames.addAll(FILTERS);
    frames.addAll(CONTAINER);
    return frames;
  }

  static Stream<Arguments> samples() {
    return Stream.of(
        Arguments.of(
            "a page being rendered",
            stack(
                "org.thymeleaf.engine.Attributes.searchAttribute",
                "org.thymeleaf.TemplateEngine.process",
                "com.recoverylab.web.Templates.render",
                "com.recoverylab.quiz.QuizServlet.questionPage",
                "com.recoverylab.quiz.QuizServlet.doGet"),
            "QuizServlet.questionPage",
            Layer.RENDERING),
        Arguments.of(
            "a helper of the page method counts under the page",
            stack(
                "java.lang.StringBuilder.append",
                "com.recoverylab.quiz.QuizServlet.attemptUrl",
                "com.recoverylab.quiz.QuizServlet.questionPage",
                "com.recoverylab.quiz.QuizServlet.doGet"),
            "QuizServlet.questionPage",
            Layer.TOOL),
        Arguments.of(
            "the session lookup counts as the session although it runs SQL",
            stack(
                "org.h2.command.Command.executeQuery",
                "com.recoverylab.store.Jdbc.query",
                "com.recoverylab.web.LaunchSessionRepository.findWithUse",
                "com.recoverylab.web.LaunchSessions.require",
                "com.recoverylab.quiz.QuizServlet.doGet"),
            "QuizServlet.doGet",
            Layer.SESSION),
        Arguments.of(
            "SQL, with a lambda of the servlet passed over",
            stack(
                "org.h2.mvstore.MVMap.operate",
                "com.recoverylab.store.Jdbc.update",
                "com.recoverylab.quiz.QuizAttempts.lambda$submit$10",
                "com.recoverylab.store.Jdbc.inTransaction",
                "com.recoverylab.quiz.QuizServlet.postAnswers",
                "com.recoverylab.quiz.QuizServlet.lambda$doPost$2",
                "com.recoverylab.quiz.QuizServlet.doPost"),
            "QuizServlet.postAnswers",
            Layer.DATABASE),
        Arguments.of(
            "the id_token's check",
            stack(
                "com.nimbusds.jose.crypto.RSASSAVerifier.verify",
                "com.recoverylab.lti.launch.IdTokenValidator.validate",
                "com.recoverylab.lti.launch.LaunchServlet.doPost"),
            "LaunchServlet.doPost",
            Layer.ID_TOKEN),
        Arguments.of(
            "the container reading the servlet's form",
            stack(
                "org.eclipse.jetty.ee10.servlet.ServletApiRequest.getParameter",
                "com.recoverylab.lti.launch.LaunchServlet.doPost"),
            "LaunchServlet.doPost",
            Layer.TOOL),
        Arguments.of(
            "the access log line",
            stack(
                "ch.qos.logback.core.OutputStreamAppender.writeOut",
                "ch.qos.logback.classic.Logger.info"),
            OUTSIDE,
            Layer.LOG),
        Arguments.of(
            "the filters alone",
            stack("org.eclipse.jetty.ee10.servlet.ServletApiResponse.setHeader"),
            OUTSIDE,
            Layer.FILTERS),
        Arguments.of("the container alone", CONTAINER, OUTSIDE, Layer.CONTAINER));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void a_sample_counts_under_its_request_and_its_first_layer(
      String what, List<String> frames, String request, Layer layer) {
    assertEquals(request, ProfileLayers.request(frames), what);
    assertEquals(layer, ProfileLayers.layer(frames), what);
  }
}
