package org.gnc.kernel;

import org.gnc.data.Dataset;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.Prior;
import org.gnc.rng.CounterRng;
import org.gnc.simd.VectorModule;

/**
 * Early rejection for continuous priors (uniform, Gaussian) on one ReLU hidden layer, built for wide
 * inputs (Fashion-MNIST: d = 784), exact with respect to {@link ReferenceFilter}: it accepts exactly
 * the indices the reference accepts, with the same error counts.
 *
 * <p><b>Uniform priors</b> take {@link UniformHighBitsKernel}: the encoding draws each weight's 16 high
 * bits first, four per random word ({@link Prior.Uniform#draw}); the kernel decides each point from
 * the midpoint weights with a proven rounding bound and, for the rare points the bound leaves open,
 * completes the candidate's weights from its low words and runs the reference's forward pass. It
 * reads a quarter of a random word per first-layer weight instead of one. Its decisions that fell
 * back are counted by {@link #fallbacks()}.
 *
 * <p><b>Gaussian priors</b> (direct encoding) spend one random word per weight, so every weight of the
 * first layer is needed before the first point can be decided; the filter draws a candidate's weights
 * once, in one straight loop over its counters that inlines the SplitMix64 finalizer (the same
 * operations as {@link Prior#fromWord}, so the same bits), and keeps them in a buffer for the points
 * that follow. Where the Vector API (module {@code jdk.incubator.vector}) is present and the width is
 * a multiple of the machine's double lanes, {@link DenseReluVector} draws and sums L units at once, one
 * unit per lane; the arithmetic per lane is the scalar one, so the two paths give the same bits.
 * Otherwise the scalar path below runs. A pre-activation is the sequential sum of
 * {@link Architecture#output} (s = 0; s += w_i x_i for i = 0, 1, ...; then the bias), four hidden units
 * side by side, each in its own chain in that same order, which hides the latency without changing a
 * bit ({@link RowSums}). The output is f = 0; f += a_j relu(h_j) for j = 0, 1, ... (then the output
 * bias), again exactly as the reference adds it. Every per-point decision is therefore the reference's own and no rounding
 * bound is needed.
 *
 * <p>In both, points are visited hardest first and a candidate leaves at its (max-train-errors + 1)-th
 * mistake. Nothing is allocated per candidate.
 */
public final class DenseReluFilter implements InterpolatorFilter {
    /** Candidates between two re-sorts of the point order. */
    private static final int REORDER_EVERY = 1 << 10;

    private final Prior prior;
    private final Points train;
    private final int maxTrainErrors;
    private final long key;
    private final int hidden;
    private final int d;
    private final boolean bias;
    private final boolean outputBias;
    /** The uniform-prior kernel, or null for a Gaussian prior. */
    private final UniformHighBitsKernel highBits;

    /** First-layer weights, row-major, then biases, output weights and output bias: the reference layout. */
    private final double[] w;
    private final double[] h;
    /** The Vector API path, or null for the scalar one. */
    private final DenseReluVector vector;
    private final PointOrder points;
    private final PointOrder.PointLabel labels = this::label;
    private final int[] order;

    /** True when this filter applies: a continuous prior on one dense ReLU hidden layer, one output (biases too). */
    public static boolean supports(Architecture arch, Prior prior) {
        return !prior.isFinite() && arch.isDenseSingleOutput() && arch.depth() == 1
                && arch.activation() == Activation.RELU;
    }

    /** Lanes of the Vector API path's double vectors (0 without the module, or when narrower than 4). */
    static int vectorLanes() {
        return VectorModule.present() ? DenseReluVector.lanes() : 0;
    }

    public DenseReluFilter(CandidateWeights candidates, Dataset train, int maxTrainErrors) {
        this(candidates, train, maxTrainErrors, true);
    }

    /** As the public constructor; {@code allowVector = false} forces the scalar path (for tests). */
    DenseReluFilter(CandidateWeights candidates, Dataset train, int maxTrainErrors, boolean allowVector) {
        this(candidates, train, maxTrainErrors, allowVector, 1);
    }

    /**
     * As the public constructor; {@code allowVector = false} forces the scalar path and, for a uniform
     * prior, {@code slack} &gt;= 1 widens the rounding bound (more fallbacks, same decisions; for tests).
     */
    DenseReluFilter(CandidateWeights candidates, Dataset train, int maxTrainErrors, boolean allowVector,
                    double slack) {
        Architecture arch = candidates.architecture();
        if (!supports(arch, candidates.prior())) {
            throw new IllegalArgumentException("DenseReluFilter does not apply to " + arch + " with prior "
                    + candidates.prior().label());
        }
        if (candidates.projected() != null) {
            throw new IllegalArgumentException("DenseReluFilter decodes the direct encoding; these candidates use the projected one");
        }
        this.prior = candidates.prior();
        this.train = new Points(train, arch, "training");
        this.maxTrainErrors = maxTrainErrors;
        this.key = candidates.rng().key();
        this.hidden = arch.widths().get(0);
        this.d = arch.inputDim();
        this.bias = arch.bias();
        this.outputBias = arch.outputBias();
        if (prior instanceof Prior.Uniform) {
            this.highBits = new UniformHighBitsKernel(candidates, this.train, maxTrainErrors, allowVector, slack);
            this.w = null;
            this.h = null;
            this.vector = null;
            this.points = null;
            this.order = null;
            return;
        }
        this.highBits = null;
        this.w = new double[candidates.parameterCount()];
        this.h = new double[hidden];
        int lanes = allowVector ? vectorLanes() : 0;
        this.vector = lanes > 0 && hidden % lanes == 0 ? new DenseReluVector(hidden, d, key, prior) : null;
        this.points = new PointOrder(this.train.n, REORDER_EVERY);
        this.order = points.order;
    }

    /** True when the Vector API path runs. */
    boolean vectorized() {
        return highBits != null ? highBits.vectorized() : vector != null;
    }

    /**
     * How many point decisions of uniform-prior candidates the high-bits bound left open, so that they
     * were settled from the candidate's exact weights (a bound on exact sums, then if need be the
     * reference's forward pass); always 0 for a Gaussian prior, whose decisions are the reference's
     * arithmetic itself.
     */
    public long fallbacks() {
        return highBits != null ? highBits.fallbacks() : 0;
    }

    @Override
    public Acceptances scan(long first, int count) {
        if (highBits != null) {
            return highBits.scan(first, count);
        }
        Acceptances.Builder accepted = new Acceptances.Builder();
        final int[] y = train.y;
        for (long i = first; i < first + count; i++) {
            long base = CandidateWeights.firstCounter(i);
            if (vector != null) {
                drawTail(base);
                vector.drawGaussian(base);
                vector.evaluate(train.x, order[0] * d, h);
            } else {
                draw(base);
            }
            int mistakes = points.mistakes(y, maxTrainErrors, labels);
            if (mistakes >= 0) {
                accepted.add(i, mistakes);
            }
        }
        return accepted.build();
    }

    /** The drawn candidate's label on point p, the t-th visited (the vector path evaluated the first already). */
    private int label(int t, int p) {
        if (vector == null) {
            preActivations(p);
        } else if (t > 0) {
            vector.evaluate(train.x, p * d, h);
        }
        return Architecture.label(output());
    }

    /** All weights of the candidate whose counters start at {@code base}: word(base + t) gives w[t]. */
    private void draw(long base) {
        final double[] out = w;
        final int size = out.length;
        // word(c) = mix64(key + (c + 1) * GAMMA), as CounterRng computes it.
        long z = key + (base + 1) * CounterRng.GAMMA;
        for (int t = 0; t < size; t++) {
            out[t] = prior.fromWord(CounterRng.mix64(z + t * CounterRng.GAMMA));
        }
    }

    /** The weights after the first layer (biases, output weights, output bias), for the vector path. */
    private void drawTail(long base) {
        long z = key + (base + 1) * CounterRng.GAMMA;
        for (int t = hidden * d; t < w.length; t++) {
            w[t] = prior.fromWord(CounterRng.mix64(z + t * CounterRng.GAMMA));
        }
    }

    /** The first layer's sums on training point p, into h (scalar path). */
    private void preActivations(int p) {
        RowSums.of(w, 0, hidden, d, train.x, p * d, h, 0);
    }

    /** f from the sums in h, with the reference's operations in the reference's order. */
    private double output() {
        final double[] wt = w;
        int aOff = hidden * d;
        if (bias) {
            for (int u = 0; u < hidden; u++) {
                h[u] += wt[aOff + u];
            }
            aOff += hidden;
        }
        double f = 0.0;
        for (int u = 0; u < hidden; u++) {
            double s = h[u];
            f += wt[aOff + u] * (s > 0 ? s : 0.0);
        }
        if (outputBias) {
            f += wt[aOff + hidden];
        }
        return f;
    }
}
