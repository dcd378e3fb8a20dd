package org.gnc.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.gnc.rng.CounterRng;
import org.junit.jupiter.api.Test;

class PriorTest {
    private final CounterRng rng = CounterRng.of(1, "prior-test");

    @Test
    void labelsAreStableText() {
        assertEquals("levels[-1,0,1]", new Prior.Levels(new double[] {1, -1, 0}).label());
        assertEquals("levels[-0.5,0.25]", new Prior.Levels(new double[] {0.25, -0.5}).label());
        assertEquals("quantized[bits=2,scale=0.5]", new Prior.Quantized(2, 0.5).label());
        assertEquals("uniform[-1,1]", new Prior.Uniform(-1, 1).label());
        assertEquals("gaussian[std=1]", new Prior.Gaussian(1).label());
        assertArrayEquals(new double[] {-1, -0.5, 0, 0.5}, new Prior.Quantized(2, 0.5).levels());
        assertEquals(new Prior.Levels(new double[] {0, 1}), new Prior.Levels(new double[] {1, 0}));
    }

    @Test
    void digitsPerWordIsTheLargestPowerWithin32Bits() {
        assertEquals(32, Prior.digitsPerWord(2));
        assertEquals(20, Prior.digitsPerWord(3));
        assertEquals(16, Prior.digitsPerWord(4));
        assertEquals(8, Prior.digitsPerWord(16));
        assertEquals(2, Prior.digitsPerWord(65536));
        assertEquals(1, Prior.digitsPerWord(65537));
        assertEquals(7, new Prior.Levels(new double[] {-1, 0, 1}).wordsFor(121));
        assertEquals(121, new Prior.Gaussian(1).wordsFor(121));
    }

    @Test
    void packedDigitsAreTheBaseKExpansionOfEachWord() {
        Prior ternary = new Prior.Levels(new double[] {-1, 0, 1});
        double[] w = new double[45];
        ternary.draw(rng, 100, w, 0, 45);
        for (int j = 0; j < 45; j++) {
            long u = rng.word(100 + j / 20);
            // digit t of u/2^64 in base 3 is floor(3^(t+1) u / 2^64) mod 3; BigInteger keeps it exact.
            java.math.BigInteger scaled = java.math.BigInteger.valueOf(3).pow(j % 20 + 1)
                    .multiply(new java.math.BigInteger(Long.toUnsignedString(u))).shiftRight(64);
            int digit = scaled.mod(java.math.BigInteger.valueOf(3)).intValue();
            assertEquals(digit - 1, w[j], 0, "weight " + j);
        }
    }

    /**
     * The packed ternary digits as a random sequence: at each of the 20 positions of a word, the pair
     * (digit at p, digit at p + 1) -- into the next word at p = 19 -- is uniform over the 9 pairs, i.e.
     * each digit is uniform and adjacent digits are independent. Chi-square goodness of fit of each of the
     * 20 tables (400,000 words, 8 degrees of freedom) at level 1e-6: a correct encoding fails with
     * probability below 2e-5 (its law deviates from uniform by at most 2^-32 per word, far below what
     * 8 million digits resolve); an off-by-one in a digit, a skewed digit position or digits correlated
     * by the multiplications u *= k shift these tables by far more.
     */
    @Test
    void adjacentDigitsAreUniformAndIndependentAtEveryPosition() {
        Prior ternary = new Prior.Levels(new double[] {-1, 0, 1});
        int words = 400_000;
        double[] w = new double[words * 20 + 1];
        ternary.draw(rng, 1L << 40, w, 0, w.length);
        long[][] pairs = new long[20][9];
        for (int j = 0; j + 1 < w.length; j++) {
            pairs[j % 20][(int) (w[j] + 1) * 3 + (int) (w[j + 1] + 1)]++;
        }
        double[] expected = new double[9];
        for (int p = 0; p < 20; p++) {
            java.util.Arrays.fill(expected, java.util.Arrays.stream(pairs[p]).sum() / 9.0);
            double pValue = new ChiSquareTest().chiSquareTest(expected, pairs[p]);
            assertTrue(pValue > 1e-6, "position " + p + ": p = " + pValue);
        }
    }

    @Test
    void finiteLevelsAreUniform() {
        // Chi-square goodness of fit at level 1e-6 over 300,000 draws: a correct encoding fails with
        // probability 1e-6; an off-by-one in the digit extraction shifts a level by far more.
        for (Prior p : new Prior[] {new Prior.Levels(new double[] {-1, 0, 1}), new Prior.Quantized(3, 1),
                new Prior.Levels(new double[] {-2, -1, 0, 1, 2})}) {
            double[] lv = p.levels();
            double[] w = new double[300_000];
            p.draw(rng, 0, w, 0, w.length);
            long[] observed = new long[lv.length];
            for (double v : w) {
                observed[java.util.Arrays.binarySearch(lv, v)]++;
            }
            double[] expected = new double[lv.length];
            java.util.Arrays.fill(expected, (double) w.length / lv.length);
            double pValue = new ChiSquareTest().chiSquareTest(expected, observed);
            assertTrue(pValue > 1e-6, p.label() + " p = " + pValue);
        }
    }

    @Test
    void continuousPriorsHaveTheirRangeAndMoments() {
        double[] u = new double[200_000];
        new Prior.Uniform(-2, 3).draw(rng, 0, u, 0, u.length);
        double sum = 0;
        for (double v : u) {
            assertTrue(v >= -2 && v < 3);
            sum += v;
        }
        // mean 0.5, std 5/sqrt(12) = 1.44; standard error 0.0032; 6 SE = 0.02.
        assertEquals(0.5, sum / u.length, 0.02);

        double[] g = new double[200_000];
        new Prior.Gaussian(2).draw(rng, 0, g, 0, g.length);
        double s1 = 0;
        double s2 = 0;
        for (double v : g) {
            s1 += v;
            s2 += v * v;
        }
        // mean 0 (SE 0.0045), variance 4 (SE about 4 * sqrt(2 / n) = 0.013); 6 SE tolerances.
        assertEquals(0, s1 / g.length, 0.027);
        assertEquals(4, s2 / g.length, 0.08);
    }

    @Test
    void drawsArePureFunctionsOfTheCounters() {
        Prior p = new Prior.Gaussian(1);
        double[] a = new double[10];
        double[] b = new double[10];
        p.draw(rng, 5, a, 0, 10);
        p.draw(CounterRng.of(1, "prior-test"), 5, b, 0, 10);
        assertArrayEquals(a, b, 0);
        p.draw(rng, 6, b, 0, 10);
        assertEquals(a[1], b[0], 0);
    }

    /**
     * The high-bits-first uniform encoding: weight j of a block of P is the 53-bit grid value
     * (hi_j 2^37 + lo_j) 2^-53 with hi_j the 16-bit field j % 4 (from the top) of word j / 4 and lo_j
     * the top 37 bits of word ceil(P/4) + j; for uniform[0, 1) the weight is that grid value itself.
     */
    @Test
    void uniformWeightsReassembleHighAndLowPartsOnThe53BitGrid() {
        for (int count : new int[] {1, 4, 7, 13, 1000}) {
            long first = 5000;
            long lowBase = first + (count + 3) / 4;
            assertEquals((count + 3) / 4 + count, new Prior.Uniform(0, 1).wordsFor(count));
            double[] unit = new double[count + 2];
            new Prior.Uniform(0, 1).draw(rng, first, unit, 1, count);
            assertEquals(0, unit[0], 0, "nothing before offset");
            assertEquals(0, unit[count + 1], 0, "nothing after count");
            double[] w = new double[count];
            Prior.Uniform shifted = new Prior.Uniform(-0.5, 2);
            shifted.draw(rng, first, w, 0, count);
            for (int j = 0; j < count; j++) {
                long hw = rng.word(first + j / 4);
                long hi = (hw >>> (48 - 16 * (j % 4))) & 0xFFFF;
                long lo = rng.word(lowBase + j) >>> 27;
                long grid = (hi << 37) | lo;
                assertEquals(grid * 0x1.0p-53, unit[j + 1], 0, "uniform[0,1) weight " + j + " of " + count);
                assertEquals(grid, (long) (unit[j + 1] * 0x1.0p53), "on the 53-bit grid");
                assertEquals(hi, Prior.Uniform.highPart(hw, j % 4));
                assertEquals(-0.5 + 2.5 * (grid * 0x1.0p-53), w[j], 0, "uniform[-0.5,2) weight " + j);
                assertEquals(shifted.fromParts((int) hi, rng.word(lowBase + j)), w[j], 0);
            }
        }
    }

    /**
     * The decoded uniform weights follow U[low, high): a Kolmogorov-Smirnov test of 200,000 weights of
     * uniform[-1, 1] (seeded, so deterministic) at level 1e-4, and chi-square tests at level 1e-4 that
     * the high parts are uniform over 256 bins of their top 8 bits, the low parts over 256 bins of
     * their top 8 bits, and that the two are independent (16 x 16 contingency table of their top 4
     * bits). A correct encoding fails each with probability 1e-4; a mis-assembled one (swapped
     * fields, shifted low bits, a shared word) fails by a wide margin.
     */
    @Test
    void uniformEncodingIsUniformAndItsPartsIndependent() {
        int count = 200_000;
        double[] w = new double[count];
        new Prior.Uniform(-1, 1).draw(rng, 1L << 30, w, 0, count);
        double pKs = new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest()
                .kolmogorovSmirnovTest(new org.apache.commons.math3.distribution.UniformRealDistribution(-1, 1), w);
        assertTrue(pKs > 1e-4, "KS p = " + pKs);

        long[] hiBins = new long[256];
        long[] loBins = new long[256];
        long[][] joint = new long[16][16];
        for (double v : w) {
            long grid = (long) ((v + 1) / 2 * 0x1.0p53);
            assertEquals(v, -1 + 2 * (grid * 0x1.0p-53), 0, "on the grid");
            int hi = (int) (grid >>> 37);
            long lo = grid & ((1L << 37) - 1);
            hiBins[hi >>> 8]++;
            loBins[(int) (lo >>> 29)]++;
            joint[hi >>> 12][(int) (lo >>> 33)]++;
        }
        double[] flat = new double[256];
        java.util.Arrays.fill(flat, count / 256.0);
        ChiSquareTest chi = new ChiSquareTest();
        assertTrue(chi.chiSquareTest(flat, hiBins) > 1e-4, "high parts");
        assertTrue(chi.chiSquareTest(flat, loBins) > 1e-4, "low parts");
        assertTrue(chi.chiSquareTest(joint) > 1e-4, "high and low parts independent");
    }
}
