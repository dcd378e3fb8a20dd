package org.gnc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.gnc.data.Dataset;
import org.gnc.kernel.HeldOutScorer;
import org.gnc.model.Architecture;
import org.gnc.rng.CounterRng;
import org.junit.jupiter.api.Test;

/**
 * The output-weight tilt ({@link TemperedSmc}'s tilted path): its sweeps decide as the reference does, its
 * final particles fit, and its estimate agrees with enumeration. (Its kernel's invariance is in
 * {@link GibbsScannerTest}.)
 */
class TiltedPathTest {
    private static final double[] TERNARY = {-1, 0, 1};

    /**
     * After every tilted sweep the particle's mistakes are the reference's, on Gaussian data and on integer
     * data (exact ties: the fallback), at beta 0.7 and infinity, m = 0 and 2; at infinity it still fits.
     */
    @Test
    void tiltedSweepsCountTheReferencesMistakes() {
        int checked = 0;
        for (boolean integer : new boolean[] {false, true}) {
            for (Architecture arch : new Architecture[] {SmcFixtures.relu(5, 4, false, false),
                    SmcFixtures.relu(5, 3, true, true)}) {
                SplittableRandom r = new SplittableRandom(17 + arch.parameterCount());
                double[] teacher = SmcFixtures.draw(arch, TERNARY, r);
                Dataset data = SmcFixtures.data(arch, teacher, 40, integer, 19);
                for (int m : new int[] {0, 2}) {
                    GibbsScanner scanner = new GibbsScanner(
                            new GibbsLayout(arch, SmcFixtures.levels(TERNARY), data, 40, m));
                    for (double beta : new double[] {0.7, Double.POSITIVE_INFINITY}) {
                        double[] theta = teacher.clone();
                        for (int s = 0; s < 30; s++) {
                            int got = scanner.sweep(theta, beta, 1.5, r);
                            assertEquals(SmcFixtures.mistakes(arch, theta, data, 40), got, arch + " beta " + beta);
                            if (beta == Double.POSITIVE_INFINITY) {
                                assertTrue(got <= m, "the hard constraint holds");
                            }
                            checked++;
                        }
                    }
                }
            }
        }
        assertEquals(2 * 2 * 2 * 2 * 30, checked);
    }

    /**
     * Six enumerable cells (width-2 ReLU students, ternary, with and without biases, m = 0 and 1) on the
     * tilted path alone, 100 particles, 6 replicates: every final particle of the first replicate fits
     * (scored on the training points by the reference), at least 4 of the 6 intervals hold the exact ln p
     * (true coverage about 0.9: P(fewer than 4) = 0.016), the mean of ln p-hat - ln p is within 0.1 nats,
     * and the test errors agree within four standard errors.
     */
    @Test
    void theTiltedPathAgreesWithEnumeration() {
        int inside = 0;
        double sumDiff = 0;
        int cells = 0;
        for (int s = 0; s < 3; s++) {
            for (boolean bias : new boolean[] {false, true}) {
                Architecture arch = SmcFixtures.relu(3, 2, bias, false);
                int m = bias ? 1 : 0;
                long seed = 500 + 10 * s + (bias ? 1 : 0);
                SplittableRandom r = new SplittableRandom(seed);
                double[] teacher = SmcFixtures.draw(arch, TERNARY, r);
                int n = 24;
                int nTest = 400;
                Dataset train = SmcFixtures.data(arch, teacher, n, false, seed * 31 + 1);
                Dataset test = SmcFixtures.data(arch, teacher, nTest, false, seed * 31 + 2);
                double[] exact = TemperedSmcTest.exact(arch, TERNARY, train, n, m, test, nTest);
                double logP = exact[0];
                MoveLayout layout = MoveLayout.of(arch, SmcFixtures.levels(TERNARY), train, n, m);
                TemperedSmc smc = new TemperedSmc(layout, SmcFixtures.levels(TERNARY),
                        TemperedSmc.Settings.of(100, 2).withOutputTilt(3));
                assertTrue(smc.tiltedPilot());
                List<ReplicateRun> runs = new ArrayList<>();
                for (int rep = 0; rep < 6; rep++) {
                    CounterRng stream = CounterRng.of(seed, "tilted", rep);
                    ReplicateRun run = smc.runTiltedPath(stream, rep, new HeldOutScorer(arch, test), nTest);
                    assertTrue(run.steps().get(0).outputTilt() == 3 && run.steps().stream().anyMatch(t -> t.outputTilt() > 0
                            && t.beta() == Double.POSITIVE_INFINITY), "the path is the tilted one");
                    if (rep == 0) {
                        long[] trainMistakes = smc.runTiltedPath(stream, rep, new HeldOutScorer(arch, train), n)
                                .testMistakes();
                        for (int k = m + 1; k <= n; k++) {
                            assertEquals(0, trainMistakes[k], "every final particle has at most m mistakes");
                        }
                    }
                    runs.add(run);
                }
                CheckpointEstimate e = CheckpointEstimate.combine(n, runs, nTest);
                assertEquals(6, e.reached());
                inside += e.logCiLow() <= logP && logP <= e.logCiHigh() ? 1 : 0;
                sumDiff += e.logAcceptance() - logP;
                cells++;
                double tolerance = 4 * e.testError().se() + 0.002;
                assertTrue(Math.abs(e.testError().mean() - exact[1]) <= tolerance, "cell " + seed
                        + ": mean test error " + e.testError().mean() + " against the exact " + exact[1]);
            }
        }
        assertTrue(inside >= 4, inside + " of 6 intervals hold the exact ln p");
        assertTrue(Math.abs(sumDiff / cells) < 0.1, "mean ln p-hat - ln p: " + sumDiff / cells);
    }

    /**
     * The tilted pilot runs first and the plain pilot stops once its ln Z-hat (which never rises) is below the
     * tilted pilot's estimate: that changes no result. Two replicates (d = 8, a width-1 teacher, a ternary
     * width-10 student, n = 64 integer points) whose measured run takes the tilted path give the values pinned
     * at 5a5b853, where both pilots ran to the end, plain first. (There the plain pilot is cut: the replicates
     * take about 8% fewer reference fallbacks.)
     */
    @Test
    void stoppingThePlainPilotBelowTheTiltedEstimateChangesNoResult() {
        double[] pinned = {-3.504632982141902, -3.4759643576366495};
        int[][] cells = {{2, 0}, {3, 1}};
        for (int c = 0; c < cells.length; c++) {
            int s = cells[c][0];
            int rep = cells[c][1];
            Architecture teacherArch = SmcFixtures.relu(8, 1, false, false);
            double[] teacher = SmcFixtures.draw(teacherArch, TERNARY, new SplittableRandom(900 + s));
            int n = 64;
            Dataset train = SmcFixtures.data(teacherArch, teacher, n, true, 31 * s + 1);
            Dataset test = SmcFixtures.data(teacherArch, teacher, 300, true, 31 * s + 2);
            Architecture student = SmcFixtures.relu(8, 10, false, false);
            TemperedSmc smc = new TemperedSmc(MoveLayout.of(student, SmcFixtures.levels(TERNARY), train, n, 0),
                    SmcFixtures.levels(TERNARY), TemperedSmc.Settings.of(60, 2).withOutputTilt(4));
            ReplicateRun run = smc.run(CounterRng.of(77 + s, "cut", rep), rep, new HeldOutScorer(student, test), 300);
            assertEquals(4, run.steps().get(0).outputTilt(), "the measured run is on the tilted path");
            assertEquals(16, run.steps().size());
            assertEquals(pinned[c], run.logEvidence(), 0, "ln p-hat as at 5a5b853");
        }
    }

    /** Without the tilt (lambda_0 = 0), or where the moves have none (a perceptron), only the plain pilot runs. */
    @Test
    void theTiltIsOffWhereItDoesNotApply() {
        Architecture perceptron = SmcFixtures.perceptron(4, false);
        Dataset data = SmcFixtures.data(perceptron, SmcFixtures.draw(perceptron, TERNARY, new SplittableRandom(1)), 10,
                false, 2);
        assertTrue(!new TemperedSmc(MoveLayout.of(perceptron, SmcFixtures.levels(TERNARY), data, 10, 0),
                SmcFixtures.levels(TERNARY), TemperedSmc.Settings.of(20, 1).withOutputTilt(4)).tiltedPilot());
        Architecture relu = SmcFixtures.relu(4, 2, false, false);
        Dataset reluData = SmcFixtures.data(relu, SmcFixtures.draw(relu, TERNARY, new SplittableRandom(1)), 10, false, 2);
        MoveLayout layout = MoveLayout.of(relu, SmcFixtures.levels(TERNARY), reluData, 10, 0);
        assertTrue(!new TemperedSmc(layout, SmcFixtures.levels(TERNARY), TemperedSmc.Settings.of(20, 1)).tiltedPilot());
        assertTrue(new TemperedSmc(layout, SmcFixtures.levels(TERNARY),
                TemperedSmc.Settings.of(20, 1).withOutputTilt(4)).tiltedPilot());
        assertEquals(0, MoveLayout.of(relu, SmcFixtures.levels(-1, 1), reluData, 10, 0).outputWeights().length,
                "no level 0: no tilt");
    }
}
