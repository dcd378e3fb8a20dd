package org.gnc.stats;

/**
 * How often Guess &amp; Check accepted a candidate in one cell: an estimate of the prior mass of interpolators.
 *
 * <p>{@code rate = accepted / attempts} (NaN when there were no attempts) and {@code ci95} is the exact
 * Clopper–Pearson 95% interval for the acceptance probability ({@link ClopperPearson#interval95}); with no attempts it
 * is {@code [0, 1]}. {@code censored} is true when the budget of attempts ran out before the target number of accepted
 * networks was reached (decided by the caller). When nothing was accepted, {@code rate = 0} says little: the
 * meaningful result is the upper bound {@code ci95.high() = 1 - 0.025^(1/attempts)} (about {@code 3.69 / attempts}),
 * i.e. the acceptance probability is below it with 97.5% one-sided confidence. Immutable.
 */
public record AcceptanceStatistics(long attempts, long accepted, double rate, Interval ci95, boolean censored) {

    public AcceptanceStatistics {
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be non-negative, got " + attempts);
        }
        if (accepted < 0 || accepted > attempts) {
            throw new IllegalArgumentException(
                    "accepted must be between 0 and attempts (" + attempts + "), got " + accepted);
        }
        if (ci95 == null) {
            throw new IllegalArgumentException("ci95 must not be null");
        }
    }

    /** The statistics of {@code accepted} acceptances in {@code attempts} attempts. */
    public static AcceptanceStatistics of(long attempts, long accepted, boolean censored) {
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be non-negative, got " + attempts);
        }
        if (accepted < 0 || accepted > attempts) {
            throw new IllegalArgumentException(
                    "accepted must be between 0 and attempts (" + attempts + "), got " + accepted);
        }
        if (attempts == 0) {
            return new AcceptanceStatistics(0, 0, Double.NaN, new Interval(0, 1), censored);
        }
        return new AcceptanceStatistics(attempts, accepted, (double) accepted / attempts,
                ClopperPearson.interval95(accepted, attempts), censored);
    }
}
