package org.gnc.smc;

/**
 * One step of a tempered run (a row of the path table): to the target of inverse temperature {@code beta}
 * (+infinity for the hard constraint) and output-weight tilt {@code outputTilt} (lambda; 0 on the plain
 * path, {@link TemperedSmc}), the log of the mean incremental weight ln r_t, the log-evidence so far ln
 * p-hat = sum of the ln r up to this step (from ln Z_(0, lambda_0) on a tilted path), the number of distinct
 * particles right after resampling, and the fraction of the moves' coordinate draws that changed a
 * parameter. Immutable.
 */
public record TemperingStep(int step, double beta, double outputTilt, double logIncrement, double logEvidence,
                            int distinct, double moveAcceptance) implements java.io.Serializable {

    /** A step of the plain path (no output-weight tilt). */
    public TemperingStep(int step, double beta, double logIncrement, double logEvidence, int distinct,
                         double moveAcceptance) {
        this(step, beta, 0, logIncrement, logEvidence, distinct, moveAcceptance);
    }

    /**
     * The row of a replicate that took no measured step (the time budget stopped it in its pilot, or right
     * after): step -1, still at beta = 0 (the prior), no increment (NaN), ln p-hat so far 0 (ln Z_0, the
     * value its checkpoint's interval takes for it), distinct particles not counted (-1), no moves (NaN).
     */
    public static TemperingStep notStarted() {
        return new TemperingStep(-1, 0, 0, Double.NaN, 0, -1, Double.NaN);
    }
}
