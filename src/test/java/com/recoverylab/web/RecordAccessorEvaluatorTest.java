package com.recoverylab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.standard.StandardDialect;
import org.thymeleaf.standard.expression.IStandardVariableExpressionEvaluator;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.StringTemplateResolver;

/**
 * Record accessor chains skip OGNL; every other expression, and every error, is OGNL's as before.
 */
class RecordAccessorEvaluatorTest {

  public record Link(String href, String text) {}

  public record Item(String name, boolean done, Link link, List<String> tags) {
    public boolean isLinked() {
      return link != null;
    }

    public static String shout() {
      return "static";
    }
  }

  /** Counts the expressions the fast path hands to OGNL. */
  private static final class Engine {
    final AtomicInteger toOgnl = new AtomicInteger();
    final TemplateEngine fast = new TemplateEngine();
    final TemplateEngine stock = new TemplateEngine();

    Engine() {
      StringTemplateResolver resolver = new StringTemplateResolver();
      resolver.setTemplateMode(TemplateMode.HTML);
      StandardDialect dialect = new StandardDialect();
      IStandardVariableExpressionEvaluator ognl = dialect.getVariableExpressionEvaluator();
      dialect.setVariableExpressionEvaluator(
          new RecordAccessorEvaluator(
              (context, expression, expContext) -> {
                toOgnl.incrementAndGet();
                return ognl.evaluate(context, expression, expContext);
              }));
      fast.setTemplateResolver(resolver);
      fast.setDialect(dialect);
      StringTemplateResolver stockResolver = new StringTemplateResolver();
      stockResolver.setTemplateMode(TemplateMode.HTML);
      stock.setTemplateResolver(stockResolver);
    }

    String render(TemplateEngine engine, String template, Map<String, Object> variables) {
      Context context = new Context();
      context.setVariables(variables);
      return engine.process(template, context);
    }
  }

  private static final Map<String, Object> VARIABLES =
      Map.of(
          "item",
              new Item(
                  "Boots <b>",
                  true,
                  new Link("/lessons/a?s=1#x", "Lesson A"),
                  List.of("one", "two")),
          "bare", new Item("Ball", false, null, List.of()),
          "count", 3);

  @Test
  void accessor_chains_render_as_with_ognl_without_asking_it() {
    Engine engine = new Engine();
    // th:href is evaluated in a restricted context; a chain reaches nothing the restrictions guard
    String template =
        "<p th:text=\"${item.name()}\"></p><a th:href=\"${item.link().href()}\""
            + " th:text=\"${item.link().text()}\"></a><i th:if=\"${item.done()}\">done</i><b th:text=\"${count}\"></b>"
            + "<u th:if=\"${item.isLinked()}\">linked</u><s th:text=\"${bare.link()}\"></s>";
    String fast = engine.render(engine.fast, template, VARIABLES);
    assertEquals(engine.render(engine.stock, template, VARIABLES), fast);
    assertTrue(
        fast.contains("Boots &lt;b&gt;") && fast.contains("href=\"/lessons/a?s=1#x\""), fast);
    assertEquals(
        0, engine.toOgnl.get(), "every expression here is a variable or an accessor chain");
  }

  @Test
  void operators_arguments_non_records_and_expression_objects_go_to_ognl_with_the_same_result() {
    Engine engine = new Engine();
    String template =
        "<p th:text=\"${item.name() != null}\"></p><p th:text=\"${item.tags().get(0)}\"></p>"
            + "<p th:text=\"${!item.done()}\"></p><p th:text=\"${#strings.toString(count)}\"></p>"
            + "<p th:text=\"${item.tags()[1]}\"></p><p th:text=\"${item.name}\"></p>";
    assertEquals(
        engine.render(engine.stock, template, VARIABLES),
        engine.render(engine.fast, template, VARIABLES));
    assertEquals(6, engine.toOgnl.get());
  }

  @Test
  void a_lists_emptiness_and_size_render_as_with_ognl_without_asking_it() {
    Engine engine = new Engine();
    String template =
        "<p th:if=\"!${bare.tags().isEmpty()}\">shown</p><p th:if=\"${bare.tags().isEmpty()}\">none</p>"
            + "<p th:text=\"${item.tags().size()}\"></p><p th:unless=\"${item.tags().isEmpty()}\">x</p>";
    String fast = engine.render(engine.fast, template, VARIABLES);
    assertEquals(engine.render(engine.stock, template, VARIABLES), fast);
    assertTrue(fast.contains("none") && !fast.contains("shown") && fast.contains(">2<"), fast);
    assertEquals(0, engine.toOgnl.get());
  }

  @Test
  void other_collection_methods_and_maps_go_to_ognl() {
    Engine engine = new Engine();
    String template =
        "<p th:text=\"${item.tags().hashCode()}\"></p><p th:text=\"${map.isEmpty()}\"></p>";
    Map<String, Object> variables = Map.of("item", VARIABLES.get("item"), "map", Map.of("a", 1));
    assertEquals(
        engine.render(engine.stock, template, variables),
        engine.render(engine.fast, template, variables));
    assertEquals(2, engine.toOgnl.get());
  }

  @Test
  void methods_a_record_does_not_declare_itself_and_static_ones_go_to_ognl() {
    Engine engine = new Engine();
    String template = "<p th:text=\"${item.getClass()}\"></p><p th:text=\"${item.shout()}\"></p>";
    assertEquals(
        engine.render(engine.stock, template, VARIABLES),
        engine.render(engine.fast, template, VARIABLES));
    assertEquals(2, engine.toOgnl.get());
  }

  @Test
  void request_parameters_stay_with_ognl_and_its_restrictions() {
    Engine engine = new Engine();
    // fragment parameters are evaluated in a restricted context, where OGNL refuses request
    // parameters
    String template =
        "<p th:fragment=\"f(x)\" th:text=\"${x}\"></p><div th:replace=\"~{::f(${param})}\"></div>";
    assertThrows(
        TemplateProcessingException.class, () -> engine.render(engine.fast, template, VARIABLES));
    assertThrows(
        TemplateProcessingException.class, () -> engine.render(engine.stock, template, VARIABLES));
    assertTrue(engine.toOgnl.get() > 0);
  }

  @Test
  void a_null_on_the_way_fails_as_with_ognl() {
    Engine engine = new Engine();
    String template = "<p th:text=\"${bare.link().href()}\"></p>";
    TemplateProcessingException fast =
        assertThrows(
            TemplateProcessingException.class,
            () -> engine.render(engine.fast, template, VARIABLES));
    TemplateProcessingException stock =
        assertThrows(
            TemplateProcessingException.class,
            () -> engine.render(engine.stock, template, VARIABLES));
    assertEquals(stock.getMessage(), fast.getMessage());
  }
}
