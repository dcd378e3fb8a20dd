package org.gnc.model;

import org.gnc.rng.CounterRng;

/**
 * The weights of candidate i of a cell: a pure function of (sweep seed, cell id, i) and, for the
 * projected encoding, of the cell's training inputs.
 *
 * <p>Candidate i reads the words of the cell's {@link CounterRng} at counters
 * [i * 2^20, i * 2^20 + words). Counters of different candidates never overlap, so no two candidates
 * share random words. Hence at most 2^20 random words per candidate (checked when the stream is
 * made: {@link Prior#wordsFor} or the projected encoding's count must fit) and at most
 * {@link #MAX_CANDIDATES} candidates per cell. Two encodings map the words to weights:
 * <ul>
 *   <li>the <b>direct</b> encoding, for every cell but those below: the block gives the P parameters
 *       in {@link Architecture}'s layout by the prior's map ({@link Prior#draw}). For finite priors word
 *       t packs the digits of consecutive parameters; for a Gaussian, word t gives parameter t. For a
 *       <b>uniform</b> prior the words are read <b>high bits first</b>: words t = 0 .. ceil(P/4) - 1
 *       hold the 16-bit high parts of parameters 4t .. 4t+3 (parameter 4t+r in bits [48-16r, 64-16r)),
 *       and word ceil(P/4) + j holds the low 37 bits of parameter j (word &gt;&gt;&gt; 27); parameter j is
 *       low + (high - low) (hi_j 2^37 + lo_j) 2^-53. High and low parts come from disjoint bits of
 *       independent words, so u_j is exactly uniform on the 53-bit grid of [0, 1) and the law of the
 *       weights is that of one word per weight; the order exists so that a kernel can decide most
 *       candidates from the high words alone (a quarter of a word per weight) and draw the low words
 *       only when the high bits leave a label undecided ({@link org.gnc.kernel.DenseReluFilter}).
 *       This block needs ceil(P/4) + P words;</li>
 *   <li>the <b>projected</b> encoding ({@link ProjectedGaussian}), chosen by {@link #forCell} when
 *       the prior is Gaussian N(0, s^2), the network has one ReLU hidden layer without hidden biases
 *       and the n training inputs are numerically linearly independent (n &lt;= d): the block first
 *       gives the first layer's values on the training set, Z = W X^T, then the output weights, then
 *       the completion of W in the orthogonal complement of the training inputs. The law of the
 *       weights is the same, N(0, s^2) i.i.d.; the index-to-weights map is not.</li>
 * </ul>
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
    /** The projected encoding, or null for the direct one. */
    private final ProjectedGaussian projected;

    /** The candidate stream of one cell of one sweep, in the direct encoding. */
    public CandidateWeights(Architecture architecture, Prior prior, long sweepSeed, long cellIdBits) {
        this(architecture, prior, cellStream(sweepSeed, cellIdBits));
    }

    /** Candidates drawn from an explicit stream in the direct encoding (teachers use their own). */
    public CandidateWeights(Architecture architecture, Prior prior, CounterRng rng) {
        this(architecture, prior, rng, null);
    }

    /**
     * The candidate stream of one cell of one sweep, trained on the row-major inputs
     * {@code trainX} of {@code n} points: the projected encoding when
     * {@link ProjectedGaussian#of} applies to them, else the direct one.
     */
    public static CandidateWeights forCell(Architecture architecture, Prior prior, long sweepSeed, long cellIdBits,
                                           double[] trainX, int n) {
        return new CandidateWeights(architecture, prior, cellStream(sweepSeed, cellIdBits),
                ProjectedGaussian.of(architecture, prior, trainX, n));
    }

    private CandidateWeights(Architecture architecture, Prior prior, CounterRng rng, ProjectedGaussian projected) {
        this.architecture = architecture;
        this.prior = prior;
        this.rng = rng;
        this.parameters = architecture.parameterCount();
        this.projected = projected;
        long words = projected != null ? projected.words() : prior.wordsFor(parameters);
        if (words > (1L << WORDS_PER_CANDIDATE_LOG2)) {
            throw new IllegalArgumentException("a network of " + parameters + " parameters needs " + words
                    + " random words, more than the 2^" + WORDS_PER_CANDIDATE_LOG2 + " reserved per candidate");
        }
    }

    /**
     * The counter of candidate i's first random word, i 2^20: its words are at counters
     * [firstCounter(i), firstCounter(i) + words). A shift, inlined by the JIT into the kernels' loops.
     */
    public static long firstCounter(long i) {
        return i << WORDS_PER_CANDIDATE_LOG2;
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

    /** The projected encoding of these candidates, or null when they use the direct one. */
    public ProjectedGaussian projected() {
        return projected;
    }

    public int parameterCount() {
        return parameters;
    }

    /**
     * Writes the weights of candidate {@code index} into {@code out[offset .. offset + parameterCount())}:
     * the one definition of a candidate's weights (the reference filter, test scoring and rebuilding
     * a stored sample use it; fused kernels must reproduce it bit for bit or fall back to it).
     */
    public void fill(long index, double[] out, int offset) {
        if (index < 0 || index >= MAX_CANDIDATES) {
            throw new IllegalArgumentException("candidate index must be in [0, 2^43), got " + index);
        }
        if (projected != null) {
            projected.fill(rng, firstCounter(index), out, offset);
        } else {
            prior.draw(rng, firstCounter(index), out, offset, parameters);
        }
    }

    /** The weights of candidate {@code index}, in {@link Architecture}'s layout. */
    public double[] weights(long index) {
        double[] w = new double[parameters];
        fill(index, w, 0);
        return w;
    }
}
