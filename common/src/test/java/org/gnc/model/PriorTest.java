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
}
