package org.gnc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

/** {@link NormalTail#logQ} against commons-math3's erfc and, beyond its range, the Mills-ratio series. */
class NormalTailTest {
    /** The relative error of Q that {@link NormalTail}'s Javadoc states: 2.2e-16 (x^2 + 4). */
    private static double bound(double x) {
        return 4.4e-16 * (x * x + 4);
    }

    /**
     * On a grid of step 1e-4 over [0, 37] (370,001 points, every interval of Cody's approximations and
     * their ends), Q = e^(ln Q) agrees with commons-math3's erfc(x / sqrt 2) / 2 within the stated bound
     * for each side's rounding at the scale of ln Q
     * plus 2e-14 for commons-math3's own error: its regularized gamma function is converged to 1e-15 per
     * term and differs by up to about 1e-14 (at x = 1.582, 8.8e-15, where glibc's erfc agrees with
     * NormalTail to one ulp).
     */
    @Test
    void agreesWithCommonsMathOnADenseGrid() {
        double worst = 0;
        for (int i = 0; i <= 370_000; i++) {
            double x = i * 1e-4;
            double expected = Math.log(0.5 * Erf.erfc(x / Math.sqrt(2)));
            double got = NormalTail.logQ(x);
            double relative = Math.abs(Math.expm1(got - expected));
            worst = Math.max(worst, relative);
            assertTrue(relative <= 2 * bound(x) + 2e-14, "x = " + x + ": ln Q " + got + " against " + expected);
        }
        System.out.println("NormalTail against commons-math3 on [0, 37]: largest relative difference of Q " + worst);
        assertTrue(worst > 0, "the comparison ran");
    }

    /**
     * Beyond 37 (commons-math3's erfc underflows near 38.5), against the Mills-ratio series phi(x) / x (1 -
     * 1/x^2 + 3/x^4 - 15/x^6 + 105/x^8), whose truncation error is below 945 / x^10 < 1e-12 there, within
     * the stated bound for each side's rounding; at the Gaussian prior's cut and far beyond, and +infinity.
     */
    @Test
    void agreesWithTheMillsRatioSeriesInTheFarTail() {
        for (double x = 37; x <= 1e4; x *= 1.01) {
            double r = 1 / (x * x);
            double series = -0.5 * x * x - Math.log(x) - 0.5 * Math.log(2 * Math.PI)
                    + Math.log1p(r * (-1 + r * (3 + r * (-15 + 105 * r))));
            double got = NormalTail.logQ(x);
            assertEquals(series, got, 1e-12 + 2 * bound(x), "x = " + x);
        }
        assertEquals(Double.NEGATIVE_INFINITY, NormalTail.logQ(Double.POSITIVE_INFINITY));
        assertEquals(Math.log(0.5), NormalTail.logQ(0), 1e-16);
    }
}
