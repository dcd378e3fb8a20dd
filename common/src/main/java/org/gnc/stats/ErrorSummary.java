package org.gnc.stats;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Arrays;

/**
 * The distribution of test errors over a multiset of networks, computed exactly from a histogram of mistake counts.
 *
 * <p>Input: {@code counts[k]} = number of networks (a multiplicity, not necessarily small) that misclassify exactly
 * {@code k} of the {@code nTest} test points, i.e. have test error {@code k / nTest}; {@code counts.length == nTest + 1}
 * and the total is at most {@code 2^63 - 1}. Histograms from shards (or from an exhaustive enumeration) merge by
 * {@link #merge elementwise addition}, so a summary never depends on how the work was split.
 *
 * <p>Guarantees, with {@code N = networks}, {@code S1 = sum k c_k}, {@code S2 = sum k^2 c_k}:
 * <ul>
 *   <li>{@code mean = S1 / (N nTest)}; the population variance {@code (N S2 - S1^2) / (N nTest)^2}; the sample
 *       variance {@code (N S2 - S1^2) / (N (N - 1) nTest^2)}. {@code S1, S2} and the numerator are accumulated in
 *       {@link BigInteger} (products reach 2^94 and 2^157), so they are exact, and each ratio is rounded once, to
 *       34 significant digits and then to double: mean and variance are correctly rounded up to 1 ulp, with no
 *       cancellation even when all networks share one error.</li>
 *   <li>{@code exact == true} (the whole posterior, e.g. all interpolators): {@code std} is the population standard
 *       deviation and {@code se = 0}. {@code exact == false} (a sample): {@code std} is the Bessel-corrected sample
 *       standard deviation and {@code se = std / sqrt(N)}; with one network both are NaN.</li>
 *   <li>{@code q05 ... q95}: Hyndman–Fan type 7 quantiles (R's default, numpy's {@code "linear"}) of the multiset of
 *       errors: with the errors sorted as {@code e_0 <= ... <= e_{N-1}} and {@code h = (N - 1) q} (computed exactly
 *       from the double {@code q}), {@code Q(q) = e_j + (h - j)(e_{j+1} - e_j)} for {@code j = floor(h)}, the order
 *       statistics found from cumulative counts without expanding the multiset.</li>
 *   <li>{@code histogram}: {@value #HISTOGRAM_BINS} equal bins on [0, 1]; bin {@code b} counts the networks with error in
 *       {@code [b/20, (b+1)/20)}, the last bin also error 1. The bin of {@code k / nTest} is
 *       {@code min(19, floor(20 k / nTest))} in integer arithmetic, so no value on a bin edge is misplaced.</li>
 *   <li>No networks: mean, std, se and the quantiles are NaN and the histogram is all zeros.</li>
 * </ul>
 * Immutable: the histogram is copied in and out; {@code equals}/{@code hashCode} compare its contents.
 */
public record ErrorSummary(long networks, double mean, double std, double se, double q05, double q25,
                               double q50, double q75, double q95, long[] histogram) {

    /** Number of equal-width histogram bins on [0, 1]. */
    public static final int HISTOGRAM_BINS = 20;

    private static final MathContext CONTEXT = MathContext.DECIMAL128;

    public ErrorSummary {
        if (histogram == null || histogram.length != HISTOGRAM_BINS) {
            throw new IllegalArgumentException("histogram must have " + HISTOGRAM_BINS + " bins, got "
                    + (histogram == null ? "null" : histogram.length));
        }
        histogram = histogram.clone();
    }

    /** A copy of the histogram. */
    @Override
    public long[] histogram() {
        return histogram.clone();
    }

    /**
     * Summarizes a histogram of mistake counts.
     *
     * @param counts {@code counts[k]} networks with exactly {@code k} test mistakes, {@code k = 0..nTest}; not modified
     * @param nTest  number of test points, at least 1
     * @param exact  true if {@code counts} is the whole population (population std, se = 0), false if a sample
     * @throws IllegalArgumentException on a wrong length, a negative count, or a total above {@code Long.MAX_VALUE}
     */
    public static ErrorSummary of(long[] counts, int nTest, boolean exact) {
        if (nTest < 1) {
            throw new IllegalArgumentException("nTest must be at least 1, got " + nTest);
        }
        if (counts == null || counts.length != nTest + 1) {
            throw new IllegalArgumentException("counts must have nTest + 1 = " + (nTest + 1L) + " entries (mistakes 0.."
                    + nTest + "), got " + (counts == null ? "null" : counts.length));
        }
        long n = 0;
        BigInteger s1 = BigInteger.ZERO;
        BigInteger s2 = BigInteger.ZERO;
        long[] hist = new long[HISTOGRAM_BINS];
        for (int k = 0; k <= nTest; k++) {
            long c = counts[k];
            if (c < 0) {
                throw new IllegalArgumentException("counts must be non-negative, got counts[" + k + "] = " + c);
            }
            if (c == 0) {
                continue;
            }
            try {
                n = Math.addExact(n, c);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("total number of networks exceeds " + Long.MAX_VALUE, e);
            }
            BigInteger kc = BigInteger.valueOf(c).multiply(BigInteger.valueOf(k));
            s1 = s1.add(kc);
            s2 = s2.add(kc.multiply(BigInteger.valueOf(k)));
            hist[bin(k, nTest)] += c; // cannot overflow: the total did not
        }
        if (n == 0) {
            double nan = Double.NaN;
            return new ErrorSummary(0, nan, nan, nan, nan, nan, nan, nan, nan, hist);
        }
        BigInteger bn = BigInteger.valueOf(n);
        BigInteger bt = BigInteger.valueOf(nTest);
        double mean = ratio(s1, bn.multiply(bt));
        BigInteger spread = bn.multiply(s2).subtract(s1.multiply(s1)); // N^2 nTest^2 x population variance, >= 0
        double std;
        double se;
        if (exact) {
            std = Math.sqrt(ratio(spread, bn.multiply(bn).multiply(bt).multiply(bt)));
            se = 0;
        } else if (n == 1) {
            std = Double.NaN;
            se = Double.NaN;
        } else {
            std = Math.sqrt(ratio(spread, bn.multiply(bn.subtract(BigInteger.ONE)).multiply(bt).multiply(bt)));
            se = std / Math.sqrt(n);
        }
        return new ErrorSummary(n, mean, std, se,
                quantile(counts, nTest, n, 0.05), quantile(counts, nTest, n, 0.25), quantile(counts, nTest, n, 0.5),
                quantile(counts, nTest, n, 0.75), quantile(counts, nTest, n, 0.95), hist);
    }

    /**
     * Elementwise sum of two mistake-count histograms (merging shards).
     *
     * @throws IllegalArgumentException if the lengths differ or a sum overflows {@code long}
     */
    public static long[] merge(long[] a, long[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("cannot merge mistake-count histograms of different lengths "
                    + a.length + " and " + b.length);
        }
        long[] sum = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            try {
                sum[i] = Math.addExact(a[i], b[i]);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("merged count overflows at index " + i + ": " + a[i] + " + " + b[i], e);
            }
        }
        return sum;
    }

    /** The histogram bin of error {@code k / nTest}: {@code min(19, floor(20 k / nTest))}, exactly. */
    static int bin(int k, int nTest) {
        return (int) Math.min(HISTOGRAM_BINS - 1, (long) HISTOGRAM_BINS * k / nTest);
    }

    private static double ratio(BigInteger numerator, BigInteger denominator) {
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), CONTEXT).doubleValue();
    }

    /** Type-7 quantile of the multiset {k / nTest with multiplicity counts[k]} of total size n >= 1. */
    private static double quantile(long[] counts, int nTest, long n, double q) {
        BigDecimal h = new BigDecimal(n - 1).multiply(new BigDecimal(q)); // exact
        BigDecimal floor = h.setScale(0, java.math.RoundingMode.FLOOR);
        long j = floor.longValueExact();
        double t = h.subtract(floor).doubleValue();
        double lower = orderStatistic(counts, nTest, j);
        if (t == 0) {
            return lower;
        }
        double upper = orderStatistic(counts, nTest, j + 1); // j + 1 <= n - 1 since t > 0
        double diff = upper - lower;
        // numpy's lerp: symmetric form keeps the endpoints exact
        return t < 0.5 ? lower + diff * t : upper - diff * (1 - t);
    }

    /** The 0-based {@code index}-th smallest error: k / nTest for the k with cum(k - 1) <= index < cum(k). */
    private static double orderStatistic(long[] counts, int nTest, long index) {
        long below = 0;
        for (int k = 0; k <= nTest; k++) {
            below += counts[k];
            if (index < below) {
                return (double) k / nTest;
            }
        }
        throw new IllegalStateException("order statistic " + index + " out of range " + below);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorSummary s
                && networks == s.networks
                && Double.compare(mean, s.mean) == 0
                && Double.compare(std, s.std) == 0
                && Double.compare(se, s.se) == 0
                && Double.compare(q05, s.q05) == 0
                && Double.compare(q25, s.q25) == 0
                && Double.compare(q50, s.q50) == 0
                && Double.compare(q75, s.q75) == 0
                && Double.compare(q95, s.q95) == 0
                && Arrays.equals(histogram, s.histogram);
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(networks);
        for (double v : new double[] {mean, std, se, q05, q25, q50, q75, q95}) {
            h = 31 * h + Double.hashCode(v);
        }
        return 31 * h + Arrays.hashCode(histogram);
    }

    @Override
    public String toString() {
        return "ErrorSummary[networks=" + networks + ", mean=" + mean + ", std=" + std + ", se=" + se
                + ", q05=" + q05 + ", q25=" + q25 + ", q50=" + q50 + ", q75=" + q75 + ", q95=" + q95
                + ", histogram=" + Arrays.toString(histogram) + "]";
    }
}
