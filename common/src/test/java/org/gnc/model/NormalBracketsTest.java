package org.gnc.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gnc.rng.CounterRng;
import org.gnc.stats.NormalQuantile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The brackets of the counter map: every bounded bracket contains the exact normal of its boundary
 * words and of random words inside it, the computed map is monotone across every bucket boundary and
 * around the branch switch of AS241, and the two unbounded buckets are marked as such.
 */
class NormalBracketsTest {
    /** The 52-bit uniform step between consecutive grid points, as a word increment. */
    private static final long STEP = 1L << 12;

    private static void assertInside(NormalBrackets br, long word) {
        int b = br.bucket(word);
        double g = CounterRng.standardNormal(word);
        assertTrue(Math.abs(g) <= NormalBrackets.MAX_ABS, "|g| = " + g);
        if (br.bounded(b)) {
            double lo = br.mid(b) - br.rad(b);
            double hi = br.mid(b) + br.rad(b);
            assertTrue(lo <= g && g <= hi, "word " + Long.toHexString(word) + " in bucket " + b
                    + ": " + g + " not in [" + lo + ", " + hi + "]");
            assertTrue(Math.abs(br.mid(b)) + br.rad(b) <= NormalBrackets.MAX_ABS);
        } else {
            assertEquals(Double.POSITIVE_INFINITY, br.rad(b));
        }
    }

    @ParameterizedTest(name = "K = {0}")
    @ValueSource(ints = {3, 6, NormalBrackets.DEFAULT_BITS, 12})
    void everyBracketHoldsItsBoundaryAndRandomWords(int bits) {
        NormalBrackets br = NormalBrackets.of(bits);
        if (bits == NormalBrackets.DEFAULT_BITS) {
            assertSame(NormalBrackets.standard(), br);
        }
        int buckets = 1 << bits;
        CounterRng rng = CounterRng.of(bits, "bracket-test");
        long c = 0;
        int perBucket = Math.max(16, 65_536 / buckets);
        for (int b = 0; b < buckets; b++) {
            long first = br.firstWord(b);
            long last = br.lastWord(b);
            assertEquals(b, br.bucket(first));
            assertEquals(b, br.bucket(last));
            assertEquals(b > 0 && b < buckets - 1, br.bounded(b));
            // The first and last few grid points of the bucket, with any low 12 bits.
            for (int t = 0; t < 4; t++) {
                assertInside(br, first + t * STEP + (rng.word(c++) & (STEP - 1)));
                assertInside(br, last - t * STEP - (rng.word(c++) & (STEP - 1)));
            }
            // Random words of the bucket: random low bits under its K top bits.
            for (int t = 0; t < perBucket; t++) {
                assertInside(br, first | (rng.word(c++) >>> bits));
            }
            // Monotone across the boundary to the next bucket (and a few grid points either side).
            if (b + 1 < buckets) {
                double prev = CounterRng.standardNormal(last - 8 * STEP);
                for (long w = last - 7 * STEP; Long.compareUnsigned(w, last + 8 * STEP) <= 0; w += STEP) {
                    double g = CounterRng.standardNormal(w);
                    assertTrue(prev <= g, "not monotone at bucket boundary " + b + ": " + prev + " > " + g);
                    prev = g;
                }
                if (br.bounded(b) && br.bounded(b + 1)) {
                    assertTrue(br.mid(b) - br.rad(b) < br.mid(b + 1) - br.rad(b + 1));
                }
            }
        }
        // Words drawn as the sampler draws them (any bits), in their brackets.
        for (long t = 0; t < 100_000; t++) {
            assertInside(br, rng.word(c++));
        }
    }

    /**
     * Around AS241's branch switch |u - 1/2| = 0.425 the computed map stays monotone over 20,000
     * consecutive grid points on each side, and each value is in its bracket.
     */
    @ParameterizedTest(name = "K = {0}")
    @ValueSource(ints = {NormalBrackets.DEFAULT_BITS})
    void monotoneAndBracketedAcrossTheBranchSwitch(int bits) {
        NormalBrackets br = NormalBrackets.of(bits);
        for (double u : new double[] {0.075, 0.925}) {
            long u52 = (long) (u * 0x1.0p52);
            long start = (u52 - 20_000) << 12;
            double prev = Double.NEGATIVE_INFINITY;
            boolean crossed = false;
            for (int t = 0; t < 40_000; t++) {
                long w = start + t * STEP;
                double g = CounterRng.standardNormal(w);
                assertTrue(prev <= g, "not monotone near u = " + u + ": " + prev + " > " + g);
                prev = g;
                assertInside(br, w);
                crossed |= Math.abs(CounterRng.openUnitInterval(w) - 0.5) > 0.425;
            }
            assertTrue(crossed);
        }
        // MAX_ABS bounds every normal of the grid (its extremes are the first and last grid points).
        assertTrue(-NormalQuantile.of(0.5 * 0x1.0p-52) < NormalBrackets.MAX_ABS);
        assertTrue(CounterRng.standardNormal(-1L) < NormalBrackets.MAX_ABS);
        assertTrue(-CounterRng.standardNormal(0L) < NormalBrackets.MAX_ABS);
    }
}
