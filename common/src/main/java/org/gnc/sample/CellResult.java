package org.gnc.sample;

import org.gnc.stats.AcceptanceStatistics;
import org.gnc.stats.ErrorSummary;
import org.gnc.theory.Bounds;

/**
 * A finished sampled cell: its tally, the acceptance rate with its exact Clopper-Pearson 95% interval,
 * censoring (the budget ran out before the target number of accepted networks; what was found is kept,
 * and with nothing accepted the interval's upper end is the informative bound), the distribution of test
 * error over the accepted networks, and the cell's {@link Bounds} for this acceptance
 * ({@link CellBounds#sampled}). Immutable.
 */
public record CellResult(CellTally tally, AcceptanceStatistics acceptance, ErrorSummary testError, Bounds bounds) {

    /** The result of a finished tally on a test set of {@code nTest} points, with the bounds of {@code cell}. */
    public static CellResult of(CellTally tally, int nTest, CellBounds cell) {
        AcceptanceStatistics acceptance = AcceptanceStatistics.of(tally.attempts(), tally.accepted(),
                !tally.targetReached());
        return new CellResult(tally, acceptance, ErrorSummary.of(tally.mistakeCounts(nTest), nTest, false),
                cell.sampled(acceptance));
    }
}
