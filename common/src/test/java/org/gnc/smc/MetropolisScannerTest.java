package org.gnc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.gnc.data.Dataset;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.junit.jupiter.api.Test;

/**
 * The Metropolis-within-Gibbs fallback on students that exact Gibbs does not cover (two hidden ReLU
 * layers, sign and tanh units): invariance of the tempered targets against enumeration, and whole SMC
 * runs against exhaustive enumeration.
 */
class MetropolisScannerTest {
    private static final double[] TERNARY = {-1, 0, 1};
    private static final double[] BINARY = {-1, 1};

    private static Architecture deep(int d, boolean bias) {
        return new Architecture(d, List.of(2, 1), Activation.RELU, bias, false);
    }

    private static Architecture sign(int d, int width) {
        return new Architecture(d, List.of(width), Activation.SIGN, false, true);
    }

    @Test
    void deeperOrNonReluStudentsGetTheFallbackAndOthersExactGibbs() {
        assertFalse(MoveLayout.of(deep(2, false), SmcFixtures.levels(TERNARY), data(deep(2, false), 8, 1), 8, 0)
                .exactGibbs());
        assertFalse(MoveLayout.of(sign(2, 2), SmcFixtures.levels(TERNARY), data(sign(2, 2), 8, 1), 8, 0).exactGibbs());
        Architecture tanh = new Architecture(2, List.of(3), Activation.TANH, false, false);
        assertFalse(MoveLayout.of(tanh, SmcFixtures.levels(TERNARY), data(tanh, 8, 1), 8, 0).exactGibbs(),
                "tanh units: the Metropolis fallback");
        Architecture relu = SmcFixtures.relu(2, 2, true, true);
        assertTrue(MoveLayout.of(relu, SmcFixtures.levels(TERNARY), data(relu, 8, 1), 8, 0).exactGibbs());
        Architecture perceptron = SmcFixtures.perceptron(2, true);
        assertTrue(MoveLayout.of(perceptron, SmcFixtures.levels(TERNARY), data(perceptron, 8, 1), 8, 0).exactGibbs());
    }

    /** The same chi-square test as {@link GibbsScannerTest}'s (level 1e-3, with the power check at a wrong temperature). */
    @Test
    void metropolisSweepsLeaveTheTemperedTargetInvariant() {
        check(deep(2, true), BINARY, 0, Double.POSITIVE_INFINITY, 11);
        check(deep(2, true), BINARY, 1, Double.POSITIVE_INFINITY, 12);
        check(deep(2, false), TERNARY, 0, 1.1, 13);
        check(sign(2, 2), TERNARY, 0, Double.POSITIVE_INFINITY, 17);
        check(new Architecture(2, List.of(2), Activation.TANH, false, false), BINARY, 0, 0.9, 15);
    }

    private static void check(Architecture arch, double[] lv, int m, double beta, long seed) {
        GibbsScannerTest.checkInvariance(arch, lv, m, beta, seed,
                data -> new MetropolisLayout(arch, SmcFixtures.levels(lv), data, 12, m));
    }

    @Test
    void mistakesAreTheReferencesAfterEverySweep() {
        Architecture arch = deep(3, true);
        Dataset data = data(arch, 20, 21);
        MetropolisScanner scanner = new MetropolisScanner(new MetropolisLayout(arch, SmcFixtures.levels(TERNARY), data,
                20, 2));
        SplittableRandom r = new SplittableRandom(22);
        int[] idx = new int[arch.parameterCount()];
        for (int q = 0; q < idx.length; q++) {
            idx[q] = r.nextInt(TERNARY.length);
        }
        for (double beta : new double[] {0, 0.5, 2, Double.POSITIVE_INFINITY}) {
            int before = scanner.load(idx);
            int after = scanner.sweep(idx, beta, r);
            assertEquals(SmcFixtures.mistakes(arch, SmcFixtures.weights(idx, TERNARY), data, 20), after, "beta " + beta);
            if (beta == Double.POSITIVE_INFINITY && before <= 2) {
                assertTrue(after <= 2, "the hard constraint holds once it holds");
            }
        }
        assertTrue(scanner.draws() > 0 && scanner.changes() > 0 && scanner.fallbacks() > 0);
    }

    /**
     * Ten seeded enumerable cells with two hidden ReLU layers or sign units (3^7 to 3^9 networks, or
     * binary): ln p-hat within its interval of the exact ln p (95% t intervals on 6 replicates, true
     * coverage at least about 0.9, so P(fewer than 7 of 10 inside) = 0.013) and the pooled test error within
     * 4 standard errors (plus 0.002) of the exact posterior mean.
     */
    @Test
    void temperedRunsWithMetropolisMovesAgreeWithEnumeration() {
        List<TemperedSmcTest.Case> cases = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            cases.add(TemperedSmcTest.run("deep relu d2 2x1 ternary m0 s" + s, deep(2, false), TERNARY, 16, 0, 300,
                    500 + s, 200, 6));
            cases.add(TemperedSmcTest.run("sign d3 w2 binary m0 s" + s, sign(3, 2), BINARY, 16, 0, 300, 600 + s, 200, 6));
        }
        int inside = 0;
        for (TemperedSmcTest.Case c : cases) {
            CheckpointEstimate e = c.smc();
            assertEquals(6, e.reached(), c.name() + ": every replicate reaches n");
            inside += e.logCiLow() <= c.logP() && c.logP() <= e.logCiHigh() ? 1 : 0;
            double tolerance = 4 * e.testError().se() + 0.002;
            assertTrue(Math.abs(e.testError().mean() - c.meanError()) <= tolerance, c.name() + ": mean test error "
                    + e.testError().mean() + " against the exact " + c.meanError() + " (tolerance " + tolerance + ")");
        }
        assertTrue(inside >= 7, inside + " of 10 intervals hold the exact ln p");
    }

    private static Dataset data(Architecture arch, int n, long seed) {
        double[] teacher = SmcFixtures.draw(arch, TERNARY, new SplittableRandom(seed));
        return SmcFixtures.data(arch, teacher, n, false, seed + 1);
    }
}
