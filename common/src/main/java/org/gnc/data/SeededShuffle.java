package org.gnc.data;

import org.gnc.rng.CounterRng;

/**
 * The one seeded shuffle of the data package: a partial Fisher-Yates shuffle whose draws come from a
 * {@link CounterRng}, so a selection is a pure function of the stream's key. Step i (0 &lt;= i &lt; k)
 * swaps a[i] with a[j], j uniform on [i, a.length), drawn without bias: 63-bit words (word c &gt;&gt;&gt; 1,
 * counters 0, 1, ... in order) above the largest multiple of the range are rejected, and j = i + (the
 * accepted word mod the range). So the first k entries are a uniform ordered choice of k distinct entries,
 * and a smaller k gives a prefix of a larger one (the steps do not depend on k). Stateless.
 */
final class SeededShuffle {
    private SeededShuffle() {
    }

    /** Shuffles the first {@code k} places of {@code a} in place (k &lt;= a.length). */
    static void partial(int[] a, int k, CounterRng rng) {
        long counter = 0;
        for (int i = 0; i < k; i++) {
            long bound = a.length - i;
            // unbiased: reject the top (2^63 mod bound) values of a 63-bit word
            long limit = Long.MAX_VALUE - (Long.MAX_VALUE % bound + 1) % bound;
            long r;
            do {
                r = rng.word(counter++) >>> 1;
            } while (r > limit);
            int j = i + (int) (r % bound);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
