package org.gnc.model;

import org.gnc.rng.CounterRng;

/**
 * The weights of candidate i of a cell: a pure function of (sweep seed, cell id, i).
 *
 * <p>Candidate i reads the words of the cell's {@link CounterRng} at counters
 * [i * 2^20, i * 2^20 + words), and its prior maps them to weights ({@link Prior#draw}). Counters of
 * different candidates never overlap, so no two candidates share random words. Hence at most 2^20
 * random words per candidate and at most {@link #MAX_CANDIDATES} candidates per cell.
 */
public final class CandidateWeights {
    /** log2 of the counter block reserved for each candidate. */
    public static final int WORDS_PER_CANDIDATE_LOG2 = 20;
    /** The largest number of candidates a cell can draw (2^43). */
    public static final long MAX_CANDIDATES = 1L << 43;

    private final Architecture architecture;
    private final Prior prior;
    private final CounterRng rng;
    private final int parameters;

    /** The candidate stream of one cell of one sweep. */
    public CandidateWeights(Architecture architecture, Prior prior, long sweepSeed, long cellIdBits) {
        this(architecture, prior, cellStream(sweepSeed, cellIdBits));
    }

    /** Candidates drawn from an explicit stream (teachers use their own). */
    public CandidateWeights(Architecture architecture, Prior prior, CounterRng rng) {
        this.architecture = architecture;
        this.prior = prior;
        this.rng = rng;
        this.parameters = architecture.parameterCount();
        long words = prior.wordsFor(parameters);
        if (words > (1L << WORDS_PER_CANDIDATE_LOG2)) {
            throw new IllegalArgumentException("a network of " + parameters + " parameters needs " + words
                    + " random words, more than the 2^" + WORDS_PER_CANDIDATE_LOG2 + " reserved per candidate");
        }
    }

    /** The random stream of the candidates of cell {@code cellIdBits} in sweep {@code sweepSeed}. */
    public static CounterRng cellStream(long sweepSeed, long cellIdBits) {
        return CounterRng.of(sweepSeed, "candidates", cellIdBits);
    }

    public Architecture architecture() {
        return architecture;
    }

    public Prior prior() {
        return prior;
    }

    /** The random stream the candidates read (fused kernels decode its words themselves). */
    public CounterRng rng() {
        return rng;
    }

    public int parameterCount() {
        return parameters;
    }

    /** Writes the weights of candidate {@code index} into {@code out[offset .. offset + parameterCount())}. */
    public void fill(long index, double[] out, int offset) {
        if (index < 0 || index >= MAX_CANDIDATES) {
            throw new IllegalArgumentException("candidate index must be in [0, 2^43), got " + index);
        }
        prior.draw(rng, index << WORDS_PER_CANDIDATE_LOG2, out, offset, parameters);
    }

    /** The weights of candidate {@code index}, in {@link Architecture}'s layout. */
    public double[] weights(long index) {
        double[] w = new double[parameters];
        fill(index, w, 0);
        return w;
    }
}
