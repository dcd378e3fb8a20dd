package org.gnc.stats;

/**
 * An acceptance probability p as a table shows it: the estimate and the two ends of its interval, each in
 * linear scale ({@code rate}, {@code ciLow}, {@code ciHigh}) and in natural-log scale ({@code log},
 * {@code logCiLow}, {@code logCiHigh}). ln 0 is -infinity; NaN means unknown (nothing attempted, or no
 * interval). Immutable.
 *
 * <p>One scale is given and the other computed from it, figure by figure:
 * <ul>
 *   <li>{@link #ofRate} (rejection, exact and trained rows) keeps the linear figures exactly and takes ln
 *       of each: ln 0 = -infinity, and a NaN rate stays NaN.</li>
 *   <li>{@link #ofLog} (sequential Monte Carlo, whose p may be far below the smallest double) keeps the log
 *       figures exactly and takes exp of each, which underflows to 0 below about e^-745: there the log
 *       figure is the result and the linear one only says "tiny". exp(-infinity) = 0 and NaN stays NaN.</li>
 * </ul>
 * Both maps are increasing, so the order of the figures is the same in both scales (up to the rounding
 * of ln and exp, at most an ulp or two).
 *
 * <p><b>The p* alarm.</b> For a teacher-student cell, p &gt;= p* always holds: p* is the prior mass of a set
 * of networks that compute the teacher's function and so fit every training point
 * ({@code org.gnc.theory.TeacherEquivalence}). An interval for p that lies wholly below p* is therefore
 * evidence that the estimate is wrong, not a finding. {@link #belowPStar} compares in log scale, which
 * stays meaningful where p and p* underflow.
 */
public record AcceptanceEstimate(double rate, double ciLow, double ciHigh, double log, double logCiLow,
                                 double logCiHigh) {

    /** The figures of a linear {@code rate} (NaN when unknown) and its {@code interval}, with their logs. */
    public static AcceptanceEstimate ofRate(double rate, Interval interval) {
        return new AcceptanceEstimate(rate, interval.low(), interval.high(), Math.log(rate),
                Math.log(interval.low()), Math.log(interval.high()));
    }

    /**
     * The figures of ln p-hat = {@code log} and its interval's ends in logs (-infinity for an end at 0,
     * NaN where there is no interval), with their exps.
     */
    public static AcceptanceEstimate ofLog(double log, double logCiLow, double logCiHigh) {
        return new AcceptanceEstimate(Math.exp(log), Math.exp(logCiLow), Math.exp(logCiHigh), log, logCiLow,
                logCiHigh);
    }

    /**
     * What the p* alarm compares with ln p*: the interval's high end in logs, or ln p-hat itself when there
     * is no interval (NaN high end, e.g. a single replicate).
     */
    public double logHigh() {
        return Double.isNaN(logCiHigh) ? log : logCiHigh;
    }

    /**
     * Whether {@link #logHigh} &lt; {@code logPStar}: the alarm that the estimate contradicts p &gt;= p*. False
     * when ln p* is NaN (p* unknown: not a teacher-student cell, or the student cannot represent the
     * teacher) and when {@link #logHigh} is NaN.
     */
    public boolean belowPStar(double logPStar) {
        return !Double.isNaN(logPStar) && logHigh() < logPStar;
    }
}
