package com.recoverylab.review;

import java.util.List;

/**
 * The FSRS-6 memory model (Free Spaced Repetition Scheduler, open-spaced-repetition) with its
 * published default parameters, as pure functions. Java has no maintained FSRS artifact served from
 * Maven Central here, so the published formulas are written out; each method names the formula it
 * implements. Reviews are scheduled in whole days without (re)learning steps: the offer appears at
 * the learner's next launch, never minutes later.
 */
final class FsrsScheduler {
  /** FSRS-6 default parameters w0..w20. */
  static final List<Double> DEFAULT_PARAMETERS =
      List.of(
          0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
          1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542);

  static final double DESIRED_RETENTION = 0.9;
  static final int MAXIMUM_INTERVAL_DAYS = 36500;
  private static final double STABILITY_MIN = 0.001;

  private final double[] w;
  private final double decay;
  private final double factor;

  FsrsScheduler() {
    this(DEFAULT_PARAMETERS);
  }

  FsrsScheduler(List<Double> parameters) {
    if (parameters.size() != 21) {
      throw new IllegalArgumentException("FSRS-6 needs 21 parameters, got " + parameters.size());
    }
    w = parameters.stream().mapToDouble(Double::doubleValue).toArray();
    decay = -w[20];
    factor = Math.pow(0.9, 1 / decay) - 1;
  }

  /** How the learner did: right first time is GOOD, wrong is AGAIN. */
  enum Rating {
    AGAIN(1),
    HARD(2),
    GOOD(3),
    EASY(4);

    final int grade;

    Rating(int grade) {
      this.grade = grade;
    }
  }

  /** A card's memory: stability in days (the interval at 90% recall) and difficulty 1..10. */
  record Memory(double stability, double difficulty) {
    Memory {
      if (!(stability > 0) || difficulty < 1 || difficulty > 10) {
        throw new IllegalArgumentException(
            "stability must be > 0 and difficulty 1..10: " + stability + ", " + difficulty);
      }
    }
  }

  /** The first rating of a new card: S0(G) = w[G-1], D0(G) = w4 - e^(w5 (G-1)) + 1. */
  Memory first(Rating rating) {
    return new Memory(
        Math.max(w[rating.grade - 1], STABILITY_MIN), clampDifficulty(initialDifficulty(rating)));
  }

  /** The memory after a rating given {@code elapsedDays} (whole days) after the last review. */
  Memory next(Memory memory, long elapsedDays, Rating rating) {
    double stability;
    if (elapsedDays < 1) {
      stability = shortTermStability(memory.stability(), rating);
    } else {
      double r = retrievability(elapsedDays, memory.stability());
      stability =
          rating == Rating.AGAIN
              ? forgetStability(memory.difficulty(), memory.stability(), r)
              : recallStability(memory.difficulty(), memory.stability(), r, rating);
    }
    return new Memory(
        Math.max(stability, STABILITY_MIN), nextDifficulty(memory.difficulty(), rating));
  }

  /** R(t, S) = (1 + FACTOR t / S)^DECAY: the chance of recall after t days. */
  double retrievability(double elapsedDays, double stability) {
    return Math.pow(1 + factor * Math.max(0, elapsedDays) / stability, decay);
  }

  /**
   * I(S) = S / FACTOR (r^(1/DECAY) - 1) at the desired retention, rounded, 1 day to the maximum.
   */
  int intervalDays(double stability) {
    double interval = stability / factor * (Math.pow(DESIRED_RETENTION, 1 / decay) - 1);
    return (int) Math.min(MAXIMUM_INTERVAL_DAYS, Math.max(1, Math.round(interval)));
  }

  private double initialDifficulty(Rating rating) {
    return w[4] - Math.exp(w[5] * (rating.grade - 1)) + 1;
  }

  /**
   * D' = w7 D0(4) + (1 - w7) (D + ΔD (10 - D) / 9), ΔD = -w6 (G - 3): damped, then reverted to the
   * mean.
   */
  private double nextDifficulty(double difficulty, Rating rating) {
    double delta = -w[6] * (rating.grade - 3);
    double damped = difficulty + delta * (10 - difficulty) / 9;
    return clampDifficulty(w[7] * initialDifficulty(Rating.EASY) + (1 - w[7]) * damped);
  }

  /** S'r = S (1 + e^w8 (11 - D) S^-w9 (e^(w10 (1 - R)) - 1) hard easy). */
  private double recallStability(double difficulty, double stability, double r, Rating rating) {
    double hardPenalty = rating == Rating.HARD ? w[15] : 1;
    double easyBonus = rating == Rating.EASY ? w[16] : 1;
    return stability
        * (1
            + Math.exp(w[8])
                * (11 - difficulty)
                * Math.pow(stability, -w[9])
                * (Math.exp(w[10] * (1 - r)) - 1)
                * hardPenalty
                * easyBonus);
  }

  /** S'f = min(w11 D^-w12 ((S + 1)^w13 - 1) e^(w14 (1 - R)), S / e^(w17 w18)): never above S. */
  private double forgetStability(double difficulty, double stability, double r) {
    double longTerm =
        w[11]
            * Math.pow(difficulty, -w[12])
            * (Math.pow(stability + 1, w[13]) - 1)
            * Math.exp(w[14] * (1 - r));
    double shortTerm = stability / Math.exp(w[17] * w[18]);
    return Math.min(longTerm, shortTerm);
  }

  /** Same-day review: S' = S e^(w17 (G - 3 + w18)) S^-w19, not below S for GOOD and EASY. */
  private double shortTermStability(double stability, Rating rating) {
    double increase = Math.exp(w[17] * (rating.grade - 3 + w[18])) * Math.pow(stability, -w[19]);
    if (rating == Rating.GOOD || rating == Rating.EASY) {
      increase = Math.max(increase, 1);
    }
    return stability * increase;
  }

  private static double clampDifficulty(double difficulty) {
    return Math.min(10, Math.max(1, difficulty));
  }
}
