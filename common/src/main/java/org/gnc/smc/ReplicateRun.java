package org.gnc.smc;

import java.util.Arrays;
import java.util.List;

/**
 * One finished replicate of one checkpoint: N particles tempered from the prior onto the networks with at
 * most max-train-errors mistakes on the first {@code checkpoint} training points.
 *
 * <p>{@code logEvidence} is ln p-hat, the sum of the steps' ln r_t, an unbiased estimate of p in linear
 * scale (not in log scale) given the run's schedule; -infinity when the run died ({@code diedAtStep}, the
 * first step at which no particle kept any weight; -1 when it reached the end). {@code testMistakes[k]}
 * counts the final particles with exactly k mistakes on the test set (all zeros for a dead run);
 * {@code fallbacks} counts the point decisions settled by the reference forward pass. Immutable.
 */
public record ReplicateRun(int checkpoint, int replicate, int particles, double logEvidence, int diedAtStep,
                           List<TemperingStep> steps, long[] testMistakes, long fallbacks, double seconds)
        implements java.io.Serializable {

    public ReplicateRun {
        steps = List.copyOf(steps);
        testMistakes = testMistakes.clone();
        if (diedAtStep < 0 && !(logEvidence <= 0)) {
            throw new IllegalArgumentException("a finished run's ln p-hat must be <= 0, got " + logEvidence);
        }
        if (diedAtStep >= 0 && logEvidence != Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("a dead run estimates p = 0, got ln p-hat " + logEvidence);
        }
    }

    /** Whether the run reached its checkpoint with particles left. */
    public boolean reached() {
        return diedAtStep < 0;
    }

    @Override
    public long[] testMistakes() {
        return testMistakes.clone();
    }

    /** The number of test points. */
    public int nTest() {
        return testMistakes.length - 1;
    }

    /** The mean test error of the final particles (NaN for a dead run). */
    public double meanTestError() {
        long networks = 0;
        double sum = 0;
        for (int k = 0; k < testMistakes.length; k++) {
            networks += testMistakes[k];
            sum += (double) k * testMistakes[k];
        }
        return networks == 0 ? Double.NaN : sum / networks / nTest();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplicateRun r && checkpoint == r.checkpoint && replicate == r.replicate
                && particles == r.particles && Double.compare(logEvidence, r.logEvidence) == 0
                && diedAtStep == r.diedAtStep && steps.equals(r.steps) && Arrays.equals(testMistakes, r.testMistakes)
                && fallbacks == r.fallbacks;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(checkpoint, replicate, logEvidence, diedAtStep, steps,
                Arrays.hashCode(testMistakes));
    }
}
