package org.gnc.kernel.conv;

import java.util.Arrays;
import org.gnc.data.Dataset;
import org.gnc.kernel.Acceptances;
import org.gnc.kernel.InterpolatorFilter;
import org.gnc.kernel.PointOrder;
import org.gnc.kernel.Points;
import org.gnc.kernel.ReferenceFilter;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.Prior;

/**
 * Early rejection for ReLU students with conv layers (LeNet-sized stacks of conv, max-pool, avg-pool,
 * flatten and dense layers, any stride and padding, biases or not, one output or two logits, any prior
 * in the direct encoding), exact with respect to {@link ReferenceFilter}: it accepts exactly the indices
 * the reference accepts, with the same error counts.
 *
 * <p><b>Work.</b> A candidate's weights are drawn once ({@link ConvStackNetwork#load}). The training
 * points are then visited hardest first ({@link PointOrder}) and the candidate leaves at its
 * (max-train-errors + 1)-th mistake; each point's output is {@link ConvStackNetwork#output}, the patches
 * of a first conv layer that reads patches built once per filter (the training points are fixed).
 *
 * <p><b>Exactness.</b> Every output is the reference's ({@link Architecture#output}) bit for bit
 * ({@link ConvStackNetwork} says why; a padded conv needs finite weights, which every prior here gives
 * unless its parameters are themselves near overflow: {@link #supports} checks this), and the label is
 * {@link Architecture#label}. Every per-point decision is therefore the reference's, and since the accept
 * rule does not depend on the order in which points are visited, both filters accept the same indices
 * with the same counts. No rounding bound is needed. Nothing is allocated per candidate.
 */
public final class ConvStackFilter implements InterpolatorFilter {
    /** Candidates between two re-sorts of the point order. */
    private static final int REORDER_EVERY = 1 << 10;
    /** The largest number of values of the first conv layer's patches kept for all points (64 MB). */
    private static final long MAX_KEPT_PATCHES = 1L << 23;

    private final Points train;
    private final int maxTrainErrors;
    private final ConvStackNetwork network;
    /** Per training point, the first conv layer's patches, or null when not kept. */
    private final double[][] firstPatches;
    private final PointOrder points;
    private final PointOrder.PointLabel labels = this::label;

    /**
     * True when this filter applies: ReLU, at least one conv layer, and, if a conv layer pads, a prior
     * whose weights are finite (levels that are finite numbers; uniform or Gaussian with parameters far
     * from overflow). Conv students never have the projected encoding, so any prior's direct encoding.
     */
    public static boolean supports(Architecture arch, Prior prior) {
        return ConvStackNetwork.fits(arch) && (!ConvStackNetwork.pads(arch) || finiteWeights(prior));
    }

    /** True when every weight the prior draws is a finite double. */
    static boolean finiteWeights(Prior prior) {
        if (prior instanceof Prior.Uniform u) {
            return Double.isFinite(u.low()) && Double.isFinite(u.high() - u.low())
                    && Double.isFinite(Math.abs(u.low()) + 2 * (u.high() - u.low()));
        }
        if (prior instanceof Prior.Gaussian g) {
            // |Phi^-1(u)| < 40 for every u in (0, 1) that the encoding forms.
            return Double.isFinite(40 * g.std());
        }
        return Arrays.stream(prior.levels()).allMatch(Double::isFinite);
    }

    /** Lanes of the Vector API path (0 without the module, or when narrower than 4 doubles). */
    static int vectorLanes() {
        return ConvStackNetwork.vectorLanes();
    }

    public ConvStackFilter(CandidateWeights candidates, Dataset train, int maxTrainErrors) {
        this(candidates, train, maxTrainErrors, true);
    }

    /** As the public constructor; {@code allowVector = false} forces the scalar path (for tests). */
    ConvStackFilter(CandidateWeights candidates, Dataset train, int maxTrainErrors, boolean allowVector) {
        this(candidates, train, maxTrainErrors, allowVector, MAX_KEPT_PATCHES);
    }

    /**
     * As the public constructor; {@code allowVector = false} forces the scalar path, and a first conv's
     * patches are kept for all points only when they number at most {@code maxKeptPatches} values (else
     * built per point; for tests).
     */
    ConvStackFilter(CandidateWeights candidates, Dataset train, int maxTrainErrors, boolean allowVector,
                    long maxKeptPatches) {
        Architecture arch = candidates.architecture();
        if (!supports(arch, candidates.prior())) {
            throw new IllegalArgumentException("ConvStackFilter does not apply to " + arch + " with prior "
                    + candidates.prior().label());
        }
        if (candidates.projected() != null) {
            throw new IllegalArgumentException("ConvStackFilter reads the direct encoding");
        }
        this.train = new Points(train, arch, "training");
        this.maxTrainErrors = maxTrainErrors;
        this.network = new ConvStackNetwork(arch, candidates, allowVector);
        int patchSize = network.firstPatchSize();
        this.firstPatches = patchSize > 0 && (long) patchSize * this.train.n <= maxKeptPatches
                ? new double[this.train.n][] : null;
        if (firstPatches != null) {
            for (int q = 0; q < this.train.n; q++) {
                firstPatches[q] = new double[patchSize];
                network.firstPatches(this.train.x, q * this.train.dim, firstPatches[q]);
            }
        }
        this.points = new PointOrder(this.train.n, REORDER_EVERY);
    }

    /** True when the Vector API path runs. */
    boolean vectorized() {
        return network.vectorized();
    }

    @Override
    public Acceptances scan(long first, int count) {
        Acceptances.Builder accepted = new Acceptances.Builder();
        final int[] y = train.y;
        for (long i = first; i < first + count; i++) {
            network.load(i);
            int mistakes = points.mistakes(y, maxTrainErrors, labels);
            if (mistakes >= 0) {
                accepted.add(i, mistakes);
            }
        }
        return accepted.build();
    }

    /** Makes candidate i the current one ({@link ConvStackNetwork#load}). */
    void load(long i) {
        network.load(i);
    }

    /** The current candidate's label on training point p. */
    private int label(int t, int p) {
        return Architecture.label(output(p));
    }

    /** The output (or two-logit margin) of the current candidate on training point p, as the reference's. */
    double output(int p) {
        return network.output(train.x, p * train.dim, firstPatches == null ? null : firstPatches[p]);
    }
}
