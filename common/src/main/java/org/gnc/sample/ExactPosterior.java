package org.gnc.sample;

import java.util.Arrays;
import org.gnc.stats.ErrorSummary;

/**
 * What exhaustive enumeration of a range of configurations found: how many were enumerated, how
 * many fit the training set, and mistakeCounts[k] = the number of those fitting ones with exactly k
 * test mistakes. Over the whole space, interpolators / configurations is the exact prior mass of
 * interpolators (the acceptance probability of Guess &amp; Check), and the mistake counts are the
 * exact posterior of test error (uniform over interpolators). Partial results over disjoint ranges
 * merge by addition.
 */
public record ExactPosterior(long configurations, long interpolators, long[] mistakeCounts)
        implements java.io.Serializable {
    public ExactPosterior {
        mistakeCounts = mistakeCounts.clone();
        if (Arrays.stream(mistakeCounts).sum() != interpolators) {
            throw new IllegalArgumentException("mistake counts do not add up to the interpolator count");
        }
    }

    @Override public long[] mistakeCounts() {
        return mistakeCounts.clone();
    }

    /** The test-set size these counts refer to. */
    public int nTest() {
        return mistakeCounts.length - 1;
    }

    /** interpolators / configurations. */
    public double acceptanceProbability() {
        return (double) interpolators / configurations;
    }

    /** The exact posterior distribution of test error (population std, zero standard error). */
    public ErrorSummary testError() {
        return ErrorSummary.of(mistakeCounts, nTest(), true);
    }

    /** The result over the union of two disjoint ranges. */
    public ExactPosterior plus(ExactPosterior other) {
        if (other.mistakeCounts.length != mistakeCounts.length) {
            throw new IllegalArgumentException("posteriors over different test sets");
        }
        return new ExactPosterior(configurations + other.configurations, interpolators + other.interpolators,
                ErrorSummary.merge(mistakeCounts, other.mistakeCounts));
    }

    @Override public boolean equals(Object o) {
        return o instanceof ExactPosterior e && e.configurations == configurations
                && e.interpolators == interpolators && Arrays.equals(e.mistakeCounts, mistakeCounts);
    }

    @Override public int hashCode() {
        return Long.hashCode(configurations) * 31 + Arrays.hashCode(mistakeCounts);
    }
}
