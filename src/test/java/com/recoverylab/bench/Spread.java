package com.recoverylab.bench;

import java.util.Arrays;
import java.util.Locale;

/** The median and range of a few runs' figures, as the benchmarks report them. */
record Spread(double median, double min, double max) {
  static Spread of(double... values) {
    if (values.length == 0) {
      return new Spread(Double.NaN, Double.NaN, Double.NaN);
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    double median =
        sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    return new Spread(median, sorted[0], sorted[sorted.length - 1]);
  }

  /** "median (min-max)" with this many decimals. */
  String format(int decimals) {
    String figure = "%." + decimals + "f";
    return String.format(
        Locale.ROOT, figure + " (" + figure + "-" + figure + ")", median, min, max);
  }
}
