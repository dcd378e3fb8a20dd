package org.gnc.kernel.packed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link PackedLevelsBatch.Quotient}'s floor(q / N) in doubles against Java's long division, at the
 * places where a rounding error would show: q = 0, q = 2^32 - 1, and K N - 1, K N, K N + 1 for many K,
 * for every divisor the batch draw uses (powers of k^s and of k for k = 2 .. 16) and others; and
 * {@link PackedLevelsBatch.SmallQuotient}'s floor(q / N) in 32-bit arithmetic for every q below the limit
 * 2^15 and every divisor up to it that the output word uses (powers of k) and others, and for every chain
 * of them the batch draw can build (row parts and output words).
 */
class QuotientTest {
    private static final long LIMIT = 1L << 32;

    @Test
    void floorsExactlyAtEveryBoundaryOfTheDivisorsTheDrawUses() {
        SplittableRandom random = new SplittableRandom(17);
        int checked = 0;
        for (int k = 2; k <= 16; k++) {
            for (long n = k; n < LIMIT; n *= k) {
                checked += checkDivisor(n, random);
            }
        }
        for (long n : new long[] {243, 243 * 243, 243L * 243 * 243, 59049, 14348907, 3, 7, 1000003, (1L << 31) - 1}) {
            checked += checkDivisor(n, random);
        }
        assertTrue(checked > 1_000_000, "boundaries checked: " + checked);
    }

    @Test
    void smallQuotientsFloorExactlyForEveryQuotientBelowTheLimit() {
        int limit = 1 << 15;
        int divisors = 0;
        for (long n = 2; n <= limit; n = n < 64 ? n + 1 : n * 3 / 2) {
            checkSmall(limit, n);
            divisors++;
        }
        for (int k = 2; k <= 16; k++) {
            for (long n = k; n <= limit; n *= k) {
                checkSmall(limit, n);
                divisors++;
            }
        }
        checkSmall(limit, limit);
        assertTrue(divisors > 100, "divisors checked: " + divisors);
    }

    /**
     * Every chain of {@link PackedLevelsBatch.SmallQuotient}s the batch draw can build (a part of count
     * digit groups of radix k^s &lt;= 256, for k = 2 .. 16, below 2^31) floors exactly: every q below the
     * part's top where it is at most 2^22 (R1's row halves, 3^10, and output word, 3^8, among them), else
     * the neighbours of multiples of each divisor, the top's neighbours and random q.
     */
    @Test
    void everyChainOfSmallQuotientsTheDrawCanBuildFloorsExactly() {
        assertTrue(PackedLevelsBatch.SmallQuotient.chain(243, 2) != null, "R1's row halves split into 32-bit quotients");
        assertTrue(PackedLevelsBatch.SmallQuotient.chain(3, 8) != null, "R1's output word decodes in 32-bit quotients");
        SplittableRandom random = new SplittableRandom(29);
        int chains = 0;
        for (int k = 2; k <= 16; k++) {
            for (long radix = k; radix <= 256; radix *= k) {
                for (int count = 2; PackedLevelsLayout.pow(radix, count) <= 1L << 31; count++) {
                    PackedLevelsBatch.SmallQuotient[] chain = PackedLevelsBatch.SmallQuotient.chain(radix, count);
                    if (chain == null) {
                        continue;
                    }
                    chains++;
                    long top = PackedLevelsLayout.pow(radix, count);
                    long n = 1;
                    for (int c = count - 1; c >= 1; c--) {
                        n *= radix;
                        checkSmallChain(chain[c], top, n, random);
                    }
                }
            }
        }
        assertTrue(chains > 50, "chains checked: " + chains);
    }

    private static void checkSmall(long limit, long n) {
        PackedLevelsBatch.SmallQuotient quotient = PackedLevelsBatch.SmallQuotient.by(limit, n);
        assertTrue(quotient != null && quotient.shift() <= 31, () -> "N = " + n);
        for (int q = 0; q < limit; q++) {
            if (q / n != quotient.floorOf(q)) {
                assertEquals(q / n, quotient.floorOf(q), "N = " + n + ", q = " + q);
            }
        }
    }

    private static void checkSmallChain(PackedLevelsBatch.SmallQuotient quotient, long top, long n,
                                        SplittableRandom random) {
        if (top <= 1 << 22) {
            for (int q = 0; q < top; q++) {
                if (q / n != quotient.floorOf(q)) {
                    assertEquals(q / n, quotient.floorOf(q), "N = " + n + ", top = " + top + ", q = " + q);
                }
            }
            return;
        }
        long step = Math.max(1, top / n >> 14);
        for (long kk = 0; kk * n <= top; kk += step) {
            for (long q = kk * n - 1; q <= kk * n + 1; q++) {
                if (q >= 0 && q < top) {
                    assertEquals(q / n, quotient.floorOf((int) q), "N = " + n + ", top = " + top + ", q = " + q);
                }
            }
        }
        for (long q = top - 3; q < top; q++) {
            assertEquals(q / n, quotient.floorOf((int) q), "N = " + n + ", top = " + top + ", q = " + q);
        }
        for (int r = 0; r < 1000; r++) {
            long q = random.nextLong(top);
            assertEquals(q / n, quotient.floorOf((int) q), "N = " + n + ", top = " + top + ", q = " + q);
        }
    }

    /** Checks q = 0, 2^32 - 1, and the neighbours of up to 2^16 multiples of n (all of them when fewer), plus random q. */
    private static int checkDivisor(long n, SplittableRandom random) {
        PackedLevelsBatch.Quotient quotient = PackedLevelsBatch.Quotient.by(n);
        int checked = 0;
        long multiples = (LIMIT - 1) / n;
        long step = Math.max(1, multiples >> 16);
        for (long kk = 0; kk <= multiples; kk += step) {
            for (long q = kk * n - 1; q <= kk * n + 1; q++) {
                if (q >= 0 && q < LIMIT) {
                    assertEquals(q / n, quotient.floorOf(q), () -> "N = " + n);
                    checked++;
                }
            }
        }
        for (int r = 0; r < 1000; r++) {
            long q = random.nextLong(LIMIT);
            assertEquals(q / n, quotient.floorOf(q), () -> "N = " + n + ", q = " + q);
        }
        assertEquals((LIMIT - 1) / n, quotient.floorOf(LIMIT - 1), () -> "N = " + n);
        return checked;
    }
}
