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

class TemperedSmcTest {

    /** One enumerable cell: its exact ln p and posterior mean test error, and the SMC estimate. */
    record Case(String name, double logP, double meanError, CheckpointEstimate smc) {
    }

    static Case run(String name, Architecture arch, double[] lv, int n, int m, int nTest, long seed, int particles,
                    int replicates) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] teacher = SmcFixtures.draw(arch, lv, r);
        Dataset train = SmcFixtures.data(arch, teacher, n, false, seed * 31 + 1);
        Dataset test = SmcFixtures.data(arch, teacher, nTest, false, seed * 31 + 2);
        double[] exact = exact(arch, lv, train, n, m, test, nTest);
        MoveLayout layout = MoveLayout.of(arch, SmcFixtures.levels(lv), train, n, m);
        TemperedSmc smc = new TemperedSmc(layout, SmcFixtures.levels(lv), TemperedSmc.Settings.of(particles, 2));
        HeldOutScorer scorer = new HeldOutScorer(arch, test);
        List<ReplicateRun> runs = new ArrayList<>();
        for (int rep = 0; rep < replicates; rep++) {
            runs.add(smc.run(CounterRng.of(seed, "smc-test", n, rep), rep, scorer, nTest));
        }
        return new Case(name, exact[0], exact[1], CheckpointEstimate.combine(n, runs, nTest));
    }

    /** {exact ln p, exact posterior mean test error} of a cell, by enumerating every configuration. */
    static double[] exact(Architecture arch, double[] lv, Dataset train, int n, int m, Dataset test, int nTest) {
        int params = arch.parameterCount();
        long configs = SmcFixtures.configurations(params, lv.length);
        long fit = 0;
        double errorSum = 0;
        for (long c = 0; c < configs; c++) {
            double[] w = SmcFixtures.weights(SmcFixtures.configuration(c, params, lv.length), lv);
            if (SmcFixtures.mistakes(arch, w, train, n) <= m) {
                fit++;
                errorSum += (double) SmcFixtures.mistakes(arch, w, test, nTest) / nTest;
            }
        }
        return new double[] {Math.log((double) fit / configs), errorSum / fit};
    }

    /**
     * Twenty seeded enumerable cells (perceptrons and width-2 ReLU students, ternary and binary, m = 0 and
     * m = 1, acceptance 1e-1 to 1e-4): ln p-hat against the exact ln p and the pooled test error against the
     * exact posterior mean.
     */
    @Test
    void agreesWithExhaustiveEnumeration() {
        double[] ternary = {-1, 0, 1};
        double[] binary = {-1, 1};
        List<Case> cases = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            cases.add(run("perceptron d5 ternary m0 s" + s, SmcFixtures.perceptron(5, false), ternary, 24, 0, 400, 100 + s, 300, 6));
            cases.add(run("perceptron d8 binary m1 s" + s, SmcFixtures.perceptron(8, true), binary, 30, 1, 400, 200 + s, 300, 6));
            cases.add(run("relu d3 w2 ternary m0 s" + s, SmcFixtures.relu(3, 2, false, false), ternary, 24, 0, 400, 300 + s, 300, 6));
            cases.add(run("relu d3 w2 bias binary m0 s" + s, SmcFixtures.relu(3, 2, true, false), binary, 20, 0, 400, 400 + s, 300, 6));
        }
        int inside = 0;
        double sumDiff = 0;
        for (Case c : cases) {
            CheckpointEstimate e = c.smc();
            assertEquals(6, e.reached(), c.name() + ": every replicate reaches n");
            inside += e.logCiLow() <= c.logP() && c.logP() <= e.logCiHigh() ? 1 : 0;
            sumDiff += e.logAcceptance() - c.logP();
            double tolerance = 4 * e.testError().se() + 0.002;
            assertTrue(Math.abs(e.testError().mean() - c.meanError()) <= tolerance, c.name() + ": mean test error "
                    + e.testError().mean() + " against the exact " + c.meanError() + " (tolerance " + tolerance + ")");
        }
        // Coverage: each interval is a 95% t interval on 6 replicates; for 20 independent cells at a true
        // coverage of 0.9 (allowing for the t interval's approximation), P(fewer than 16 inside) = 0.043.
        assertTrue(inside >= 16, inside + " of 20 intervals hold the exact ln p");
        // Bias: ln p-hat of one cell has a standard deviation of about 0.05 here (the spread over 6
        // replicates of about 0.3), so the mean of 20 cells about 0.012; 0.05 is four of those. The biased
        // data path of issue 15 (0.5-0.8 nats) would fail by far.
        assertTrue(Math.abs(sumDiff / cases.size()) < 0.05, "mean ln p-hat - ln p over the cells: " + sumDiff / cases.size());
    }

    /**
     * The point order is a permutation, the same for the same seed and cell, another for another cell, and
     * not the identity (an ordered training set, such as one class then the other, must not make the first
     * checkpoints one-class).
     */
    @Test
    void thePointOrderIsASeededPermutation() {
        int[] a = SmcCell.pointOrder(1, 42, 100);
        assertEquals(100, java.util.Arrays.stream(a).distinct().filter(i -> i >= 0 && i < 100).count());
        assertTrue(java.util.Arrays.equals(a, SmcCell.pointOrder(1, 42, 100)));
        assertTrue(!java.util.Arrays.equals(a, SmcCell.pointOrder(1, 43, 100)));
        int fixed = 0;
        for (int i = 0; i < 100; i++) {
            fixed += a[i] == i ? 1 : 0;
        }
        assertTrue(fixed < 10, fixed + " fixed points");
        int firstHalf = 0;
        for (int i = 0; i < 50; i++) {
            firstHalf += a[i] < 50 ? 1 : 0;
        }
        assertTrue(firstHalf > 10 && firstHalf < 40, "the first 50 mix both halves: " + firstHalf);
    }

    /**
     * A task is a pure function of the seed, the cell and the task (a retried Spark task returns the same
     * run), different replicates differ, and combine takes one run of each task and refuses anything else.
     */
    @Test
    void aCellsTasksArePureAndCombineOnce() {
        org.gnc.spec.SweepSpec spec = org.gnc.spec.SweepSpecParser.parseText("""
                sweep   { name = pure, seed = 4 }
                data    { kind = teacher-student, dim = 5, train-size = 12, test-size = 200, seed = 2
                          teacher { widths = [1], prior { kind = levels, levels = [-1, 0, 1] } } }
                student { widths = [2], prior { kind = levels, levels = [-1, 0, 1] } }
                sampler { kind = smc, particles = 30, replicates = 2, moves = 1, checkpoints = [6] }
                """, java.nio.file.Path.of("."), "pure");
        org.gnc.sample.PreparedSweep prepared = org.gnc.sample.PreparedSweep.of(spec);
        org.gnc.spec.CellSpec cell = prepared.spec().cells().get(0);
        SmcCell smc = new SmcCell(prepared.cells().get(cell.id()), TemperedSmc.Settings.of(30, 1), 2,
                cell.sampler().checkpoints());
        List<SmcTask> tasks = smc.tasks();
        assertEquals(List.of(new SmcTask(cell.id(), 12, 0), new SmcTask(cell.id(), 12, 1),
                new SmcTask(cell.id(), 6, 0), new SmcTask(cell.id(), 6, 1)), tasks);
        List<ReplicateRun> runs = new ArrayList<>();
        for (SmcTask t : tasks) {
            ReplicateRun run = smc.run(t);
            ReplicateRun again = smc.run(t);
            assertEquals(run.logEvidence(), again.logEvidence());
            assertEquals(run.steps(), again.steps());
            assertTrue(java.util.Arrays.equals(run.testMistakes(), again.testMistakes()));
            runs.add(run);
        }
        assertTrue(!runs.get(0).steps().equals(runs.get(1).steps()), "replicates are independent");
        SmcCellResult result = smc.combine(runs);
        assertEquals(List.of(6, 12), result.checkpoints().stream().map(CheckpointEstimate::n).toList());
        assertTrue(java.util.Arrays.equals(smc.pointOrder(), result.pointOrder()));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> smc.combine(runs.subList(0, 3)));
        List<ReplicateRun> twice = new ArrayList<>(runs);
        twice.set(3, runs.get(2));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> smc.combine(twice));
    }
}
