package org.gnc.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.util.CombinatoricsUtils;
import org.gnc.stats.ClopperPearson;
import org.junit.jupiter.api.Test;

/** Hand-computed values (Python, double precision) and the edge cases of the PAC-Bayes-kl bound. */
class PacBayesBoundTest {

    @Test
    void zeroErrorBoundMatchesTheClosedForm() {
        // n = 10, delta = 0.05, p = 0.01: 1 - exp(-(ln 100 + ln(2 sqrt(10) / 0.05)) / 10).
        assertEquals(0.6111393472378428, PacBayesBound.bound(Math.log(100), 0, 10, 0.05), 1e-15);
        assertEquals(0.6111393472378428, PacBayesBound.exact(1, 100, 0, 10, 0.05), 1e-15);
    }

    @Test
    void pEqualToOneLeavesOnlyTheConfidenceTerm() {
        // 1 - (delta / (2 sqrt(n)))^(1/n)
        assertEquals(0.3836973986212723, PacBayesBound.bound(0, 0, 10, 0.05), 1e-15);
        assertEquals(0.3836973986212723, PacBayesBound.exact(7, 7, 0, 10, 0.05), 1e-15);
    }

    @Test
    void pEqualToZeroIsTheVacuousBound() {
        assertEquals(1.0, PacBayesBound.exact(0, 1000, 0, 10, 0.05));
        assertEquals(1.0, PacBayesBound.sampled(0, 1_000_000, 0, 10, 0.05));
        assertEquals(1.0, PacBayesBound.bound(Double.POSITIVE_INFINITY, 0, 10, 0.05));
    }

    @Test
    void nonZeroTrainingErrorUsesTheKlInverse() {
        // m/n = 0.2, c = (ln 100 + ln(2 sqrt(10)/0.05)) / 10 = 0.9445342186599051; bisection in Python.
        double b = PacBayesBound.bound(Math.log(100), 2, 10, 0.05);
        assertEquals(0.8277684250732267, b, 1e-12);
        assertEquals(0.9445342186599051, PacBayesBound.kl(0.2, b), 1e-9);
        assertTrue(PacBayesBound.kl(0.2, b) >= 0.9445342186599051 - 1e-12); // never below the true inverse
        // More allowed mistakes can only loosen the bound.
        assertTrue(b > PacBayesBound.bound(Math.log(100), 0, 10, 0.05));
    }

    @Test
    void klInverseEdges() {
        // c = 0: the inverse is q itself, up to kl's rounding near q (the answer errs upward only).
        assertEquals(0.3, PacBayesBound.klInverseUpper(0.3, 0), 1e-7);
        assertTrue(PacBayesBound.klInverseUpper(0.3, 0) >= 0.3);
        assertEquals(1.0, PacBayesBound.klInverseUpper(1.0, 0.5));
        assertEquals(-Math.expm1(-0.7), PacBayesBound.klInverseUpper(0, 0.7), 0);
        assertEquals(0, PacBayesBound.kl(0.4, 0.4), 1e-16);
    }

    @Test
    void sampledBoundFoldsTheIntervalConfidenceIntoDelta() {
        // 30 of 10,000 accepted, n = 16, delta = 0.05: p_L = CP low at 95% two-sided (97.5% one-sided),
        // the PAC-Bayes step at delta/2.
        double pLow = ClopperPearson.interval(30, 10_000, 0.95).low();
        double expected = -Math.expm1(-(-Math.log(pLow) + Math.log(2 * Math.sqrt(16) / 0.025)) / 16);
        assertEquals(expected, PacBayesBound.sampled(30, 10_000, 0, 16, 0.05), 1e-15);
        // Worse than the exact bound at the point estimate: p_L < p-hat and delta/2 < delta.
        assertTrue(PacBayesBound.sampled(30, 10_000, 0, 16, 0.05) > PacBayesBound.exact(30, 10_000, 0, 16, 0.05));
    }

    @Test
    void theConfidenceTermHoldsForSmallNToo() {
        // Maurer: E[exp(n kl)] <= xi(n) = sum_k C(n,k) (k/n)^k (1-k/n)^(n-k) <= 2 sqrt(n), proved for n >= 8;
        // checked here for n = 1..7 (n = 1 with equality) and a few more.
        for (int n = 1; n <= 40; n++) {
            double xi = 0;
            for (int k = 0; k <= n; k++) {
                double q = (double) k / n;
                xi += CombinatoricsUtils.binomialCoefficientDouble(n, k) * Math.pow(q, k) * Math.pow(1 - q, n - k);
            }
            assertTrue(xi <= 2 * Math.sqrt(n) + 1e-12, "n = " + n + ": xi = " + xi);
        }
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PacBayesBound.bound(1, 0, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> PacBayesBound.bound(1, 0, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> PacBayesBound.bound(-0.1, 0, 10, 0.05));
        assertThrows(IllegalArgumentException.class, () -> PacBayesBound.bound(1, 11, 10, 0.05));
        assertThrows(IllegalArgumentException.class, () -> PacBayesBound.bound(1, 0, 0, 0.05));
    }
}
