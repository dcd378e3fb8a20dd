package org.gnc.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;
import org.gnc.model.Prior;
import org.gnc.rng.CounterRng;
import org.gnc.rng.NormalLanes;
import org.gnc.rng.SplitMixLanes;
import org.gnc.simd.VectorModule;
import org.gnc.simd.VectorShapes;

/**
 * The Vector API path of {@link DenseReluFilter} for Gaussian priors (uniform priors take
 * {@link UniformHighBitsVector}): the first-layer weights and pre-activations of L hidden units at
 * once, one unit per lane (L = the machine's preferred number of double lanes).
 *
 * <p>Lane l of group g is unit j = g L + l. Its weight in column c is drawn from counter
 * base + j d + c, so going one column on adds GAMMA to every lane's SplitMix64 state; the finalizer,
 * then {@link NormalLanes}: the shift to 52 bits, the conversion and the central branch of AS241 are the
 * scalar operations of {@link Prior#fromWord} lane by lane, the tails go through {@link Prior#fromWord}.
 * A lane's pre-activation is s = 0; s += w_c x_c for c = 0, 1, ...: the reference's sequential sum,
 * with a separate multiply and add (never a fused multiply-add), so every bit is the reference's.
 *
 * <p>Loaded only when the module {@code jdk.incubator.vector} is present ({@link #available}).
 */
final class DenseReluVector {
    /** Constants, so that the JIT compiles vector operations to vector instructions. */
    private static final VectorSpecies<Double> DS = VectorShapes.DOUBLES;
    private static final VectorSpecies<Long> LS = VectorShapes.LONGS;

    private final int lanes;
    private final int groups;
    private final int d;
    private final long key;
    private final Prior prior;
    private final double std;
    private final double[] absQ;
    private final int[] tailAt;
    private final long[] tailWord;
    /** wT[(g d + c) L + l]: the weight of unit g L + l in column c. */
    private final double[] wT;
    private final long[] laneOffsets;
    private final long[] words;

    /** Lanes of the preferred double vector, or 0 when narrower than 4; only when {@link VectorModule#present()}. */
    static int lanes() {
        int l = VectorShapes.DOUBLES.length();
        return l >= 4 ? l : 0;
    }

    /** For {@code hidden} units (a multiple of {@link #lanes()}) on inputs of dimension d. */
    DenseReluVector(int hidden, int d, long key, Prior prior) {
        this.lanes = DS.length();
        if (hidden % lanes != 0 || LS.length() != lanes) {
            throw new IllegalArgumentException(hidden + " hidden units are not a multiple of " + lanes + " lanes");
        }
        this.groups = hidden / lanes;
        this.absQ = new double[lanes];
        this.tailAt = new int[hidden * d];
        this.tailWord = new long[hidden * d];
        this.d = d;
        this.key = key;
        this.prior = prior;
        if (!(prior instanceof Prior.Gaussian g)) {
            throw new IllegalArgumentException("the vector path draws Gaussian weights, not " + prior.label());
        }
        this.std = g.std();
        this.wT = new double[hidden * d];
        this.laneOffsets = new long[lanes];
        this.words = new long[lanes];
    }

    /**
     * Gaussian first-layer weights into wT: std * NormalQuantile.of(((word &gt;&gt;&gt; 12) + 1/2) 2^-52)
     * lane by lane, the central branch of AS241 (|q| &lt;= 0.425, about 85% of draws) in vectors with the
     * same coefficients and operations in the same order; the tails afterwards through
     * {@link Prior#fromWord}, once no vector is live (a vector live across a call that is not inlined is
     * boxed on Java 17, which is also why the SplitMix64 steps are written out rather than called).
     */
    void drawGaussian(long base) {
        final LongVector gamma = LongVector.broadcast(LS, CounterRng.GAMMA);
        final long z0 = key + (base + 1) * CounterRng.GAMMA;
        int tails = 0;
        for (int g = 0; g < groups; g++) {
            for (int l = 0; l < lanes; l++) {
                laneOffsets[l] = z0 + (long) (g * lanes + l) * d * CounterRng.GAMMA;
            }
            LongVector z = LongVector.fromArray(LS, laneOffsets, 0);
            int o = g * d * lanes;
            for (int c = 0; c < d; c++, o += lanes) {
                LongVector u = SplitMixLanes.mix64(z);
                DoubleVector q = NormalLanes.centred(u);
                NormalLanes.central(q, std).intoArray(wT, o);
                q.abs().intoArray(absQ, 0);
                u.intoArray(words, 0);
                for (int l = 0; l < lanes; l++) {
                    if (!(absQ[l] <= NormalLanes.CENTRAL)) {
                        tailAt[tails] = o + l;
                        tailWord[tails++] = words[l];
                    }
                }
                z = z.add(gamma);
            }
        }
        for (int t = 0; t < tails; t++) {
            wT[tailAt[t]] = prior.fromWord(tailWord[t]);
        }
    }

    /** The weight of unit j in column c drawn last (for tests). */
    double weight(int j, int c) {
        return wT[((j / lanes) * d + c) * lanes + j % lanes];
    }

    /** The pre-activations (biases not added) of the point x[xo ..] under the weights drawn last. */
    void evaluate(double[] x, int xo, double[] h) {
        int g = 0;
        for (; g + 2 <= groups; g += 2) {
            DoubleVector s0 = DoubleVector.zero(DS);
            DoubleVector s1 = DoubleVector.zero(DS);
            int o0 = g * d * lanes;
            int o1 = o0 + d * lanes;
            for (int c = 0; c < d; c++, o0 += lanes, o1 += lanes) {
                double xc = x[xo + c];
                s0 = s0.add(DoubleVector.fromArray(DS, wT, o0).mul(xc));
                s1 = s1.add(DoubleVector.fromArray(DS, wT, o1).mul(xc));
            }
            s0.intoArray(h, g * lanes);
            s1.intoArray(h, (g + 1) * lanes);
        }
        for (; g < groups; g++) {
            DoubleVector s = DoubleVector.zero(DS);
            int o = g * d * lanes;
            for (int c = 0; c < d; c++, o += lanes) {
                s = s.add(DoubleVector.fromArray(DS, wT, o).mul(x[xo + c]));
            }
            s.intoArray(h, g * lanes);
        }
    }
}
