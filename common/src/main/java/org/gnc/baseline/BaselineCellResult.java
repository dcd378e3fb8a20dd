package org.gnc.baseline;

import java.util.List;
import org.gnc.stats.AcceptanceStatistics;
import org.gnc.stats.ErrorSummary;
import org.gnc.theory.Bounds;

/**
 * A finished baseline cell: its runs in seed order; its acceptance (attempts = the runs, accepted = those
 * {@link TrainingRun#accepted}: interpolated, and in the cell's loss bin if it has one; never censored); the
 * distribution of test error over the accepted runs
 * (sample std); the training seconds summed over the runs; and the cell's {@link Bounds}, which hold no
 * PAC-Bayes bound (trained networks are not draws from the Guess &amp; Check posterior) but the cell's own
 * ln p* and eps(n). Immutable.
 */
public record BaselineCellResult(List<TrainingRun> runs, AcceptanceStatistics acceptance, ErrorSummary testError,
                                 double seconds, Bounds bounds) {
    public BaselineCellResult {
        runs = List.copyOf(runs);
        if (!Double.isNaN(bounds.pacBayesBound())) {
            throw new IllegalArgumentException("trained networks have no PAC-Bayes bound, got "
                    + bounds.pacBayesBound());
        }
    }

    /**
     * The result of {@code runs} (in seed order) on a test set of {@code nTest} points, with the cell's
     * teacher-only {@code bounds}.
     */
    public static BaselineCellResult of(List<TrainingRun> runs, int nTest, Bounds bounds) {
        long[] counts = new long[nTest + 1];
        long interpolated = 0;
        double seconds = 0;
        for (TrainingRun r : runs) {
            if (r.accepted()) {
                interpolated++;
                counts[r.testMistakes()]++;
            }
            seconds += r.seconds();
        }
        return new BaselineCellResult(runs, AcceptanceStatistics.of(runs.size(), interpolated, false),
                ErrorSummary.of(counts, nTest, false), seconds, bounds);
    }
}
