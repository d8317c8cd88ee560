package com.recoverylab.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParsedByTextTest {

  @Test
  void a_text_is_parsed_once_until_the_limit_starts_the_map_over() {
    AtomicInteger parses = new AtomicInteger();
    ParsedByText<Integer> lengths =
        new ParsedByText<>(
            2,
            text -> {
              parses.incrementAndGet();
              return text.length();
            });
    assertEquals(3, lengths.get("abc"));
    assertEquals(3, lengths.get("abc"));
    assertEquals(1, parses.get());
    assertEquals(2, lengths.get("de"));
    assertEquals(1, lengths.get("f")); // third text: the map starts over
    assertEquals(3, lengths.get("abc"));
    assertEquals(4, parses.get());
  }
}
