package org.gnc.sample;

import org.gnc.stats.AcceptanceStatistics;
import org.gnc.stats.ErrorSummary;

/**
 * The statistics of one sampled cell: its tally, the acceptance rate with its exact
 * Clopper-Pearson 95% interval, censoring (the budget ran out before the target number of
 * accepted networks; what was found is kept, and with nothing accepted the interval's upper end is
 * the informative bound), and the distribution of test error over the accepted networks.
 */
public record CellResult(CellTally tally, AcceptanceStatistics acceptance, ErrorSummary testError) {

    /** Statistics of a finished tally on a test set of {@code nTest} points. */
    public static CellResult of(CellTally tally, int nTest) {
        return new CellResult(tally,
                AcceptanceStatistics.of(tally.attempts(), tally.accepted(), !tally.targetReached()),
                ErrorSummary.of(tally.mistakeCounts(nTest), nTest, false));
    }
}
