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
}
