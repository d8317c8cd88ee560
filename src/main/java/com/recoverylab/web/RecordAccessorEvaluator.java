package com.recoverylab.web;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.standard.expression.IStandardVariableExpression;
import org.thymeleaf.standard.expression.IStandardVariableExpressionEvaluator;
import org.thymeleaf.standard.expression.StandardExpressionExecutionContext;
import org.thymeleaf.standard.expression.StandardExpressions;

/**
 * Evaluates the variable expressions pages use most, a variable and a chain of record accessor
 * calls ({@code ${q}}, {@code ${o.link().href()}}) or of a list's {@code isEmpty()} and {@code
 * size()} ({@code ${past.isEmpty()}}), without OGNL. OGNL checks every method call against
 * Thymeleaf's lists of blocked types, and on quiz pages that check and OGNL's own work were most of
 * the rendering time. Everything else (operators, arguments, properties, maps, expression objects,
 * selections, the request-parameter variables, a null on the way) goes to OGNL as before, so
 * results and errors stay the same.
 *
 * <p>Only public, argument-free instance methods that a record class declares itself are called:
 * the accessors of our view records and the few helpers beside them ({@code isChoice()}), never
 * anything declared outside the record ({@code getClass()}).
 */
final class RecordAccessorEvaluator implements IStandardVariableExpressionEvaluator {
  /** {@code name} or {@code name.accessor().accessor()}: nothing else is taken off OGNL's hands. */
  private static final Pattern CHAIN =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*\\(\\))*");

  /** Variables the Standard dialect resolves specially; they stay with OGNL. */
  private static final Set<String> SPECIAL = Set.of("param", "session", "application");

  /**
   * Template expressions are few; preprocessing could make more, which are then split each time.
   */
  private static final int MAX_CACHED = 4096;

  private final IStandardVariableExpressionEvaluator ognl;

  /** Each expression split into variable and accessor names; NOT_A_CHAIN for OGNL's. */
  private final Map<String, Chain> chains = new ConcurrentHashMap<>();

  /** Per record class and accessor name, the accessor as a function, or empty for OGNL's. */
  private final Map<Class<?>, Map<String, Optional<Function<Object, Object>>>> accessors =
      new ConcurrentHashMap<>();

  RecordAccessorEvaluator(IStandardVariableExpressionEvaluator ognl) {
    this.ognl = ognl;
  }

  /**
   * A variable and accessor names, with the method each step found last time: one expression nearly
   * always meets the same record class at each step.
   */
  private static final class Chain {
    final String variable;
    final String[] accessors;
    final Step[] lastSteps;

    Chain(String variable, String[] accessors) {
      this.variable = variable;
      this.accessors = accessors;
      this.lastSteps = new Step[accessors.length];
    }
  }

  /** Immutable, so a step another thread wrote is seen whole or not at all. */
  private record Step(Class<?> type, Function<Object, Object> accessor) {}

  private static final Chain NOT_A_CHAIN = new Chain("", new String[0]);

  /** What pages ask of a list to show or hide it; any other collection method stays with OGNL. */
  private static final Map<String, Function<Object, Object>> COLLECTION_QUERIES =
      Map.of(
          "isEmpty", list -> ((Collection<?>) list).isEmpty(),
          "size", list -> ((Collection<?>) list).size());

  @Override
  public Object evaluate(
      IExpressionContext context,
      IStandardVariableExpression expression,
      StandardExpressionExecutionContext expContext) {
    String text = expression.getExpression();
    // Restricted contexts (th:href, fragment parameters, preprocessing) forbid request parameters,
    // expression objects, static access and instantiation: a chain can reach none of them.
    if (text == null
        || !(context instanceof ITemplateContext template)
        || (expression.getUseSelectionAsRoot() && template.hasSelectionTarget())) {
      return ognl.evaluate(context, expression, expContext);
    }
    Chain chain = chains.get(text);
    if (chain == null) {
      chain = split(text);
      if (chains.size() < MAX_CACHED) {
        chains.put(text, chain);
      }
    }
    if (chain == NOT_A_CHAIN) {
      return ognl.evaluate(context, expression, expContext);
    }
    Object value = template.getVariable(chain.variable);
    for (int i = 0; i < chain.accessors.length; i++) {
      if (value == null) {
        return ognl.evaluate(context, expression, expContext);
      }
      Step last = chain.lastSteps[i];
      Function<Object, Object> accessor;
      if (last != null && last.type() == value.getClass()) {
        accessor = last.accessor();
      } else {
        accessor = accessor(value, chain.accessors[i]);
        if (accessor == null) {
          return ognl.evaluate(context, expression, expContext);
        }
        chain.lastSteps[i] = new Step(value.getClass(), accessor);
      }
      try {
        value = accessor.apply(value);
      } catch (RuntimeException e) {
        throw new TemplateProcessingException(
            "Exception evaluating expression: \"" + text + "\"", e);
      }
    }
    if (!expContext.getPerformTypeConversion()) {
      return value;
    }
    return StandardExpressions.getConversionService(context.getConfiguration())
        .convert(context, value, String.class);
  }

  private static Chain split(String text) {
    String trimmed = text.trim();
    if (!CHAIN.matcher(trimmed).matches()) {
      return NOT_A_CHAIN;
    }
    String[] parts = trimmed.split("\\.");
    if (SPECIAL.contains(parts[0])) {
      return NOT_A_CHAIN;
    }
    String[] accessors = new String[parts.length - 1];
    for (int i = 1; i < parts.length; i++) {
      accessors[i - 1] = parts[i].substring(0, parts[i].length() - 2);
    }
    return new Chain(parts[0], accessors);
  }

  /**
   * The record's own public argument-free method of that name, a collection's {@code isEmpty()} or
   * {@code size()}, or null (OGNL decides then).
   */
  private Function<Object, Object> accessor(Object target, String name) {
    Class<?> type = target.getClass();
    return accessors
        .computeIfAbsent(type, t -> new ConcurrentHashMap<>())
        .computeIfAbsent(name, n -> find(type, n, target))
        .orElse(null);
  }

  private static Optional<Function<Object, Object>> find(
      Class<?> type, String name, Object target) {
    if (target instanceof Collection<?>) {
      return Optional.ofNullable(COLLECTION_QUERIES.get(name));
    }
    if (!type.isRecord()) {
      return Optional.empty();
    }
    try {
      Method method = type.getMethod(name);
      boolean callable =
          method.getDeclaringClass() == type
              && !Modifier.isStatic(method.getModifiers())
              && method.getReturnType() != void.class
              && method.canAccess(target);
      return callable ? Optional.of(function(method)) : Optional.empty();
    } catch (NoSuchMethodException e) {
      return Optional.empty();
    }
  }

  /**
   * The method as a function the JIT can inline: Method.invoke checked access and went through a
   * reflective accessor on each of a page's hundred or so calls. Only methods that passed the
   * checks above get here; if the function cannot be made, reflection does the same call.
   */
  private static Function<Object, Object> function(Method method) {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      MethodHandle handle = lookup.unreflect(method);
      CallSite site =
          LambdaMetafactory.metafactory(
              lookup,
              "apply",
              MethodType.methodType(Function.class),
              MethodType.methodType(Object.class, Object.class),
              handle,
              handle.type().wrap());
      @SuppressWarnings("unchecked")
      Function<Object, Object> function = (Function<Object, Object>) site.getTarget().invoke();
      return function;
    } catch (Throwable e) {
      return target -> {
        try {
          return method.invoke(target);
        } catch (IllegalAccessException failed) {
          throw new IllegalStateException(failed);
        } catch (InvocationTargetException failed) {
          throw failed.getCause() instanceof RuntimeException runtime
              ? runtime
              : new IllegalStateException(failed.getCause());
        }
      };
    }
  }
}
