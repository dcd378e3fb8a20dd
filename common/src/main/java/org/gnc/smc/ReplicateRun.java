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
 * {@code fallbacks} counts the point decisions settled by the reference forward pass.
 *
 * <p><b>Stopped by the time budget</b> ({@code budget.max-seconds}): {@code stoppedAtStep} is the step of the
 * measured run that did not start (0 when the pilot ran out of time), -1 for a run not stopped. A stopped
 * run did not reach beta = infinity: its {@code logEvidence} is -infinity, as a dead run's (it counts as
 * p-hat = 0, a low estimate), and {@code stoppedLogEvidence} is the sum of its ln r_t so far (0 if none),
 * an unbiased estimate of the normalizer Z_beta of the last target it reached, which is at least p
 * (Z_beta decreases in beta to Z_infinity = p): a high estimate. (On a tilted path, {@link TemperedSmc},
 * it is ln Z-hat_(beta, lambda) + lambda K, capped at 0: Z_(beta, lambda) &gt;= p e^(-lambda K).) Both bound the interval of its
 * checkpoint ({@link CheckpointEstimate}). NaN for a run not stopped. Immutable.
 */
public record ReplicateRun(int checkpoint, int replicate, int particles, double logEvidence, int diedAtStep,
                           List<TemperingStep> steps, long[] testMistakes, long fallbacks, double seconds,
                           int stoppedAtStep, double stoppedLogEvidence)
        implements java.io.Serializable {

    /** A run that was not stopped by the time budget. */
    public ReplicateRun(int checkpoint, int replicate, int particles, double logEvidence, int diedAtStep,
                        List<TemperingStep> steps, long[] testMistakes, long fallbacks, double seconds) {
        this(checkpoint, replicate, particles, logEvidence, diedAtStep, steps, testMistakes, fallbacks, seconds, -1,
                Double.NaN);
    }

    public ReplicateRun {
        if (stoppedAtStep >= 0 && (diedAtStep >= 0 || logEvidence != Double.NEGATIVE_INFINITY
                || !(stoppedLogEvidence <= 0))) {
            throw new IllegalArgumentException("a stopped run has not died, estimates p-hat = 0 and its ln Z so far "
                    + "is <= 0; got died at " + diedAtStep + ", ln p-hat " + logEvidence + ", ln Z " + stoppedLogEvidence);
        }
        steps = List.copyOf(steps);
        testMistakes = testMistakes.clone();
        if (diedAtStep < 0 && stoppedAtStep < 0 && !(logEvidence <= 0)) {
            throw new IllegalArgumentException("a finished run's ln p-hat must be <= 0, got " + logEvidence);
        }
        if ((diedAtStep >= 0 || stoppedAtStep >= 0) && logEvidence != Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("a dead run estimates p = 0, got ln p-hat " + logEvidence);
        }
    }

    /** Whether the run reached its checkpoint with particles left (neither died nor stopped by the budget). */
    public boolean reached() {
        return diedAtStep < 0 && stoppedAtStep < 0;
    }

    /**
     * The rows of the run's path: its steps, or, for a run the time budget stopped before its first measured
     * step, the one row {@link TemperingStep#notStarted} (so every replicate has a row saying how far it got).
     */
    public List<TemperingStep> pathSteps() {
        return stopped() && steps.isEmpty() ? List.of(TemperingStep.notStarted()) : steps;
    }

    /** Whether the time budget stopped the run before its checkpoint. */
    public boolean stopped() {
        return stoppedAtStep >= 0;
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
                && fallbacks == r.fallbacks && stoppedAtStep == r.stoppedAtStep
                && Double.compare(stoppedLogEvidence, r.stoppedLogEvidence) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(checkpoint, replicate, logEvidence, diedAtStep, steps,
                Arrays.hashCode(testMistakes), stoppedAtStep);
    }
}
