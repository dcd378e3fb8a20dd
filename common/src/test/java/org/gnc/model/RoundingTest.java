package org.gnc.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * gamma(n) = n u / (1 - n u): its values for both unit roundoffs, the rejection of n u &gt;= 1 and of
 * negative n, Lemma 3.3's sub-additivity, and the summation bound it is used for, checked against exact
 * sums of sums that round (mixed magnitudes, any order).
 */
class RoundingTest {
    @Test
    void valuesForDoubleAndFloat() {
        assertEquals(0x1.0p-53, Rounding.U_DOUBLE);
        assertEquals(0x1.0p-24, Rounding.U_FLOAT);
        assertEquals(0.0, Rounding.gamma(0, Rounding.U_DOUBLE));
        assertEquals(0x1.0p-53 / (1 - 0x1.0p-53), Rounding.gamma(1, Rounding.U_DOUBLE));
        assertEquals(10 * 0x1.0p-53 / (1 - 10 * 0x1.0p-53), Rounding.gamma(10, Rounding.U_DOUBLE));
        assertEquals(3 * 0x1.0p-24 / (1 - 3 * 0x1.0p-24), Rounding.gamma(3, Rounding.U_FLOAT));
        // n u = 1/2: gamma = 1; n u = 3/4: gamma = 3.
        assertEquals(1.0, Rounding.gamma(1 << 23, Rounding.U_FLOAT));
        assertEquals(3.0, Rounding.gamma(3 << 22, Rounding.U_FLOAT));
        assertEquals(1.0, Rounding.gamma(1L << 52, Rounding.U_DOUBLE));
    }

    @Test
    void rejectsNuOfOneOrMoreAndNegativeN() {
        assertThrows(IllegalArgumentException.class, () -> Rounding.gamma(1 << 24, Rounding.U_FLOAT));
        assertThrows(IllegalArgumentException.class, () -> Rounding.gamma((1 << 24) + 1, Rounding.U_FLOAT));
        assertThrows(IllegalArgumentException.class, () -> Rounding.gamma(1L << 53, Rounding.U_DOUBLE));
        assertThrows(IllegalArgumentException.class, () -> Rounding.gamma(Long.MAX_VALUE, Rounding.U_DOUBLE));
        assertThrows(IllegalArgumentException.class, () -> Rounding.gamma(-1, Rounding.U_DOUBLE));
        assertThrows(IllegalArgumentException.class, () -> Rounding.gamma(1, 0.0));
        assertThrows(IllegalArgumentException.class, () -> Rounding.gamma(1, Double.NaN));
    }

    @Test
    void isIncreasingAndSubAdditiveAsInLemma33() {
        for (double u : new double[] {Rounding.U_DOUBLE, Rounding.U_FLOAT}) {
            for (int a = 1; a < 2000; a = a * 3 + 1) {
                for (int b = 1; b < 2000; b = b * 5 + 2) {
                    double ga = Rounding.gamma(a, u);
                    double gb = Rounding.gamma(b, u);
                    assertTrue(ga + gb + ga * gb <= Rounding.gamma(a + b, u) * (1 + 4 * Rounding.U_DOUBLE));
                    assertTrue(ga < Rounding.gamma(a + 1, u));
                }
            }
        }
    }

    /** |fl(sum) - sum| &lt;= gamma(n) sum |x| for recursive summation of n terms, forward and backward. */
    @Test
    void boundsRecursiveSummation() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + random.nextInt(300);
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = (random.nextDouble() - 0.5) * Math.scalb(1.0, random.nextInt(60) - 30);
            }
            BigDecimal exact = BigDecimal.ZERO;
            double sumAbs = 0;
            for (double v : x) {
                exact = exact.add(new BigDecimal(v));
                sumAbs += Math.abs(v);
            }
            double forward = 0;
            double backward = 0;
            float single = 0;
            for (int i = 0; i < n; i++) {
                forward += x[i];
                backward += x[n - 1 - i];
                single += (float) x[i];
            }
            // sumAbs is itself rounded: gamma(n) more covers it.
            double bound = Rounding.gamma(n, Rounding.U_DOUBLE) * sumAbs * (1 + Rounding.gamma(n, Rounding.U_DOUBLE));
            assertTrue(new BigDecimal(forward).subtract(exact).abs().doubleValue() <= bound, "forward, n = " + n);
            assertTrue(new BigDecimal(backward).subtract(exact).abs().doubleValue() <= bound, "backward, n = " + n);
            // In float, with each term first rounded to float: n + 1 roundings per term.
            double floatBound = Rounding.gamma(n + 1, Rounding.U_FLOAT) * sumAbs * (1 + Rounding.gamma(n, Rounding.U_DOUBLE));
            assertTrue(new BigDecimal(single).subtract(exact).abs().doubleValue() <= floatBound, "float, n = " + n);
        }
    }
}
