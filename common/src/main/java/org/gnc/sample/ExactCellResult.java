package org.gnc.sample;

import org.gnc.stats.AcceptanceStatistics;
import org.gnc.stats.ErrorSummary;
import org.gnc.stats.Interval;
import org.gnc.theory.Bounds;

/**
 * A finished enumerated cell: the exact posterior over its whole space, its acceptance (attempts = the
 * k^P configurations, accepted = the interpolators, never censored; {@code ci95} is the Clopper-Pearson
 * interval of those counts, as any other acceptance), the exact posterior of test error (population
 * std, zero standard error) and the cell's {@link Bounds} ({@link CellBounds#exact}). Immutable.
 */
public record ExactCellResult(ExactPosterior posterior, AcceptanceStatistics acceptance, ErrorSummary testError,
                              Bounds bounds) {

    /** The result of the enumeration {@code posterior} of the whole space, with the bounds of {@code cell}. */
    public static ExactCellResult of(ExactPosterior posterior, CellBounds cell) {
        return new ExactCellResult(posterior,
                AcceptanceStatistics.of(posterior.configurations(), posterior.interpolators(), false),
                posterior.testError(), cell.exact(posterior));
    }

    /** The acceptance probability is exact, so its interval is the point [p, p]. */
    public Interval exactInterval() {
        return new Interval(acceptance.rate(), acceptance.rate());
    }
}
