package org.gnc.spec;

import org.gnc.model.CandidateWeights;

/**
 * When a cell stops sampling: after {@code targetAccepted} accepted networks, after
 * {@code maxCandidates} candidates, or after {@code maxSeconds} of sampling time, whichever comes
 * first (a cell stopped by the last two is censored). Guarantees 0 &lt;= targetAccepted,
 * 0 &lt;= maxCandidates &lt;= {@link #MAX_CANDIDATES}, and a finite maxSeconds &gt; 0. A candidate limit
 * of 0 means "not set", which only an SMC cell may leave (its budget is its time; {@link CellSpec}
 * guarantees that a rejection cell {@link #limitsCandidates()}).
 */
public record Budget(long targetAccepted, long maxCandidates, double maxSeconds) implements java.io.Serializable {

    /** The most candidates a cell can draw: {@link CandidateWeights#MAX_CANDIDATES} (2^43). */
    public static final long MAX_CANDIDATES = CandidateWeights.MAX_CANDIDATES;

    public Budget {
        if (targetAccepted < 0) {
            throw new IllegalArgumentException("targetAccepted must be >= 1, or 0 when not set, got " + targetAccepted);
        }
        if (maxCandidates < 0 || maxCandidates > MAX_CANDIDATES) {
            throw new IllegalArgumentException("maxCandidates must be in 1..2^43, or 0 when not set, got "
                    + maxCandidates);
        }
        if (!(maxSeconds > 0) || !Double.isFinite(maxSeconds)) {
            throw new IllegalArgumentException("maxSeconds must be finite and > 0, got " + maxSeconds);
        }
    }

    /** Whether both candidate limits are set (&gt;= 1), as Guess &amp; Check needs. */
    public boolean limitsCandidates() {
        return targetAccepted >= 1 && maxCandidates >= 1;
    }
}
