package org.gnc.rng;

import org.gnc.stats.NormalQuantile;

/**
 * A counter-based random source: word(c) is a pure function of (key, c), with no state.
 *
 * <p>word(c) = mix64(key + (c + 1) * GAMMA), the SplitMix64 generator of Steele, Lea and Flood
 * (OOPSLA 2014) read at position c. For a fixed key the map c -> word(c) is a bijection on 64-bit
 * values (an odd multiplier, an addition and an invertible finalizer), so distinct counters never
 * repeat a word. Keys are derived from a seed and a path of identifiers by repeated mixing, so
 * streams of different domains (candidate weights, training inputs, teacher weights) are unrelated.
 *
 * <p>Determinism is the point: any weight of any candidate, and any input of any dataset, can be
 * recomputed from its coordinates alone, independently of threads, shards and order.
 */
public record CounterRng(long key) {

    /** The odd Weyl increment of SplitMix64 (2^64 / golden ratio). */
    public static final long GAMMA = 0x9E3779B97F4A7C15L;

    /** 2^-53, the spacing of the 53-bit uniforms in [0, 1). */
    private static final double TWO_POW_MINUS_53 = 0x1.0p-53;

    /** A key derived from a seed and a domain path, such as (dataSeed, "train-inputs"). */
    public static CounterRng of(long seed, String domain, long... ids) {
        long k = mix64(seed + GAMMA);
        k = mix64(k ^ mix64(fnv1a(domain)));
        for (long id : ids) {
            k = mix64(k + GAMMA ^ mix64(id + GAMMA));
        }
        return new CounterRng(k);
    }

    /** A child stream of this one, keyed additionally by {@code id}. */
    public CounterRng child(long id) {
        return new CounterRng(mix64(key + GAMMA ^ mix64(id + GAMMA)));
    }

    /** The 64-bit random word at position {@code counter}. */
    public long word(long counter) {
        return mix64(key + (counter + 1) * GAMMA);
    }

    /** A uniform double in [0, 1) on the grid of multiples of 2^-53, from word(counter). */
    public double uniform(long counter) {
        return unitInterval(word(counter));
    }

    /** Maps a random word to a uniform double in [0, 1): its top 53 bits times 2^-53. */
    public static double unitInterval(long word) {
        return (word >>> 11) * TWO_POW_MINUS_53;
    }

    /**
     * Maps a random word to a uniform double in the open interval (0, 1): (top 52 bits + 1/2) * 2^-52.
     * (With 53 bits the largest value, 1 - 2^-54, would round to 1.)
     */
    public static double openUnitInterval(long word) {
        return ((word >>> 12) + 0.5) * 0x1.0p-52;
    }

    /**
     * Maps a random word to a standard normal variate: Phi^-1 of {@link #openUnitInterval}(word), by
     * {@link NormalQuantile} (the one word-to-normal map of every generator, prior and encoding).
     */
    public static double standardNormal(long word) {
        return NormalQuantile.of(openUnitInterval(word));
    }

    /** The SplitMix64 finalizer (variant 13 of Stafford's mixers): a bijection on 64-bit values. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The high 64 bits of the unsigned 128-bit product a * b, for 0 <= b < 2^63. */
    public static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b);
    }

    private static long fnv1a(String s) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001B3L;
        }
        return h;
    }
}
