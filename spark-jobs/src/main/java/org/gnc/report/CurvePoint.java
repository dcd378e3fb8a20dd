package org.gnc.report;

/**
 * One point of a learning curve as the SMC charts draw it: ln p-hat and the test error of one cell at one
 * training-set size n. Either a row of the checkpoints table (method {@code smc}, n its checkpoint) or a
 * Guess &amp; Check cell of the same run and settings (method {@code sample}, n its n_train).
 * {@code settings} are the cell's settings but the sampler's, as text: an smc cell and a rejection cell
 * of one grid point have equal settings.
 *
 * <p>The log figures are NaN where the table holds null: {@code logAcceptance} where the estimate is 0
 * (no replicate reached n, no network accepted); {@code logCiHigh} where there is no interval (an smc
 * cell of one replicate), and then {@code logCiLow} too; {@code logCiLow} alone where the interval's low
 * end is 0 (the interval is open below). {@code logPStar} is NaN where p* is unknown, {@code errorSe}
 * where there is no standard error.
 */
public record CurvePoint(String cellId, String method, String settings, String widths, String prior, int n,
                         double logAcceptance, double logCiLow, double logCiHigh, boolean belowPStar,
                         double logPStar, double errorMean, double errorSe) {

    /** Whether there is an estimate to draw: ln p-hat is finite. */
    public boolean hasEstimate() {
        return Double.isFinite(logAcceptance);
    }

    /** Whether there is an interval: its high end is finite (its low end may still be open). */
    public boolean hasInterval() {
        return Double.isFinite(logCiHigh);
    }

    /** "SMC, width 8, levels[-1,0,1], n = 64 (cell 135cda8e6e935436)": how notes name the point. */
    public String describe() {
        return ReportCharts.label(method) + ", " + CellPoint.widthLabel(widths) + ", " + prior + ", n = " + n
                + " (cell " + cellId + ")";
    }
}
