package com.recoverylab.web;

import jakarta.servlet.Servlet;
import java.util.Map;

/**
 * The one shape of a feature: a small record in the feature's package, built by its static {@code
 * create} from the database, the configuration and the APIs of the features it uses, exposing its
 * servlets by path (for the composition root to mount) and its API as the record's other
 * components.
 */
public interface Feature {
  /**
   * Servlet path spec to servlet, for example {@code "/quizzes/*"}; empty for a feature without
   * pages.
   */
  Map<String, Servlet> servlets();

  /** An unmodifiable copy of the servlets in the order given (Jetty matches specs, not order). */
  static Map<String, Servlet> paths(Map<String, ? extends Servlet> servlets) {
    return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(servlets));
  }
}
