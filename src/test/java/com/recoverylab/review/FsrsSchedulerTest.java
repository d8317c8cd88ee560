package com.recoverylab.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.review.FsrsScheduler.Memory;
import com.recoverylab.review.FsrsScheduler.Rating;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The FSRS-6 formulas against the reference implementation: the expected memories were printed by
 * ts-fsrs 5.4.2 ({@code next_state} with its default FSRS-6 parameters, short-term on, no fuzz),
 * the open-spaced-repetition project's TypeScript scheduler.
 */
class FsrsSchedulerTest {
  private static final double EPS = 1e-6;
  private final FsrsScheduler fsrs = new FsrsScheduler();

  private static void assertMemory(double stability, double difficulty, Memory actual) {
    assertEquals(stability, actual.stability(), EPS, "stability of " + actual);
    assertEquals(difficulty, actual.difficulty(), EPS, "difficulty of " + actual);
  }

  @Test
  void a_new_card_starts_from_the_first_rating() {
    assertMemory(0.212, 6.4133, fsrs.first(Rating.AGAIN));
    assertMemory(2.3065, 2.11810397, fsrs.first(Rating.GOOD));
  }

  @Test
  void good_answers_grow_stability_and_an_again_shrinks_it_as_the_reference_does() {
    Memory missed = fsrs.first(Rating.AGAIN);
    Memory good = fsrs.next(missed, 1, Rating.GOOD);
    assertMemory(1.88678762, 6.40211507, good);
    Memory better = fsrs.next(good, 3, Rating.GOOD);
    assertMemory(7.63823104, 6.39094132, better);
    Memory lapsed = fsrs.next(better, 10, Rating.AGAIN);
    assertMemory(1.22963783, 8.79895532, lapsed);
  }

  @Test
  void same_day_reviews_use_the_short_term_formula() {
    Memory better = fsrs.next(fsrs.next(fsrs.first(Rating.AGAIN), 1, Rating.GOOD), 3, Rating.GOOD);
    assertMemory(7.63823104, 6.37977875, fsrs.next(better, 0, Rating.GOOD));
    assertMemory(2.37229944, 8.79895532, fsrs.next(better, 0, Rating.AGAIN));
  }

  @Test
  void intervals_follow_stability_at_ninety_percent_retention() {
    assertEquals(1, fsrs.intervalDays(0.212), "at least a day");
    assertEquals(2, fsrs.intervalDays(1.88678762));
    assertEquals(8, fsrs.intervalDays(7.63823104));
    assertEquals(FsrsScheduler.MAXIMUM_INTERVAL_DAYS, fsrs.intervalDays(1e9));
    // by definition recall is 90% after S days
    assertEquals(0.9, fsrs.retrievability(7.5, 7.5), 1e-9);
    assertEquals(0.84588465, fsrs.retrievability(5, 2.5), EPS);
  }

  @Test
  void intervals_lengthen_with_each_good_answer_and_fall_back_after_a_wrong_one() {
    Memory memory = fsrs.first(Rating.AGAIN);
    int interval = fsrs.intervalDays(memory.stability());
    for (int i = 0; i < 5; i++) {
      Memory next = fsrs.next(memory, interval, Rating.GOOD);
      int longer = fsrs.intervalDays(next.stability());
      assertTrue(longer > interval, "review " + i + ": " + longer + " after " + interval);
      memory = next;
      interval = longer;
    }
    Memory lapsed = fsrs.next(memory, interval, Rating.AGAIN);
    assertTrue(
        fsrs.intervalDays(lapsed.stability()) < interval / 4,
        lapsed + " after " + interval + " days");
  }

  @Test
  void parameters_and_memories_are_checked() {
    assertThrows(IllegalArgumentException.class, () -> new FsrsScheduler(List.of(1.0, 2.0)));
    assertThrows(IllegalArgumentException.class, () -> new Memory(0, 5));
    assertThrows(IllegalArgumentException.class, () -> new Memory(1, 11));
  }
}
