package org.gnc.model;

import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import org.gnc.rng.CounterRng;

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
 *   <li>{@code uniform[low, high]}: weight j = low + (high - low) * u_j, u_j a 53-bit uniform in [0, 1),
 *       drawn <b>high bits first</b> ({@link Uniform#draw}). For {@code count} weights, the first
 *       ceil(count/4) words are <i>high words</i>: word t holds the top 16 bits hi_j of u_j for
 *       j = 4t .. 4t+3, weight 4t+r in bits [48-16r, 64-16r) of the word (r = 0 in the top 16 bits).
 *       The next {@code count} words are <i>low words</i>: word ceil(count/4) + j gives the other 37 bits
 *       lo_j = word &gt;&gt;&gt; 27. Then u_j = (hi_j 2^37 + lo_j) 2^-53. The 53 bits come from
 *       disjoint bits of independent uniform words, so hi_j and lo_j are independent and uniform
 *       (over 2^16 and 2^37 values) and u_j is exactly uniform on the same grid {0, 2^-53, ..., 1 - 2^-53}
 *       as a single-word draw, independently across j: the law of the weights is unchanged.
 *       Why: the 16 high bits fix each weight to within (high - low) 2^-17 of a known midpoint, which
 *       decides almost every candidate's labels; a fused kernel reads 4 weights per random word and
 *       draws the low words only for the rare candidates that the high bits leave undecided.</li>
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

    /** The number of random words needed to draw {@code count} weights ({@link Uniform} overrides it). */
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

    /**
     * Continuous uniform on [low, high), drawn high bits first: see {@link #draw} and the encoding in
     * {@link Prior}. Each weight is low + (high - low) * u with u uniform on the 53-bit grid of [0, 1),
     * computed in double arithmetic exactly as written (so every evaluator that forms it the same
     * way gets the same bits).
     */
    record Uniform(double low, double high) implements Prior {
        /** Bits of u taken from a high word, per weight. */
        public static final int HIGH_BITS = 16;
        /** Bits of u taken from a low word: the top 37 bits of the word. */
        public static final int LOW_BITS = 53 - HIGH_BITS;
        /** Weights whose high parts share one high word. */
        public static final int PER_HIGH_WORD = 4;

        @Override public String label() {
            return "uniform[" + formatNumber(low) + "," + formatNumber(high) + "]";
        }

        @Override public boolean isFinite() { return false; }

        @Override public double[] levels() { throw new UnsupportedOperationException(label() + " is continuous"); }

        /** ceil(count / 4) high words, then one low word per weight. */
        @Override public long wordsFor(int count) {
            return highWords(count) + count;
        }

        /**
         * The high-bits-first encoding: with H = ceil(count/4), weight j (0 &lt;= j &lt; count) is
         * {@link #fromParts}(highPart(word(first + j/4), j % 4), word(first + H + j)).
         */
        @Override public void draw(CounterRng rng, long firstCounter, double[] out, int offset, int count) {
            long lowCounter = firstCounter + highWords(count);
            int j = 0;
            for (long t = 0; j < count; t++) {
                long hw = rng.word(firstCounter + t);
                for (int r = 0; r < PER_HIGH_WORD && j < count; r++, j++) {
                    out[offset + j] = fromParts(highPart(hw, r), rng.word(lowCounter + j));
                }
            }
        }

        /** The number of high words of {@code count} weights: ceil(count / 4). */
        public static long highWords(int count) {
            return (count + (long) PER_HIGH_WORD - 1) / PER_HIGH_WORD;
        }

        /** The 16-bit high part r (0..3) of a high word: bits [48 - 16r, 64 - 16r), in [0, 2^16). */
        public static int highPart(long highWord, int r) {
            return (int) (highWord >>> (48 - HIGH_BITS * r)) & 0xFFFF;
        }

        /**
         * The weight with high part {@code hi} (0..2^16-1) and low word {@code lowWord}:
         * low + (high - low) * ((hi 2^37 + (lowWord &gt;&gt;&gt; 27)) 2^-53).
         */
        public double fromParts(int hi, long lowWord) {
            return low + (high - low) * ((((long) hi << LOW_BITS) | (lowWord >>> (64 - LOW_BITS))) * 0x1.0p-53);
        }

        /**
         * One word's weight, low + (high - low) * (top 53 bits of the word) 2^-53: the same law as
         * {@link #draw}, but not the candidate encoding (candidates draw high bits first); kept for
         * callers that map single words, such as the baseline trainer's initialization.
         */
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
            return std * CounterRng.standardNormal(word);
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
