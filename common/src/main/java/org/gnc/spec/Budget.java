package org.gnc.spec;

import org.gnc.model.CandidateWeights;

/**
 * When a cell stops sampling: after {@code targetAccepted} accepted networks, after
 * {@code maxCandidates} candidates, or after {@code maxSeconds} of sampling time, whichever comes
 * first (a cell stopped by the last two is censored). Guarantees targetAccepted &gt;= 1,
 * 1 &lt;= maxCandidates &lt;= {@link #MAX_CANDIDATES}, and a finite maxSeconds &gt; 0.
 */
public record Budget(long targetAccepted, long maxCandidates, double maxSeconds) implements java.io.Serializable {

    /** The most candidates a cell can draw: {@link CandidateWeights#MAX_CANDIDATES} (2^43). */
    public static final long MAX_CANDIDATES = CandidateWeights.MAX_CANDIDATES;

    public Budget {
        if (targetAccepted < 1) {
            throw new IllegalArgumentException("targetAccepted must be >= 1, got " + targetAccepted);
        }
        if (maxCandidates < 1 || maxCandidates > MAX_CANDIDATES) {
            throw new IllegalArgumentException("maxCandidates must be in 1..2^43, got " + maxCandidates);
        }
        if (!(maxSeconds > 0) || !Double.isFinite(maxSeconds)) {
            throw new IllegalArgumentException("maxSeconds must be finite and > 0, got " + maxSeconds);
        }
    }
}
