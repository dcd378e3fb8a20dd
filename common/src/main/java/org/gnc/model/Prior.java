package org.gnc.model;

import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import org.gnc.rng.CounterRng;
import org.gnc.stats.NormalQuantile;

/**
 * A prior over each weight of a network: weights are i.i.d. draws from it.
 *
 * <p>Drawing is a pure function of a {@link CounterRng} and a counter range, in one fixed encoding
 * that every evaluator shares:
 * <ul>
 *   <li>Finite priors with k levels (uniform over them) pack m(k) level indices in each 64-bit
 *       word, where m(k) is the largest m with k^m &lt;= 2^32. The word, read as a fraction u/2^64,
 *       gives its m base-k digits, most significant first; digit t of word w is weight w*m + t.
 *       Each m-digit block is uniform over k^m values up to a deviation of at most k^m/2^64 &lt;= 2^-32
 *       in probability (total variation), far below anything a sampling experiment can resolve.</li>
 *   <li>{@code uniform[low, high]}: weight j = low + (high - low) * u_j, u_j a 53-bit uniform in [0, 1).</li>
 *   <li>{@code gaussian[std]}: weight j = std * Phi^-1(u_j), u_j = (top 52 bits + 1/2) / 2^52, uniform in (0, 1),
 *       Phi^-1 by Wichura's AS241 (relative error about 1e-16).</li>
 * </ul>
 * This is the direct encoding of {@link CandidateWeights}. For a Gaussian prior on one ReLU hidden
 * layer without hidden biases and linearly independent training inputs, a cell's candidates use the
 * projected encoding instead ({@link ProjectedGaussian}): the same per-word map, applied to the
 * first layer's values on the training set and to a completion of the weights.
 */
public sealed interface Prior extends java.io.Serializable permits Prior.Levels, Prior.Quantized, Prior.Uniform, Prior.Gaussian {

    /** A short text naming the prior, such as {@code levels[-1,0,1]}; stable, used in tables. */
    String label();

    /** True when the prior has finitely many levels, each with probability 1/levelCount(). */
    boolean isFinite();

    /** For finite priors, the levels in increasing order; otherwise an exception. */
    double[] levels();

    /** The number of random words needed to draw {@code count} weights. */
    default long wordsFor(int count) {
        if (!isFinite()) {
            return count;
        }
        int m = digitsPerWord(levels().length);
        return (count + (long) m - 1) / m;
    }

    /**
     * Writes {@code count} weights into {@code out[offset..]}, drawn from the words of {@code rng}
     * at counters {@code firstCounter, firstCounter + 1, ...}.
     */
    default void draw(CounterRng rng, long firstCounter, double[] out, int offset, int count) {
        if (isFinite()) {
            double[] lv = levels();
            int k = lv.length;
            int m = digitsPerWord(k);
            int j = 0;
            long w = 0;
            while (j < count) {
                long u = rng.word(firstCounter + w++);
                int digits = Math.min(m, count - j);
                for (int t = 0; t < digits; t++) {
                    out[offset + j++] = lv[(int) CounterRng.unsignedMultiplyHigh(u, k)];
                    u *= k;
                }
            }
        } else {
            for (int j = 0; j < count; j++) {
                out[offset + j] = fromWord(rng.word(firstCounter + j));
            }
        }
    }

    /** For continuous priors, the weight that one random word maps to. */
    default double fromWord(long word) {
        throw new UnsupportedOperationException(label() + " is finite: its weights are packed digits");
    }

    /** The number of base-k digits packed in one 64-bit word: the largest m with k^m &lt;= 2^32. */
    static int digitsPerWord(int k) {
        if (k <= 1) {
            return 32;
        }
        int m = 0;
        long p = 1;
        while (p * k <= (1L << 32)) {
            p *= k;
            m++;
        }
        return m;
    }

    /** Uniform over an explicit finite set of distinct levels. */
    record Levels(double[] values) implements Prior {
        public Levels {
            values = values.clone();
            Arrays.sort(values);
        }

        @Override public String label() {
            return "levels[" + DoubleStream.of(values).mapToObj(Prior::formatNumber)
                    .collect(Collectors.joining(",")) + "]";
        }

        @Override public boolean isFinite() { return true; }

        @Override public double[] levels() { return values.clone(); }

        @Override public boolean equals(Object o) {
            return o instanceof Levels l && Arrays.equals(values, l.values);
        }

        @Override public int hashCode() { return Arrays.hashCode(values); }

        @Override public String toString() { return label(); }
    }

    /** Uniform over the 2^bits integers -2^(bits-1) .. 2^(bits-1) - 1, each times {@code scale}. */
    record Quantized(int bits, double scale) implements Prior {
        @Override public String label() {
            return "quantized[bits=" + bits + ",scale=" + formatNumber(scale) + "]";
        }

        @Override public boolean isFinite() { return true; }

        @Override public double[] levels() {
            int n = 1 << bits;
            double[] lv = new double[n];
            for (int i = 0; i < n; i++) {
                lv[i] = (i - n / 2) * scale;
            }
            return lv;
        }
    }

    /** Continuous uniform on [low, high). */
    record Uniform(double low, double high) implements Prior {
        @Override public String label() {
            return "uniform[" + formatNumber(low) + "," + formatNumber(high) + "]";
        }

        @Override public boolean isFinite() { return false; }

        @Override public double[] levels() { throw new UnsupportedOperationException(label() + " is continuous"); }

        @Override public double fromWord(long word) {
            return low + (high - low) * CounterRng.unitInterval(word);
        }
    }

    /** Centred Gaussian with standard deviation {@code std}. */
    record Gaussian(double std) implements Prior {
        @Override public String label() {
            return "gaussian[std=" + formatNumber(std) + "]";
        }

        @Override public boolean isFinite() { return false; }

        @Override public double[] levels() { throw new UnsupportedOperationException(label() + " is continuous"); }

        @Override public double fromWord(long word) {
            return std * NormalQuantile.of(CounterRng.openUnitInterval(word));
        }
    }

    /** Numbers in labels: integers without a fraction ("1", "-1"), others in Java's shortest form. */
    static String formatNumber(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
