package org.gnc.spec;

/**
 * When a cell stops sampling: after {@code targetAccepted} accepted networks, after
 * {@code maxCandidates} candidates, or after {@code maxSeconds} of sampling time, whichever comes
 * first (a cell stopped by the last two is censored). Guarantees targetAccepted &gt;= 1,
 * 1 &lt;= maxCandidates &lt;= {@link #MAX_CANDIDATES}, and a finite maxSeconds &gt; 0.
 */
public record Budget(long targetAccepted, long maxCandidates, double maxSeconds) {

    /**
     * 2^43: the counter-based RNG reserves 2^20 words per candidate in a 64-bit counter, and the top
     * bit is kept clear, so candidate indices must stay below 2^(63-20) = 2^43.
     */
    public static final long MAX_CANDIDATES = 1L << 43;

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
