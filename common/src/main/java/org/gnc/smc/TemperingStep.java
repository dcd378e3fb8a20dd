package org.gnc.smc;

/**
 * One step of a tempered run (a row of the path table): from inverse temperature beta_(t-1) to
 * {@code beta} (+infinity for the final step onto the hard constraint), the log of the mean incremental
 * weight ln r_t, the log-evidence so far ln p-hat = sum of the ln r up to this step, the number of
 * distinct particles right after resampling, and the fraction of the moves' coordinate draws that changed
 * a parameter. Immutable.
 */
public record TemperingStep(int step, double beta, double logIncrement, double logEvidence, int distinct,
                            double moveAcceptance) implements java.io.Serializable {

    /**
     * The row of a replicate that took no measured step (the time budget stopped it in its pilot, or right
     * after): step -1, still at beta = 0 (the prior), no increment (NaN), ln p-hat so far 0 (ln Z_0, the
     * value its checkpoint's interval takes for it), distinct particles not counted (-1), no moves (NaN).
     */
    public static TemperingStep notStarted() {
        return new TemperingStep(-1, 0, Double.NaN, 0, -1, Double.NaN);
    }
}
