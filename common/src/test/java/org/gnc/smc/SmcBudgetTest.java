package org.gnc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.gnc.data.Dataset;
import org.gnc.kernel.HeldOutScorer;
import org.gnc.model.Architecture;
import org.gnc.rng.CounterRng;
import org.junit.jupiter.api.Test;

/** The time budget of SMC replicates ({@code budget.max-seconds}): where a replicate stops, and what its checkpoint's interval makes of it. */
class SmcBudgetTest {
    private static final double[] TERNARY = {-1, 0, 1};

    private static TemperedSmc smc(Architecture arch, Dataset train, int n, int particles) {
        return new TemperedSmc(MoveLayout.of(arch, SmcFixtures.levels(TERNARY), train, n, 0), SmcFixtures.levels(TERNARY),
                TemperedSmc.Settings.of(particles, 2));
    }

    /**
     * A budget far below one step stops the replicate before the pilot's first step: no steps, p-hat = 0,
     * ln Z so far = 0. Budgets below an unbudgeted run's time stop it part way, with exactly the steps it
     * took (the path rows, those of the full run) and ln Z so far their sum; a budget the run does not
     * reach changes nothing.
     */
    @Test
    void aReplicateStopsAtItsBudgetAndSaysWhere() {
        Architecture arch = SmcFixtures.relu(8, 6, false, false);
        double[] teacher = SmcFixtures.draw(arch, TERNARY, new SplittableRandom(4));
        Dataset train = SmcFixtures.data(arch, teacher, 60, false, 5);
        Dataset test = SmcFixtures.data(arch, teacher, 100, false, 6);
        TemperedSmc smc = smc(arch, train, 60, 200);
        HeldOutScorer scorer = new HeldOutScorer(arch, test);
        CounterRng stream = CounterRng.of(1, "budget", 0);

        ReplicateRun none = smc.run(stream, 0, scorer, 100, 1e-9);
        assertTrue(none.stopped());
        assertFalse(none.reached());
        assertEquals(0, none.stoppedAtStep());
        assertEquals(0, none.steps().size());
        assertEquals(Double.NEGATIVE_INFINITY, none.logEvidence());
        assertEquals(0.0, none.stoppedLogEvidence());
        assertEquals(List.of(TemperingStep.notStarted()), none.pathSteps(), "its one path row claims no step");

        ReplicateRun full = smc.run(stream, 0, scorer, 100);
        assertTrue(full.reached());
        assertEquals(full, smc.run(stream, 0, scorer, 100, 1e6), "a budget that is not reached changes nothing");
        assertTrue(full.steps().size() >= 6, "steps of the full run: " + full.steps().size());

        // Budgets from 0.9 down to 0.05 of the full run's time (the clock makes where a run stops vary, but
        // not what a stopped run says): every stopped run has exactly the full run's steps up to its stop.
        int stopped = 0;
        for (double fraction = 0.9; fraction > 0.04; fraction -= 0.17) {
            ReplicateRun part = smc.run(stream, 0, scorer, 100, full.seconds() * fraction);
            if (!part.stopped()) {
                assertEquals(full, part);
                continue;
            }
            stopped++;
            assertEquals(part.stoppedAtStep(), part.steps().size(), "the path rows are the steps taken");
            if (!part.steps().isEmpty()) {
                assertEquals(part.steps(), part.pathSteps());
            }
            assertTrue(part.stoppedAtStep() < full.steps().size());
            double sum = 0;
            for (int t = 0; t < part.steps().size(); t++) {
                sum += part.steps().get(t).logIncrement();
                // The steps it took are those of the full run (the same schedule and draws).
                assertEquals(full.steps().get(t), part.steps().get(t));
            }
            assertEquals(sum, part.stoppedLogEvidence(), 1e-12);
        }
        assertTrue(stopped >= 1, "a budget of 0.05 of the full run's time stops it");
    }

    /**
     * A stopped replicate counts as p-hat = 0 in the estimate and the interval's low end, and as its
     * partial estimate Z-hat (>= p in expectation) in the high end; without stopped replicates the
     * estimate is the plain one.
     */
    @Test
    void theIntervalSpansWhatAStoppedReplicateCouldSay() {
        int nTest = 10;
        long[] counts = new long[nTest + 1];
        counts[2] = 5;
        List<ReplicateRun> runs = new ArrayList<>();
        runs.add(new ReplicateRun(8, 0, 5, -3.0, -1, List.of(), counts, 0, 1));
        runs.add(new ReplicateRun(8, 1, 5, -3.2, -1, List.of(), counts, 0, 1));
        CheckpointEstimate finished = CheckpointEstimate.combine(8, runs, nTest);
        ReplicateRun dead = new ReplicateRun(8, 2, 5, Double.NEGATIVE_INFINITY, 1, List.of(), new long[nTest + 1], 0, 1);
        ReplicateRun stopped = new ReplicateRun(8, 2, 5, Double.NEGATIVE_INFINITY, -1, List.of(), new long[nTest + 1], 0,
                1, 3, -1.0);
        List<ReplicateRun> withDead = new ArrayList<>(runs);
        withDead.add(dead);
        List<ReplicateRun> withStopped = new ArrayList<>(runs);
        withStopped.add(stopped);
        CheckpointEstimate d = CheckpointEstimate.combine(8, withDead, nTest);
        CheckpointEstimate s = CheckpointEstimate.combine(8, withStopped, nTest);
        assertEquals(d.logAcceptance(), s.logAcceptance(), "the estimate counts a stopped replicate as 0");
        assertEquals(d.logCiLow(), s.logCiLow());
        assertTrue(s.logCiHigh() > d.logCiHigh() + 0.5, "the high end takes its ln Z so far: " + s.logCiHigh());
        assertTrue(s.logCiHigh() > finished.logCiHigh());
        assertEquals(2, s.reached());
        assertEquals(finished.testError().mean(), s.testError().mean(), "test error pools the replicates that reached n");
    }
}
