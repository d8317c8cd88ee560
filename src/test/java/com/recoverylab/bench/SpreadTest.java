package com.recoverylab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpreadTest {
  @Test
  void median_of_an_odd_and_an_even_count_and_the_range_whatever_the_order() {
    assertEquals(new Spread(4.95, 4.94, 6.55), Spread.of(6.55, 4.94, 4.95));
    assertEquals(new Spread(2.5, 1, 4), Spread.of(4, 1, 3, 2));
    assertEquals("4.40 (3.45-5.04)", Spread.of(5.04, 3.45, 4.40).format(2));
  }

  @Test
  void no_runs_have_no_median() {
    assertTrue(Double.isNaN(Spread.of().median()));
  }
}
