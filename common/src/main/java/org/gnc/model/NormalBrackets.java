package org.gnc.model;

import org.gnc.rng.CounterRng;

/**
 * Brackets of the counter map of the projected encoding, g(w) = {@link CounterRng#standardNormal}(w)
 * = Phi^-1(((w &gt;&gt;&gt; 12) + 1/2) 2^-52) (AS241), by the top K bits of the word w.
 *
 * <p><b>Guarantee.</b> Bucket b = w &gt;&gt;&gt; (64 - K) holds the 2^(52-K) consecutive 52-bit uniforms
 * u52 in [b 2^(52-K), (b + 1) 2^(52-K)). For every bucket except the first and the last (the
 * <i>bounded</i> ones), g(w) lies in [mid(b) - rad(b), mid(b) + rad(b)] for every word w of the
 * bucket. The first and last bucket (together probability 2^-(K-1)) hold the unbounded tails of
 * the uniform grid; their bracket is mid = 0, rad = +inf (true, and useless: callers compute those
 * normals exactly).
 *
 * <p><b>Why.</b> Phi^-1 is strictly increasing and u52 -&gt; u is exact and increasing (u52 + 1/2 needs 53
 * bits), so the exact quantiles of a bucket lie between those of its first and last word. The table
 * stores lo = g(first word) and hi = g(last word), computed by the very same {@link CounterRng#standardNormal},
 * and widens [lo, hi] by 10^-12 max(|lo|, |hi|). AS241 evaluated in doubles differs from the exact
 * Phi^-1 by a few units in the last place (relative 10^-15 at most, also across its branch switch at
 * |u - 1/2| = 0.425, where its two rational approximations agree to about 10^-16), so a computed value
 * inside the bucket cannot fall below lo or above hi by more than twice that, a thousandth of the
 * margin. The tests check it on random and boundary words of every bucket, and that the computed map is
 * monotone across every bucket boundary and around the branch switch.
 *
 * <p>Every bounded bracket satisfies |mid| + rad &lt;= {@link #MAX_ABS}, which also bounds |g(w)| for
 * every word (|g| &lt;= |Phi^-1(2^-53)| &lt; 8.3).
 */
public final class NormalBrackets {
    /** The default number of bucket bits K (2^11 buckets, two tables of 16 KiB). */
    public static final int DEFAULT_BITS = 11;
    /** A bound on |g(w)| for every word, and on |mid| + rad of every bounded bracket. */
    public static final double MAX_ABS = 8.5;
    /** Relative widening of each bracket. */
    static final double MARGIN = 1e-12;

    private static final NormalBrackets DEFAULT = new NormalBrackets(DEFAULT_BITS);

    private final int bits;
    private final double[] mid;
    private final double[] rad;

    private NormalBrackets(int bits) {
        if (bits < 2 || bits > 24) {
            throw new IllegalArgumentException("bucket bits must be in [2, 24], got " + bits);
        }
        this.bits = bits;
        int buckets = 1 << bits;
        this.mid = new double[buckets];
        this.rad = new double[buckets];
        mid[0] = 0;
        rad[0] = Double.POSITIVE_INFINITY;
        mid[buckets - 1] = 0;
        rad[buckets - 1] = Double.POSITIVE_INFINITY;
        for (int b = 1; b < buckets - 1; b++) {
            double lo = CounterRng.standardNormal(firstWord(b));
            double hi = CounterRng.standardNormal(lastWord(b));
            double m = MARGIN * Math.max(Math.abs(lo), Math.abs(hi)) + Double.MIN_NORMAL;
            double l = lo - m;
            double h = hi + m;
            double c = 0.5 * l + 0.5 * h;
            double r = Math.max(h - c, c - l) * (1 + 0x1.0p-40);
            if (!(lo <= hi && c - r <= l && c + r >= h && Math.abs(c) + r <= MAX_ABS)) {
                throw new IllegalStateException("bracket " + b + " of " + bits + " bits: [" + lo + ", " + hi + "]");
            }
            mid[b] = c;
            rad[b] = r;
        }
    }

    /** The brackets with K = {@link #DEFAULT_BITS}. */
    public static NormalBrackets standard() {
        return DEFAULT;
    }

    /** Brackets with K bucket bits, 2 &lt;= K &lt;= 24 (built on each call). */
    public static NormalBrackets of(int bits) {
        return bits == DEFAULT_BITS ? DEFAULT : new NormalBrackets(bits);
    }

    /** K, the number of leading word bits that pick the bucket. */
    public int bits() {
        return bits;
    }

    /** The bucket of a word: its top K bits. */
    public int bucket(long word) {
        return (int) (word >>> (64 - bits));
    }

    /** True for buckets with a finite bracket (all but the first and the last). */
    public boolean bounded(int bucket) {
        return bucket > 0 && bucket < (1 << bits) - 1;
    }

    public double mid(int bucket) {
        return mid[bucket];
    }

    public double rad(int bucket) {
        return rad[bucket];
    }

    /** A copy of all midpoints, indexed by bucket. */
    public double[] mids() {
        return mid.clone();
    }

    /** A copy of all radii, indexed by bucket (+inf for the two unbounded buckets). */
    public double[] radii() {
        return rad.clone();
    }

    /** The smallest word of bucket b whose 52 uniform bits are those of the bucket's first uniform. */
    public long firstWord(int b) {
        return ((long) b << (64 - bits));
    }

    /** The largest word of bucket b (its last uniform, low 12 bits set). */
    public long lastWord(int b) {
        return firstWord(b) | ((1L << (64 - bits)) - 1);
    }
}
