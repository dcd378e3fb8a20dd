package org.gnc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.gnc.data.Dataset;
import org.gnc.kernel.HeldOutScorer;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.Prior;
import org.gnc.rng.CounterRng;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SMC on continuous priors (uniform and Gaussian): the exact Gibbs conditional's envelope against a fine
 * grid, the truncated normal sampler against its CDF, invariance of the moves, every final particle
 * against the reference's mistake count, and ln p-hat against Guess &amp; Check. Seeded throughout; each
 * test states its tolerance.
 */
class ContinuousSmcTest {
    private static final Prior UNIFORM = new Prior.Uniform(-1, 1);
    private static final Prior GAUSSIAN = new Prior.Gaussian(0.7);
    /** The two-sample Kolmogorov-Smirnov coefficient at level 1e-3: c = sqrt(-ln(0.0005) / 2). */
    private static final double KS_1E3 = Math.sqrt(-Math.log(0.0005) / 2);

    static double[] drawPrior(Prior prior, int count, SplittableRandom r) {
        ContinuousPrior c = ContinuousPrior.of(prior);
        double[] w = new double[count];
        for (int q = 0; q < count; q++) {
            w[q] = c.draw(r);
        }
        return w;
    }

    static Dataset data(Architecture arch, Prior prior, int size, boolean integer, long seed) {
        return SmcFixtures.data(arch, drawPrior(prior, arch.parameterCount(), new SplittableRandom(seed)), size,
                integer, seed + 1);
    }

    /**
     * The envelope of every coordinate's conditional (uniform prior, Gaussian data) against the reference's
     * excess on a grid of 20,001 values: never above it, and equal to it at every grid value farther than
     * 1e-9 from a piece boundary (so the set keeping e &lt;= e0 is exactly the union of the pieces with
     * excess &lt;= e0). Perceptrons and one hidden ReLU layer with biases, m = 0 and 2.
     */
    @Test
    void uniformConditionalSetsMatchABruteForceGrid() {
        List<Architecture> archs = List.of(SmcFixtures.relu(3, 3, true, true), SmcFixtures.perceptron(4, true),
                SmcFixtures.relu(4, 2, false, false));
        int checked = 0;
        for (int a = 0; a < archs.size(); a++) {
            Architecture arch = archs.get(a);
            Dataset train = data(arch, UNIFORM, 20, false, 10 + a);
            for (int m : new int[] {0, 2}) {
                GibbsScanner scanner = new GibbsScanner(new GibbsLayout(arch, UNIFORM, train, 20, m));
                double[] theta = drawPrior(UNIFORM, arch.parameterCount(), new SplittableRandom(50 + a + m));
                for (int q = 0; q < theta.length; q++) {
                    double[][] pieces = scanner.envelopeOf(theta, q);
                    assertTrue(pieces.length >= 1);
                    assertEquals(-1, pieces[0][0]);
                    assertEquals(1, pieces[pieces.length - 1][1]);
                    for (int g = 0; g <= 20_000; g++) {
                        double v = -1 + g * 1e-4;
                        double[] w = theta.clone();
                        w[q] = v;
                        int exact = Math.max(0, SmcFixtures.mistakes(arch, w, train, 20) - m);
                        int i = 0;
                        while (i < pieces.length - 1 && v > pieces[i][1]) {
                            i++;
                        }
                        int certain = (int) pieces[i][2];
                        boolean nearEdge = Math.abs(v - pieces[i][0]) < 1e-9 || Math.abs(v - pieces[i][1]) < 1e-9;
                        assertTrue(certain <= exact || nearEdge, arch + " q " + q + " v " + v + ": certain excess "
                                + certain + " above the reference's " + exact);
                        if (!nearEdge) {
                            assertEquals(exact, certain, arch + " m " + m + " q " + q + " v " + v);
                            checked++;
                        }
                    }
                }
            }
        }
        assertTrue(checked > 1_000_000, "grid values checked: " + checked);
    }

    /**
     * The truncated normal sampler against its CDF on intervals across 0 (wide and narrow), in a tail, far in
     * a tail and at the support's cut: a one-sample Kolmogorov-Smirnov test at level 1e-3 on 20,000 draws
     * each (critical D = 1.949 / sqrt(20,000)); and its interval masses against commons-math3's normal CDF.
     */
    @Test
    void truncatedNormalDrawsFollowTheirCdf() {
        double[][] intervals = {{-40, 40}, {-0.3, 0.2}, {-1, 3}, {0.5, 0.8}, {2, 2.1}, {3, 40}, {6, 6.5}, {12, 40},
                {-40, -9}, {-5, -4.9}};
        SplittableRandom r = new SplittableRandom(77);
        int draws = 20_000;
        for (double[] ab : intervals) {
            double a = ab[0];
            double b = ab[1];
            double[] z = new double[draws];
            for (int i = 0; i < draws; i++) {
                z[i] = ContinuousPrior.truncatedNormal(a, b, r);
                assertTrue(z[i] >= a && z[i] <= b, "draw " + z[i] + " outside [" + a + ", " + b + "]");
            }
            Arrays.sort(z);
            double d = 0;
            for (int i = 0; i < draws; i++) {
                double cdf = truncatedCdf(z[i], a, b);
                d = Math.max(d, Math.max(Math.abs(cdf - (double) i / draws), Math.abs(cdf - (double) (i + 1) / draws)));
            }
            assertTrue(d < 1.949 / Math.sqrt(draws), "[" + a + ", " + b + "]: KS distance " + d);
        }
        ContinuousPrior unit = ContinuousPrior.of(new Prior.Gaussian(1));
        NormalDistribution phi = new NormalDistribution(null, 0, 1);
        for (double[] ab : new double[][] {{-1, 2}, {0.5, 1.5}, {-3, -2}, {-0.01, 0.02}, {4, 6}}) {
            double expected = Math.log(phi.cumulativeProbability(ab[1]) - phi.cumulativeProbability(ab[0]));
            assertEquals(expected, unit.logMass(ab[0], ab[1]), 1e-9, Arrays.toString(ab));
        }
        // Far tails, where the CDF's difference underflows: ln Q(30) - ln Q(35), by the Mills ratio.
        assertEquals(-450 - Math.log(30 * Math.sqrt(2 * Math.PI)) + Math.log1p(-1.0 / 900 + 3.0 / 810_000),
                unit.logMass(30, 40), 1e-6);
    }

    /** The standard normal CDF restricted to [a, b], at z, from the tails (so that no tail cancels). */
    private static double truncatedCdf(double z, double a, double b) {
        if (a >= 0) {
            return -Math.expm1(NormalTail.logQ(z) - NormalTail.logQ(a))
                    / -Math.expm1(NormalTail.logQ(b) - NormalTail.logQ(a));
        }
        if (b <= 0) {
            return 1 - truncatedCdf(-z, -b, -a);
        }
        NormalDistribution phi = new NormalDistribution(null, 0, 1);
        double pa = phi.cumulativeProbability(a);
        return (phi.cumulativeProbability(z) - pa) / (phi.cumulativeProbability(b) - pa);
    }

    /**
     * Invariance: chains started from exact draws of gamma_beta (by rejection from the prior: accepted with
     * probability exp(-beta e)) and moved by 3 sweeps keep that law: a two-sample Kolmogorov-Smirnov test
     * (level 1e-3) of f on a probe point and of the first weight, against fresh exact draws; after each sweep,
     * the scanner's mistakes equal the reference's. Exact Gibbs on one hidden ReLU layer (uniform and
     * Gaussian, m = 0 and 1, beta finite and infinite) and Metropolis on two hidden layers. Moving at
     * beta = 0 (the prior) instead is detected (p-value below 1e-3).
     */
    @Test
    void movesKeepTheTemperedTarget() {
        Architecture relu = SmcFixtures.relu(2, 2, true, false);
        Architecture deep = new Architecture(2, List.of(2, 1), Activation.RELU, false, false);
        checkInvariance(relu, UNIFORM, 0, Double.POSITIVE_INFINITY, 1, true);
        checkInvariance(relu, GAUSSIAN, 1, Double.POSITIVE_INFINITY, 2, true);
        checkInvariance(relu, UNIFORM, 1, 1.5, 3, false);
        checkInvariance(SmcFixtures.perceptron(3, true), GAUSSIAN, 0, 2.0, 4, false);
        checkInvariance(deep, UNIFORM, 0, Double.POSITIVE_INFINITY, 5, true);
        checkInvariance(deep, GAUSSIAN, 0, 1.0, 6, false);
    }

    private static void checkInvariance(Architecture arch, Prior prior, int m, double beta, long seed,
                                        boolean detectWrongBeta) {
        int n = 6;
        Dataset train = data(arch, prior, n, false, seed * 7);
        SplittableRandom r = new SplittableRandom(seed);
        int chains = 3000;
        double[][] start = exactDraws(arch, prior, train, n, m, beta, chains, r);
        double[][] fresh = exactDraws(arch, prior, train, n, m, beta, chains, r);
        MoveLayout layout = MoveLayout.of(arch, prior, train, n, m);
        ParticleMoves moves = layout.newMoves();
        double[][] moved = new double[chains][];
        for (int c = 0; c < chains; c++) {
            double[] theta = start[c].clone();
            for (int s = 0; s < 3; s++) {
                int got = moves.sweep(theta, beta, r);
                assertEquals(SmcFixtures.mistakes(arch, theta, train, n), got, "the scanner's mistakes are the reference's");
            }
            moved[c] = theta;
        }
        double[] probe = {0.4, -0.9, 0.3};
        String what = arch + " " + prior.label() + " m " + m + " beta " + beta;
        double pProbe = ksPValue(statistic(arch, moved, probe), statistic(arch, fresh, probe));
        double pWeight = ksPValue(column(moved, 0), column(fresh, 0));
        assertTrue(pProbe > 1e-3 && pWeight > 1e-3, what + ": KS p-values " + pProbe + ", " + pWeight);
        if (detectWrongBeta) {
            double[][] wrong = new double[chains][];
            for (int c = 0; c < chains; c++) {
                double[] theta = start[c].clone();
                for (int s = 0; s < 3; s++) {
                    moves.sweep(theta, 0, r);
                }
                wrong[c] = theta;
            }
            double pWrong = ksPValue(statistic(arch, wrong, probe), statistic(arch, fresh, probe));
            double pWrongWeight = ksPValue(column(wrong, 0), column(fresh, 0));
            assertTrue(Math.min(pWrong, pWrongWeight) < 1e-3, what + ": moves at beta 0 must be detected, p-values "
                    + pWrong + ", " + pWrongWeight);
        }
    }

    /** Exact draws of gamma_beta: prior draws accepted with probability exp(-beta e) (e = 0 at infinity). */
    static double[][] exactDraws(Architecture arch, Prior prior, Dataset train, int n, int m, double beta, int count,
                                 SplittableRandom r) {
        double[][] out = new double[count][];
        int k = 0;
        while (k < count) {
            double[] w = drawPrior(prior, arch.parameterCount(), r);
            int e = Math.max(0, SmcFixtures.mistakes(arch, w, train, n) - m);
            boolean keep = beta == Double.POSITIVE_INFINITY ? e == 0 : r.nextDouble() < Math.exp(-beta * e);
            if (keep) {
                out[k++] = w;
            }
        }
        return out;
    }

    private static double[] statistic(Architecture arch, double[][] thetas, double[] probe) {
        double[] x = Arrays.copyOf(probe, arch.inputDim());
        double[] scratch = arch.newScratch();
        double[] out = new double[thetas.length];
        for (int c = 0; c < thetas.length; c++) {
            out[c] = arch.output(thetas[c], 0, x, 0, scratch);
        }
        return out;
    }

    private static double[] column(double[][] thetas, int q) {
        double[] out = new double[thetas.length];
        for (int c = 0; c < thetas.length; c++) {
            out[c] = thetas[c][q];
        }
        return out;
    }

    /** The asymptotic p-value of the two-sample Kolmogorov-Smirnov distance of equal-sized samples. */
    static double ksPValue(double[] a, double[] b) {
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < x.length && j < y.length) {
            double v = Math.min(x[i], y[j]);
            while (i < x.length && x[i] <= v) {
                i++;
            }
            while (j < y.length && y[j] <= v) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / x.length - (double) j / y.length));
        }
        double ne = (double) x.length * y.length / (x.length + y.length);
        double lambda = (Math.sqrt(ne) + 0.12 + 0.11 / Math.sqrt(ne)) * d;
        double p = 0;
        for (int k = 1; k <= 100; k++) {
            p += 2 * Math.pow(-1, k - 1) * Math.exp(-2 * lambda * lambda * k * k);
        }
        return Math.max(0, Math.min(1, p));
    }

    /**
     * Every final particle of tempered runs at several n, scored by the reference's forward pass on the n
     * training points ({@link HeldOutScorer} is exactly {@code Points.mistakes}, the count ReferenceFilter
     * accepts by), has at most m mistakes; on Gaussian data and on integer data, whose zero inputs make
     * every unit inactive (f = 0 exactly, label -1).
     */
    @Test
    void everyFinalParticleSatisfiesTheConstraintByTheReference() {
        Architecture arch = SmcFixtures.relu(3, 3, false, false);
        Architecture biased = SmcFixtures.relu(3, 2, true, true);
        for (boolean integer : new boolean[] {false, true}) {
            for (Prior prior : List.of(UNIFORM, GAUSSIAN)) {
                for (Architecture a : List.of(arch, biased)) {
                    Dataset train = data(a, prior, 40, integer, integer ? 91 : 92);
                    for (int n : new int[] {8, 40}) {
                        for (int m : new int[] {0, 1}) {
                            MoveLayout layout = MoveLayout.of(a, prior, train, n, m);
                            ReplicateRun run = new TemperedSmc(layout, prior, TemperedSmc.Settings.of(60, 2))
                                    .run(CounterRng.of(3, "continuous-exact", n, m), 0,
                                            new HeldOutScorer(a, train.rows(range(n))), n);
                            if (!run.reached()) {
                                continue;
                            }
                            long[] counts = run.testMistakes();
                            for (int k = m + 1; k < counts.length; k++) {
                                assertEquals(0, counts[k], a + " " + prior.label() + " n " + n + " m " + m + " integer "
                                        + integer + ": particles with " + k + " mistakes");
                            }
                        }
                    }
                }
            }
        }
    }

    private static int[] range(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }

    /**
     * ln p-hat against Guess &amp; Check on small continuous cells (one hidden ReLU layer, uniform and
     * Gaussian; a two-layer student by Metropolis): 200,000 prior draws counted by the reference give ln p
     * with its 95% interval (normal approximation of the binomial); SMC with 150 particles and 5 replicates
     * gives ln p-hat with its 95% t interval. The two must lie within the sum of their half-widths, and the
     * mean test errors within four combined standard errors plus 0.005.
     */
    @Test
    @Tag("statistical-only")
    void logEvidenceAgreesWithGuessAndCheck() {
        List<Object[]> cells = new ArrayList<>();
        cells.add(new Object[] {SmcFixtures.relu(3, 2, false, false), UNIFORM, 10});
        cells.add(new Object[] {SmcFixtures.relu(2, 2, true, true), GAUSSIAN, 10});
        cells.add(new Object[] {new Architecture(3, List.of(2, 1), Activation.RELU, false, false), UNIFORM, 8});
        for (int c = 0; c < cells.size(); c++) {
            Architecture arch = (Architecture) cells.get(c)[0];
            Prior prior = (Prior) cells.get(c)[1];
            int n = (Integer) cells.get(c)[2];
            double[] teacher = drawPrior(prior, arch.parameterCount(), new SplittableRandom(300 + c));
            Dataset train = SmcFixtures.data(arch, teacher, n, false, 301 + c);
            Dataset testSet = SmcFixtures.data(arch, teacher, 200, false, 9_000 + c);
            SplittableRandom r = new SplittableRandom(400 + c);
            int draws = 200_000;
            long accepted = 0;
            double errors = 0;
            double errorsSq = 0;
            for (int i = 0; i < draws; i++) {
                double[] w = drawPrior(prior, arch.parameterCount(), r);
                if (SmcFixtures.mistakes(arch, w, train, n) == 0) {
                    accepted++;
                    double e = (double) SmcFixtures.mistakes(arch, w, testSet, 200) / 200;
                    errors += e;
                    errorsSq += e * e;
                }
            }
            double rate = (double) accepted / draws;
            double logRej = Math.log(rate);
            double halfRej = 1.96 * Math.sqrt((1 - rate) / accepted);
            double meanRej = errors / accepted;
            double seRej = Math.sqrt(Math.max(0, errorsSq / accepted - meanRej * meanRej) / accepted);
            MoveLayout layout = MoveLayout.of(arch, prior, train, n, 0);
            TemperedSmc smc = new TemperedSmc(layout, prior, TemperedSmc.Settings.of(150, 2));
            HeldOutScorer scorer = new HeldOutScorer(arch, testSet);
            List<ReplicateRun> runs = new ArrayList<>();
            for (int rep = 0; rep < 5; rep++) {
                runs.add(smc.run(CounterRng.of(c, "continuous-vs-rejection", rep), rep, scorer, 200));
            }
            CheckpointEstimate e = CheckpointEstimate.combine(n, runs, 200);
            String what = arch + " " + prior.label() + " n " + n;
            assertEquals(5, e.reached(), what);
            double halfSmc = Math.max(e.logCiHigh() - e.logAcceptance(), e.logAcceptance() - e.logCiLow());
            assertTrue(Math.abs(e.logAcceptance() - logRej) <= halfSmc + halfRej, what + ": ln p-hat "
                    + e.logAcceptance() + " [" + e.logCiLow() + ", " + e.logCiHigh() + "] against rejection's " + logRej
                    + " +- " + halfRej);
            double tol = 4 * Math.sqrt(e.testError().se() * e.testError().se() + seRej * seRej) + 0.005;
            assertTrue(Math.abs(e.testError().mean() - meanRej) <= tol, what + ": test error " + e.testError().mean()
                    + " against rejection's " + meanRej + " (tolerance " + tol + ")");
        }
    }
}
