package org.gnc.stats;

import java.util.Arrays;

/**
 * The mean and the 5/25/50/75/95% quantiles of a finite sample of doubles (NaN entries are left
 * out; n counts the rest). Quantiles are Hyndman-Fan type 7 (R's default, numpy's "linear"), as in
 * {@link ErrorSummary}: with the sample sorted x_0 <= ... <= x_{n-1} and h = (n - 1) q,
 * Q(q) = x_j + (h - j)(x_{j+1} - x_j) for j = floor(h). With n = 0 every statistic is NaN.
 */
public record SampleQuantiles(int n, double mean, double q05, double q25, double q50, double q75, double q95) implements java.io.Serializable {

    public static SampleQuantiles of(double[] values) {
        double[] x = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (x.length == 0) {
            double nan = Double.NaN;
            return new SampleQuantiles(0, nan, nan, nan, nan, nan, nan);
        }
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return new SampleQuantiles(x.length, sum / x.length, type7(x, 0.05), type7(x, 0.25), type7(x, 0.5),
                type7(x, 0.75), type7(x, 0.95));
    }

    /** The type-7 quantile of a sorted, non-empty sample. */
    public static double type7(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int j = (int) Math.floor(h);
        double t = h - j;
        if (t == 0 || j + 1 >= sorted.length) {
            return sorted[j];
        }
        double lo = sorted[j];
        double hi = sorted[j + 1];
        return t < 0.5 ? lo + (hi - lo) * t : hi - (hi - lo) * (1 - t);
    }
}
