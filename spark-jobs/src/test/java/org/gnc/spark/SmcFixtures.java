package org.gnc.spark;

import java.util.List;
import org.gnc.smc.ReplicateRun;
import org.gnc.smc.TemperingStep;

/** Hand-made replicates of sequential Monte Carlo runs, for the tables' tests (no engine runs them). */
public final class SmcFixtures {
    private SmcFixtures() {
    }

    /**
     * A replicate of {@code checkpoint} that reached it: one tempered step at beta = 0.5 with ln r =
     * {@code logEvidence} - 0.25 and moves that changed 40% of the draws, then the final step onto the hard
     * constraint (beta = +infinity, ln r = 0.25, no moves: move acceptance NaN); {@code particles} particles
     * spread over the test mistakes 0, 1 and 2 of {@code nTest} test points by the replicate number.
     */
    public static ReplicateRun reached(int checkpoint, int replicate, int particles, double logEvidence, int nTest) {
        List<TemperingStep> steps = List.of(
                new TemperingStep(1, 0.5, logEvidence - 0.25, logEvidence - 0.25, particles - 3, 0.4),
                new TemperingStep(2, Double.POSITIVE_INFINITY, 0.25, logEvidence, particles / 2, Double.NaN));
        long[] mistakes = new long[nTest + 1];
        mistakes[0] = particles - 2 - replicate % 2;
        mistakes[1] = 1 + replicate % 2;
        mistakes[2] = 1;
        return new ReplicateRun(checkpoint, replicate, particles, logEvidence, -1, steps, mistakes, 0, 0.5);
    }

    /**
     * A replicate of {@code checkpoint} that died at step 2: no particle kept any weight, so ln r and
     * ln p-hat are -infinity from there on, and no particle is left to score.
     */
    public static ReplicateRun died(int checkpoint, int replicate, int particles, int nTest) {
        double ninf = Double.NEGATIVE_INFINITY;
        List<TemperingStep> steps = List.of(new TemperingStep(1, 0.25, -3.5, -3.5, particles - 7, 0.3),
                new TemperingStep(2, 0.75, ninf, ninf, 0, Double.NaN));
        return new ReplicateRun(checkpoint, replicate, particles, ninf, 2, steps, new long[nTest + 1], 0, 0.25);
    }
}
