package com.recoverylab.quiz;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a stored JSON text parses to, kept so that every page reading the same row does not parse it
 * again. The key is the whole text, so a value is only ever the parse of exactly that text (a
 * changed row is a different key) and nothing needs invalidating; values must be immutable. Past
 * {@code limit} entries the map starts over.
 */
final class ParsedByText<T> {
  private final int limit;
  private final Function<String, T> parse;
  private final Map<String, T> parsed = new ConcurrentHashMap<>();

  ParsedByText(int limit, Function<String, T> parse) {
    this.limit = limit;
    this.parse = parse;
  }

  T get(String text) {
    T known = parsed.get(text);
    if (known != null) {
      return known;
    }
    T value = parse.apply(text);
    if (parsed.size() >= limit) {
      parsed.clear();
    }
    parsed.put(text, value);
    return value;
  }
}
