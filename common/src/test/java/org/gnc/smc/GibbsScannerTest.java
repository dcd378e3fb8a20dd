package org.gnc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.gnc.data.Dataset;
import org.gnc.model.Architecture;
import org.gnc.model.Prior;
import org.junit.jupiter.api.Test;

class GibbsScannerTest {

    /**
     * Every particle after every sweep has exactly the reference's mistake count, on Gaussian data and on
     * integer data where exact ties f = 0 (with active units) make the fallback run.
     */
    @Test
    void mistakesAreTheReferencesAfterEverySweep() {
        long fallbacks = 0;
        int checked = 0;
        for (boolean integer : new boolean[] {false, true}) {
            for (Architecture arch : new Architecture[] {SmcFixtures.relu(5, 4, false, false),
                    SmcFixtures.relu(5, 3, true, true), SmcFixtures.perceptron(6, true)}) {
                double[] lv = {-1, 0, 1};
                SplittableRandom r = new SplittableRandom(7 + arch.parameterCount());
                double[] teacher = SmcFixtures.draw(arch, lv, r);
                Dataset data = SmcFixtures.data(arch, teacher, 40, integer, 11);
                for (int m : new int[] {0, 2}) {
                    GibbsLayout layout = new GibbsLayout(arch, SmcFixtures.levels(lv), data, 40, m);
                    GibbsScanner scanner = new GibbsScanner(layout);
                    for (double beta : new double[] {0, 0.7, 3, Double.POSITIVE_INFINITY}) {
                        int[] idx = new int[arch.parameterCount()];
                        for (int q = 0; q < idx.length; q++) {
                            idx[q] = java.util.Arrays.binarySearch(lv, teacher[q]);
                        }
                        for (int s = 0; s < 30; s++) {
                            int got = scanner.sweep(idx, beta, r);
                            assertEquals(SmcFixtures.mistakes(arch, SmcFixtures.weights(idx, lv), data, 40), got,
                                    arch + " beta " + beta + " sweep " + s);
                            if (beta == Double.POSITIVE_INFINITY) {
                                assertTrue(got <= m, "the hard constraint holds");
                            }
                            checked++;
                        }
                    }
                    fallbacks += scanner.fallbacks();
                }
            }
        }
        assertTrue(checked > 1000);
        assertTrue(fallbacks > 0, "integer data must exercise the reference fallback");
    }

    /**
     * The Vector API trials decide exactly as the scalar ones: two scanners, one on each path, given the same
     * particles and random draws, make the same moves on Gaussian and integer data (n not a multiple of the
     * lanes, so the scalar tail runs too).
     */
    @Test
    void vectorAndScalarTrialsMoveAlike() {
        for (boolean integer : new boolean[] {false, true}) {
            for (Architecture arch : new Architecture[] {SmcFixtures.relu(7, 5, true, true),
                    SmcFixtures.relu(6, 4, false, false), SmcFixtures.perceptron(9, true)}) {
                double[] lv = {-1, 0, 1};
                SplittableRandom r = new SplittableRandom(3 + arch.parameterCount());
                double[] teacher = SmcFixtures.draw(arch, lv, r);
                Dataset data = SmcFixtures.data(arch, teacher, 61, integer, 5);
                GibbsScanner vector = new GibbsScanner(new GibbsLayout(arch, SmcFixtures.levels(lv), data, 61, 1, true));
                GibbsScanner scalar = new GibbsScanner(new GibbsLayout(arch, SmcFixtures.levels(lv), data, 61, 1, false));
                for (double beta : new double[] {0.4, 2, Double.POSITIVE_INFINITY}) {
                    int[] a = new int[arch.parameterCount()];
                    for (int q = 0; q < a.length; q++) {
                        a[q] = java.util.Arrays.binarySearch(lv, teacher[q]);
                    }
                    int[] b = a.clone();
                    SplittableRandom ra = new SplittableRandom(99);
                    SplittableRandom rb = new SplittableRandom(99);
                    for (int sweep = 0; sweep < 20; sweep++) {
                        assertEquals(scalar.sweep(b, beta, rb), vector.sweep(a, beta, ra));
                        assertTrue(java.util.Arrays.equals(a, b), arch + " beta " + beta + " sweep " + sweep);
                    }
                }
            }
        }
    }

    /**
     * Invariance: chains started from exact draws of gamma_beta (by enumeration) and moved by Gibbs sweeps
     * are still distributed as gamma_beta: a chi-square test of 20,000 independent chains against the exact
     * probabilities (bins with expected count below 5 pooled), at level 1e-3, so a correct kernel fails one
     * case with probability about 1e-3 and the seeds are fixed. The same test on chains moved at the wrong
     * temperature must reject (the test has power).
     */
    @Test
    void gibbsSweepsLeaveTheTemperedTargetInvariant() {
        double[] ternary = {-1, 0, 1};
        double[] binary = {-1, 1};
        check(SmcFixtures.perceptron(3, true), ternary, 0, Double.POSITIVE_INFINITY, 1);
        check(SmcFixtures.relu(2, 2, false, false), ternary, 0, Double.POSITIVE_INFINITY, 2);
        check(SmcFixtures.relu(2, 2, true, false), ternary, 1, Double.POSITIVE_INFINITY, 3);
        check(SmcFixtures.relu(2, 2, false, true), ternary, 0, 1.3, 4);
        check(SmcFixtures.relu(2, 3, false, false), binary, 1, 0.8, 5);
    }

    /**
     * Invariance of the output-weight tilt: chains started from exact draws of gamma_(beta, lambda)
     * (proportional to exp(-beta e - lambda k), k the non-zero hidden-unit output weights; by enumeration)
     * and moved by tilted sweeps keep it (chi-square, as above, level 1e-3), at beta finite and infinite,
     * m = 0 and 1; chains moved without the tilt (lambda = 0) must be detected.
     */
    @Test
    void tiltedSweepsLeaveTheTiltedTargetInvariant() {
        double[] ternary = {-1, 0, 1};
        checkTilted(SmcFixtures.relu(2, 2, true, false), ternary, 1, Double.POSITIVE_INFINITY, 1.5, 6);
        checkTilted(SmcFixtures.relu(2, 2, false, true), ternary, 0, 1.3, 0.7, 7);
        checkTilted(SmcFixtures.relu(2, 2, false, false), ternary, 0, 0, 2.0, 8);
    }

    private static void checkTilted(Architecture arch, double[] lv, int m, double beta, double lambda, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] teacher = SmcFixtures.draw(arch, lv, r);
        int n = 12;
        Dataset data = SmcFixtures.data(arch, teacher, n, false, seed + 100);
        int configs = (int) SmcFixtures.configurations(arch.parameterCount(), lv.length);
        GibbsLayout layout = new GibbsLayout(arch, SmcFixtures.levels(lv), data, n, m);
        int[] tilted = layout.outputWeights();
        assertEquals(arch.widths().get(0), tilted.length);
        double[] pi = target(arch, lv, data, n, m, beta, lambda, tilted, configs);
        double p = pValue(arch, lv, layout.newMoves(), pi, beta, lambda, r);
        assertTrue(p > 1e-3, arch + " m " + m + " beta " + beta + " lambda " + lambda + ": chi-square p-value " + p);
        double pWrong = pValue(arch, lv, layout.newMoves(), pi, beta, 0, r);
        assertTrue(pWrong < 1e-3, "moves without the tilt must be detected, p-value " + pWrong);
    }

    /**
     * The invariance check of any moves on {@code arch} (a fresh {@code moves} layout per case): a
     * chi-square p-value above 1e-3 for chains moved at beta, and below 1e-3 for chains moved at a wrong
     * temperature.
     */
    static void checkInvariance(Architecture arch, double[] lv, int m, double beta, long seed,
                                java.util.function.Function<Dataset, MoveLayout> moves) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] teacher = SmcFixtures.draw(arch, lv, r);
        int n = 12;
        Dataset data = SmcFixtures.data(arch, teacher, n, false, seed + 100);
        int configs = (int) SmcFixtures.configurations(arch.parameterCount(), lv.length);
        double[] pi = target(arch, lv, data, n, m, beta, configs);
        MoveLayout layout = moves.apply(data);
        double p = pValue(arch, lv, layout.newMoves(), pi, beta, r);
        assertTrue(p > 1e-3, arch + " m " + m + " beta " + beta + ": chi-square p-value " + p);
        double wrongBeta = beta == Double.POSITIVE_INFINITY ? 0.3 : beta * 4;
        double pWrong = pValue(arch, lv, layout.newMoves(), pi, wrongBeta, r);
        assertTrue(pWrong < 1e-3, "moves at beta " + wrongBeta + " must be detected, p-value " + pWrong);
    }

    private static void check(Architecture arch, double[] lv, int m, double beta, long seed) {
        checkInvariance(arch, lv, m, beta, seed, data -> new GibbsLayout(arch, SmcFixtures.levels(lv), data, 12, m));
    }

    /** The exact gamma_beta over all configurations. */
    static double[] target(Architecture arch, double[] lv, Dataset data, int n, int m, double beta, int configs) {
        return target(arch, lv, data, n, m, beta, 0, new int[0], configs);
    }

    /** The exact gamma_(beta, lambda) over all configurations, k counting the non-zero {@code tilted} parameters. */
    static double[] target(Architecture arch, double[] lv, Dataset data, int n, int m, double beta, double lambda,
                           int[] tilted, int configs) {
        double[] pi = new double[configs];
        double total = 0;
        for (int c = 0; c < configs; c++) {
            int e = Math.max(0, SmcFixtures.mistakes(arch,
                    SmcFixtures.weights(SmcFixtures.configuration(c, arch.parameterCount(), lv.length), lv), data, n) - m);
            pi[c] = beta == Double.POSITIVE_INFINITY ? (e == 0 ? 1 : 0) : Math.exp(-beta * e);
            double[] w = SmcFixtures.weights(SmcFixtures.configuration(c, arch.parameterCount(), lv.length), lv);
            for (int q : tilted) {
                pi[c] *= w[q] != 0 ? Math.exp(-lambda) : 1;
            }
            total += pi[c];
        }
        for (int c = 0; c < configs; c++) {
            pi[c] /= total;
        }
        return pi;
    }

    private static double pValue(Architecture arch, double[] lv, ParticleMoves scanner, double[] pi, double moveBeta,
                                 SplittableRandom r) {
        return pValue(arch, lv, scanner, pi, moveBeta, 0, r);
    }

    private static double pValue(Architecture arch, double[] lv, ParticleMoves scanner, double[] pi, double moveBeta,
                                 double moveLambda, SplittableRandom r) {
        int chains = 20_000;
        int configs = pi.length;
        double[] cumulative = new double[configs];
        double c0 = 0;
        for (int c = 0; c < configs; c++) {
            c0 += pi[c];
            cumulative[c] = c0;
        }
        long[] counts = new long[configs];
        for (int t = 0; t < chains; t++) {
            int c = java.util.Arrays.binarySearch(cumulative, r.nextDouble() * c0);
            c = c >= 0 ? c + 1 : -c - 1;
            c = Math.min(c, configs - 1);
            while (pi[c] == 0) {
                c--;
            }
            int[] idx = SmcFixtures.configuration(c, arch.parameterCount(), lv.length);
            double[] theta = SmcFixtures.weights(idx, lv);
            for (int s = 0; s < 2; s++) {
                scanner.sweep(theta, moveBeta, moveLambda, r);
            }
            SmcParticles.indices(theta, lv, idx);
            counts[(int) SmcFixtures.index(idx, lv.length)]++;
        }
        double chi = 0;
        int bins = 0;
        double pooledExpected = 0;
        long pooledObserved = 0;
        for (int c = 0; c < configs; c++) {
            double expected = pi[c] * chains;
            if (expected < 5) {
                pooledExpected += expected;
                pooledObserved += counts[c];
                continue;
            }
            chi += (counts[c] - expected) * (counts[c] - expected) / expected;
            bins++;
        }
        if (pooledExpected > 0) {
            if (pooledExpected >= 5) {
                chi += (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / pooledExpected;
                bins++;
            } else if (pooledObserved > 50) {
                return 0;
            }
        }
        return 1 - new ChiSquaredDistribution(null, Math.max(1, bins - 1)).cumulativeProbability(chi);
    }
}
