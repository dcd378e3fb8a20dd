package org.gnc.kernel.packed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link PackedLevelsBatch.Quotient}'s floor(q / N) in doubles against Java's long division, at the
 * places where a rounding error would show: q = 0, q = 2^32 - 1, and K N - 1, K N, K N + 1 for many K,
 * for every divisor the batch draw uses (powers of k^s and of k for k = 2 .. 16) and others; and
 * {@link PackedLevelsBatch.SmallQuotient}'s floor(q / N) in 32-bit arithmetic for every q below its limit
 * and every divisor up to the limit that the output word uses (powers of k) and others.
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
        int limit = PackedLevelsBatch.SmallQuotient.LIMIT;
        int divisors = 0;
        for (long n = 2; n <= limit; n = n < 64 ? n + 1 : n * 3 / 2) {
            checkSmall(n);
            divisors++;
        }
        for (int k = 2; k <= 16; k++) {
            for (long n = k; n <= limit; n *= k) {
                checkSmall(n);
                divisors++;
            }
        }
        checkSmall(limit);
        assertTrue(divisors > 100, "divisors checked: " + divisors);
    }

    private static void checkSmall(long n) {
        PackedLevelsBatch.SmallQuotient quotient = PackedLevelsBatch.SmallQuotient.by(n);
        assertTrue(quotient.shift() <= 31, () -> "N = " + n);
        for (int q = 0; q < PackedLevelsBatch.SmallQuotient.LIMIT; q++) {
            if (q / n != quotient.floorOf(q)) {
                assertEquals(q / n, quotient.floorOf(q), "N = " + n + ", q = " + q);
            }
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
