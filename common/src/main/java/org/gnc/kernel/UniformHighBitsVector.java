package org.gnc.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.gnc.model.Rounding;
import org.gnc.rng.CounterRng;
import org.gnc.rng.SplitMixLanes;
import org.gnc.simd.VectorShapes;

/**
 * The Vector API path of {@link UniformHighBitsKernel}: the high words of the first layer of a
 * uniform-prior candidate and the sums T_j = sum_c hi_jc x_c of L hidden units at once, one unit per
 * 64-bit lane (L = the machine's preferred number of double lanes).
 *
 * <p>Applies when the input dimension d is a multiple of 4 and the width a multiple of L. Then row j
 * of the first layer is exactly the q = d/4 high words at counters base + j q .. base + j q + q - 1
 * ({@link org.gnc.model.Prior.Uniform#draw}), and word c4 of row j holds the high parts of columns
 * 4 c4 + r (r = 0..3) in its 16-bit fields from the top down. Lane l of group g is unit j = g L + l;
 * going one word on adds GAMMA to every lane's SplitMix64 state.
 *
 * <p><b>Arithmetic.</b> A group's L words are read as 2L 32-bit lanes: lane 2l + 1 (the high half of
 * word l) holds fields r = 0, 1 and lane 2l holds r = 2, 3. A logical shift by 16 exposes fields 0 and 2,
 * a mask fields 1 and 3; each is converted to float (exact, below 2^16) and multiplied by its column's
 * input rounded to float (the pair (x_4c4+0, x_4c4+2), then (x_4c4+1, x_4c4+3), broadcast as one 64-bit
 * value). Products accumulate in float over blocks of at most {@link #BLOCK} words, and each block's
 * sum is added in double. With u_f = 2^-24, every product reaches T_j through one rounding of x, one
 * of the product and at most BLOCK + 1 float additions, then exact conversions and double additions,
 * so |T_j - sum_c hi_jc x_c| &lt;= (gamma_f(BLOCK + 3) + gamma(d + 1)) 2^16 sum_c |x_c|
 * ({@link #floatError}), provided every input is 0 or of magnitude in [2^-100, 2^100] (no float
 * underflow or overflow; {@link #supportsInputs}). The kernel adds this term to its bound.
 *
 * <p>The words are kept ({@link #highWord}) for the points that follow ({@link #sum}) and for the
 * exact weights of a fallback. Loaded only when the module {@code jdk.incubator.vector} is present.
 */
final class UniformHighBitsVector {
    /** Words summed in float before the block's sum is added in double. */
    static final int BLOCK = 14;
    /** Constants, so that the JIT compiles vector operations to vector instructions. */
    private static final VectorSpecies<Double> DS = VectorShapes.DOUBLES;
    private static final VectorSpecies<Long> LS = VectorShapes.LONGS;
    private static final VectorSpecies<Float> FS = VectorShapes.FLOATS;

    private final int lanes;
    private final int groups;
    private final int q;
    /** words[(g q + c4) L + l]: the high word c4 of unit g L + l. */
    private final long[] words;
    private final long[] laneOffsets;
    /** Per point p and word c4: the float pairs (x_4c4+0 high, x_4c4+2 low) and (x_4c4+1, x_4c4+3). */
    private final long[] pairs;
    /** Per 32-bit lane: the double sum (scratch). */
    private final double[] halves;
    private final int d;
    /** Exact first-layer weights of a fallback, wT[(g d + c) L + l] for unit g L + l, column c. */
    private final double[] wT;

    /** Lanes of the preferred double vector, or 0 when the Vector API is not usable here. */
    static int lanes() {
        return DenseReluVector.lanes();
    }

    /** True when every input is 0 or of magnitude in [2^-100, 2^100], so that float arithmetic neither underflows nor overflows. */
    static boolean supportsInputs(double[] x) {
        for (double v : x) {
            double m = Math.abs(v);
            if (!(v == 0 || (m >= 0x1.0p-100 && m <= 0x1.0p100))) {
                return false;
            }
        }
        return true;
    }

    /** The bound on |T_j - sum_c hi_jc x_c| per unit of 2^16 sum_c |x_c|: gamma_f(BLOCK + 3) + gamma(d + 1). */
    static double floatError(int d) {
        return Rounding.gamma(BLOCK + 3, Rounding.U_FLOAT) + Rounding.gamma(d + 1, Rounding.U_DOUBLE);
    }

    /**
     * For {@code hidden} units (a multiple of {@link #lanes()}) on the n points {@code x} of dimension
     * d (a multiple of 4), whose inputs pass {@link #supportsInputs}.
     */
    UniformHighBitsVector(int hidden, int d, double[] x, int n) {
        this.lanes = DS.length();
        if (hidden % lanes != 0 || LS.length() != lanes || FS.length() != 2 * lanes || d % 4 != 0
                || !supportsInputs(x)) {
            throw new IllegalArgumentException(hidden + " hidden units on " + d
                    + " inputs: need a multiple of " + lanes + " units and of 4 inputs, each 0 or in [2^-100, 2^100]");
        }
        this.groups = hidden / lanes;
        this.q = d / 4;
        this.d = d;
        this.wT = new double[hidden * d];
        this.words = new long[hidden * q];
        this.laneOffsets = new long[lanes];
        this.halves = new double[2 * lanes];
        this.pairs = new long[2 * n * q];
        for (int p = 0; p < n; p++) {
            for (int c4 = 0; c4 < q; c4++) {
                int xc = p * d + 4 * c4;
                pairs[2 * (p * q + c4)] = pair(x[xc], x[xc + 2]);
                pairs[2 * (p * q + c4) + 1] = pair(x[xc + 1], x[xc + 3]);
            }
        }
    }

    /** The two inputs rounded to float: {@code high} in the high 32 bits, {@code low} in the low 32 bits. */
    private static long pair(double high, double low) {
        return ((long) Float.floatToRawIntBits((float) high) << 32) | (Float.floatToRawIntBits((float) low) & 0xFFFFFFFFL);
    }

    /** The high word c4 of unit j drawn last: counter base + j d/4 + c4. */
    long highWord(int j, int c4) {
        return words[((j / lanes) * q + c4) * lanes + j % lanes];
    }

    /** laneOffsets[l] = the SplitMix64 state of unit g L + l at its first high word. */
    private void offsets(long z0, int g) {
        for (int l = 0; l < lanes; l++) {
            laneOffsets[l] = z0 + (long) (g * lanes + l) * q * CounterRng.GAMMA;
        }
    }

    /** T_j of group g from the double sums of its 32-bit lanes in halves: lanes 2l and 2l + 1 are unit l. */
    private void combine(double[] t, int g) {
        for (int l = 0; l < lanes; l++) {
            t[g * lanes + l] = halves[2 * l] + halves[2 * l + 1];
        }
    }

    /**
     * Draws the first layer's high words of the candidate whose SplitMix64 state at its first counter
     * is {@code z0} (key + (base + 1) GAMMA) and writes T_j on point p into t[0 .. hidden).
     */
    void drawAndSum(long z0, int p, double[] t) {
        draw(z0);
        sum(p, t);
    }

    /** Draws the first layer's high words of the candidate whose SplitMix64 state at its first counter is {@code z0}. */
    void draw(long z0) {
        final LongVector gamma = LongVector.broadcast(LS, CounterRng.GAMMA);
        final int ll = lanes;
        int g = 0;
        for (; g + 2 <= groups; g += 2) {
            offsets(z0, g);
            LongVector za = LongVector.fromArray(LS, laneOffsets, 0);
            offsets(z0, g + 1);
            LongVector zb = LongVector.fromArray(LS, laneOffsets, 0);
            int oa = g * q * ll;
            int ob = oa + q * ll;
            for (int c4 = 0; c4 < q; c4++, oa += ll, ob += ll) {
                SplitMixLanes.mix64(za).intoArray(words, oa);
                SplitMixLanes.mix64(zb).intoArray(words, ob);
                za = za.add(gamma);
                zb = zb.add(gamma);
            }
        }
        for (; g < groups; g++) {
            offsets(z0, g);
            LongVector za = LongVector.fromArray(LS, laneOffsets, 0);
            int oa = g * q * ll;
            for (int c4 = 0; c4 < q; c4++, oa += ll) {
                SplitMixLanes.mix64(za).intoArray(words, oa);
                za = za.add(gamma);
            }
        }
    }

    /** T_j on point p under the high words drawn last, into t[0 .. hidden). */
    void sum(int p, double[] t) {
        final int ll = lanes;
        final int pb = 2 * p * q;
        int g = 0;
        for (; g + 2 <= groups; g += 2) {
            DoubleVector da0 = DoubleVector.zero(DS);
            DoubleVector da1 = da0;
            DoubleVector db0 = DoubleVector.zero(DS);
            DoubleVector db1 = db0;
            int oa = g * q * ll;
            int ob = oa + q * ll;
            for (int c0 = 0; c0 < q; c0 += BLOCK) {
                int end = Math.min(q, c0 + BLOCK);
                FloatVector fa02 = FloatVector.zero(FS);
                FloatVector fa13 = fa02;
                FloatVector fb02 = FloatVector.zero(FS);
                FloatVector fb13 = fb02;
                for (int c4 = c0; c4 < end; c4++, oa += ll, ob += ll) {
                    LongVector ua = LongVector.fromArray(LS, words, oa);
                    LongVector ub = LongVector.fromArray(LS, words, ob);
                    FloatVector x02 = LongVector.broadcast(LS, pairs[pb + 2 * c4]).reinterpretAsFloats();
                    FloatVector x13 = LongVector.broadcast(LS, pairs[pb + 2 * c4 + 1]).reinterpretAsFloats();
                    IntVector ia = ua.reinterpretAsInts();
                    fa02 = fa02.add(((FloatVector) ia.lanewise(VectorOperators.LSHR, 16).convert(VectorOperators.I2F, 0)).mul(x02));
                    fa13 = fa13.add(((FloatVector) ia.and(0xFFFF).convert(VectorOperators.I2F, 0)).mul(x13));
                    IntVector ib = ub.reinterpretAsInts();
                    fb02 = fb02.add(((FloatVector) ib.lanewise(VectorOperators.LSHR, 16).convert(VectorOperators.I2F, 0)).mul(x02));
                    fb13 = fb13.add(((FloatVector) ib.and(0xFFFF).convert(VectorOperators.I2F, 0)).mul(x13));
                }
                FloatVector sa = fa02.add(fa13);
                da0 = da0.add((DoubleVector) sa.convert(VectorOperators.F2D, 0));
                da1 = da1.add((DoubleVector) sa.convert(VectorOperators.F2D, 1));
                FloatVector sb = fb02.add(fb13);
                db0 = db0.add((DoubleVector) sb.convert(VectorOperators.F2D, 0));
                db1 = db1.add((DoubleVector) sb.convert(VectorOperators.F2D, 1));
            }
            da0.intoArray(halves, 0);
            da1.intoArray(halves, ll);
            combine(t, g);
            db0.intoArray(halves, 0);
            db1.intoArray(halves, ll);
            combine(t, g + 1);
        }
        for (; g < groups; g++) {
            DoubleVector da0 = DoubleVector.zero(DS);
            DoubleVector da1 = da0;
            int oa = g * q * ll;
            for (int c0 = 0; c0 < q; c0 += BLOCK) {
                int end = Math.min(q, c0 + BLOCK);
                FloatVector fa02 = FloatVector.zero(FS);
                FloatVector fa13 = fa02;
                for (int c4 = c0; c4 < end; c4++, oa += ll) {
                    LongVector ua = LongVector.fromArray(LS, words, oa);
                    FloatVector x02 = LongVector.broadcast(LS, pairs[pb + 2 * c4]).reinterpretAsFloats();
                    FloatVector x13 = LongVector.broadcast(LS, pairs[pb + 2 * c4 + 1]).reinterpretAsFloats();
                    IntVector ia = ua.reinterpretAsInts();
                    fa02 = fa02.add(((FloatVector) ia.lanewise(VectorOperators.LSHR, 16).convert(VectorOperators.I2F, 0)).mul(x02));
                    fa13 = fa13.add(((FloatVector) ia.and(0xFFFF).convert(VectorOperators.I2F, 0)).mul(x13));
                }
                FloatVector sa = fa02.add(fa13);
                da0 = da0.add((DoubleVector) sa.convert(VectorOperators.F2D, 0));
                da1 = da1.add((DoubleVector) sa.convert(VectorOperators.F2D, 1));
            }
            da0.intoArray(halves, 0);
            da1.intoArray(halves, ll);
            combine(t, g);
        }
    }

    /**
     * The exact first-layer weights of the candidate drawn last, kept for {@link #exactSum} and
     * {@link #exactWeightsInto}: weight (j, c) = low + span * ((hi 2^37 | lowWord &gt;&gt;&gt; 27) 2^-53) with
     * lowWord the word at counter base + lowOffset + j d + c, lane by lane with the operations of
     * {@link org.gnc.model.Prior.Uniform#fromParts} (separate multiply and add), hence the same bits.
     */
    void exactWeights(long z0, long lowOffset, double low, double span) {
        final LongVector gamma = LongVector.broadcast(LS, CounterRng.GAMMA);
        final DoubleVector lo = DoubleVector.broadcast(DS, low);
        final DoubleVector sp = DoubleVector.broadcast(DS, span);
        final int ll = lanes;
        for (int g = 0; g < groups; g++) {
            for (int l = 0; l < ll; l++) {
                laneOffsets[l] = z0 + (lowOffset + (long) (g * ll + l) * d) * CounterRng.GAMMA;
            }
            LongVector z = LongVector.fromArray(LS, laneOffsets, 0);
            int o = g * d * ll;
            int ow = g * q * ll;
            for (int c4 = 0; c4 < q; c4++, ow += ll) {
                LongVector hw = LongVector.fromArray(LS, words, ow);
                for (int r = 0; r < 4; r++, o += ll) {
                    LongVector u = SplitMixLanes.mix64(z);
                    LongVector bits = hw.lanewise(VectorOperators.LSHR, 48 - 16 * r).and(0xFFFFL)
                            .lanewise(VectorOperators.LSHL, 37).or(u.lanewise(VectorOperators.LSHR, 27));
                    ((DoubleVector) bits.convert(VectorOperators.L2D, 0)).mul(0x1.0p-53).mul(sp).add(lo).intoArray(wT, o);
                    z = z.add(gamma);
                }
            }
        }
    }

    /** The exact weights of the last {@link #exactWeights} into w[0 .. hidden d), in {@link org.gnc.model.Architecture}'s layout. */
    void exactWeightsInto(double[] w) {
        final int ll = lanes;
        for (int j = 0; j < groups * ll; j++) {
            int base = ((j / ll) * d) * ll + j % ll;
            for (int c = 0; c < d; c++) {
                w[j * d + c] = wT[base + c * ll];
            }
        }
    }

    /** The pre-activations (no bias) of point x[xo ..] under the exact weights of the last {@link #exactWeights}, into t. */
    void exactSum(double[] x, int xo, double[] t) {
        for (int g = 0; g < groups; g++) {
            DoubleVector s = DoubleVector.zero(DS);
            int o = g * d * lanes;
            for (int c = 0; c < d; c++, o += lanes) {
                s = s.add(DoubleVector.fromArray(DS, wT, o).mul(x[xo + c]));
            }
            s.intoArray(t, g * lanes);
        }
    }
}
