package org.gnc.sample;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.gnc.rng.CounterRng;

/**
 * The Vector API path of {@link UniformHighBitsKernel}: the high words of the first layer of a
 * uniform-prior candidate and the sums T_j = sum_c hi_jc x_c of L hidden units at once, one unit per
 * lane (L = the machine's preferred number of double lanes).
 *
 * <p>Applies when the input dimension d is a multiple of 4 and the width a multiple of L. Then row j
 * of the first layer is exactly the q = d/4 high words at counters base + j q .. base + j q + q - 1
 * ({@link org.gnc.model.Prior.Uniform#draw}), and word c4 of row j holds the high parts of columns
 * 4 c4 .. 4 c4 + 3 in its 16-bit fields from the top down. Lane l of group g is unit j = g L + l;
 * going one word on adds GAMMA to every lane's SplitMix64 state. Each of the four fields is
 * converted to a double (exact: it is below 2^16) and multiplied by its column's input; the four
 * fields accumulate in four separate sums, so the additions form four independent chains (the
 * kernel's rounding bound holds for any summation order). Two groups run side by side.
 *
 * <p>The words are kept ({@link #highWord}) for the points that follow ({@link #sum}) and for the
 * exact weights of a fallback. Loaded only when the module {@code jdk.incubator.vector} is present.
 */
final class UniformHighBitsVector {
    /** Constants, so that the JIT compiles vector operations to vector instructions. */
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> LS = VectorSpecies.of(long.class, DS.vectorShape());

    private final int lanes;
    private final int groups;
    private final int q;
    /** words[(g q + c4) L + l]: the high word c4 of unit g L + l. */
    private final long[] words;
    private final long[] laneOffsets;

    /** Lanes of the preferred double vector, or 0 when the Vector API is not usable here. */
    static int lanes() {
        return DenseReluVector.lanes();
    }

    /** For {@code hidden} units (a multiple of {@link #lanes()}) on inputs of dimension d (a multiple of 4). */
    UniformHighBitsVector(int hidden, int d) {
        this.lanes = DS.length();
        if (hidden % lanes != 0 || LS.length() != lanes || d % 4 != 0) {
            throw new IllegalArgumentException(hidden + " hidden units on " + d
                    + " inputs: need a multiple of " + lanes + " units and of 4 inputs");
        }
        this.groups = hidden / lanes;
        this.q = d / 4;
        this.words = new long[hidden * q];
        this.laneOffsets = new long[lanes];
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

    /**
     * Draws the first layer's high words of the candidate whose SplitMix64 state at its first counter
     * is {@code z0} (key + (base + 1) GAMMA) and writes T_j = sum_c hi_jc x[xo + c] into t[0 .. hidden).
     */
    void drawAndSum(long z0, double[] x, int xo, double[] t) {
        final LongVector gamma = LongVector.broadcast(LS, CounterRng.GAMMA);
        final int ll = lanes;
        int g = 0;
        for (; g + 2 <= groups; g += 2) {
            offsets(z0, g);
            LongVector za = LongVector.fromArray(LS, laneOffsets, 0);
            offsets(z0, g + 1);
            LongVector zb = LongVector.fromArray(LS, laneOffsets, 0);
            DoubleVector a0 = DoubleVector.zero(DS);
            DoubleVector a1 = a0;
            DoubleVector a2 = a0;
            DoubleVector a3 = a0;
            DoubleVector b0 = a0;
            DoubleVector b1 = a0;
            DoubleVector b2 = a0;
            DoubleVector b3 = a0;
            int oa = g * q * ll;
            int ob = oa + q * ll;
            for (int c4 = 0, xc = xo; c4 < q; c4++, xc += 4, oa += ll, ob += ll) {
                LongVector ua = za.lanewise(VectorOperators.XOR, za.lanewise(VectorOperators.LSHR, 30))
                        .mul(0xBF58476D1CE4E5B9L);
                LongVector ub = zb.lanewise(VectorOperators.XOR, zb.lanewise(VectorOperators.LSHR, 30))
                        .mul(0xBF58476D1CE4E5B9L);
                ua = ua.lanewise(VectorOperators.XOR, ua.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
                ub = ub.lanewise(VectorOperators.XOR, ub.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
                ua = ua.lanewise(VectorOperators.XOR, ua.lanewise(VectorOperators.LSHR, 31));
                ub = ub.lanewise(VectorOperators.XOR, ub.lanewise(VectorOperators.LSHR, 31));
                ua.intoArray(words, oa);
                ub.intoArray(words, ob);
                double x0 = x[xc];
                double x1 = x[xc + 1];
                double x2 = x[xc + 2];
                double x3 = x[xc + 3];
                a0 = a0.add(((DoubleVector) ua.lanewise(VectorOperators.LSHR, 48).convert(VectorOperators.L2D, 0)).mul(x0));
                b0 = b0.add(((DoubleVector) ub.lanewise(VectorOperators.LSHR, 48).convert(VectorOperators.L2D, 0)).mul(x0));
                a1 = a1.add(((DoubleVector) ua.lanewise(VectorOperators.LSHR, 32).and(0xFFFFL).convert(VectorOperators.L2D, 0)).mul(x1));
                b1 = b1.add(((DoubleVector) ub.lanewise(VectorOperators.LSHR, 32).and(0xFFFFL).convert(VectorOperators.L2D, 0)).mul(x1));
                a2 = a2.add(((DoubleVector) ua.lanewise(VectorOperators.LSHR, 16).and(0xFFFFL).convert(VectorOperators.L2D, 0)).mul(x2));
                b2 = b2.add(((DoubleVector) ub.lanewise(VectorOperators.LSHR, 16).and(0xFFFFL).convert(VectorOperators.L2D, 0)).mul(x2));
                a3 = a3.add(((DoubleVector) ua.and(0xFFFFL).convert(VectorOperators.L2D, 0)).mul(x3));
                b3 = b3.add(((DoubleVector) ub.and(0xFFFFL).convert(VectorOperators.L2D, 0)).mul(x3));
                za = za.add(gamma);
                zb = zb.add(gamma);
            }
            a0.add(a1).add(a2.add(a3)).intoArray(t, g * ll);
            b0.add(b1).add(b2.add(b3)).intoArray(t, (g + 1) * ll);
        }
        for (; g < groups; g++) {
            offsets(z0, g);
            LongVector za = LongVector.fromArray(LS, laneOffsets, 0);
            DoubleVector a0 = DoubleVector.zero(DS);
            DoubleVector a1 = a0;
            DoubleVector a2 = a0;
            DoubleVector a3 = a0;
            int oa = g * q * ll;
            for (int c4 = 0, xc = xo; c4 < q; c4++, xc += 4, oa += ll) {
                LongVector ua = za.lanewise(VectorOperators.XOR, za.lanewise(VectorOperators.LSHR, 30))
                        .mul(0xBF58476D1CE4E5B9L);
                ua = ua.lanewise(VectorOperators.XOR, ua.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
                ua = ua.lanewise(VectorOperators.XOR, ua.lanewise(VectorOperators.LSHR, 31));
                ua.intoArray(words, oa);
                a0 = a0.add(((DoubleVector) ua.lanewise(VectorOperators.LSHR, 48).convert(VectorOperators.L2D, 0)).mul(x[xc]));
                a1 = a1.add(((DoubleVector) ua.lanewise(VectorOperators.LSHR, 32).and(0xFFFFL).convert(VectorOperators.L2D, 0)).mul(x[xc + 1]));
                a2 = a2.add(((DoubleVector) ua.lanewise(VectorOperators.LSHR, 16).and(0xFFFFL).convert(VectorOperators.L2D, 0)).mul(x[xc + 2]));
                a3 = a3.add(((DoubleVector) ua.and(0xFFFFL).convert(VectorOperators.L2D, 0)).mul(x[xc + 3]));
                za = za.add(gamma);
            }
            a0.add(a1).add(a2.add(a3)).intoArray(t, g * ll);
        }
    }

    /** T_j = sum_c hi_jc x[xo + c] under the high words drawn last, into t[0 .. hidden). */
    void sum(double[] x, int xo, double[] t) {
        final int ll = lanes;
        int g = 0;
        for (; g + 2 <= groups; g += 2) {
            DoubleVector a0 = DoubleVector.zero(DS);
            DoubleVector a1 = a0;
            DoubleVector a2 = a0;
            DoubleVector a3 = a0;
            DoubleVector b0 = a0;
            DoubleVector b1 = a0;
            DoubleVector b2 = a0;
            DoubleVector b3 = a0;
            int oa = g * q * ll;
            int ob = oa + q * ll;
            for (int c4 = 0, xc = xo; c4 < q; c4++, xc += 4, oa += ll, ob += ll) {
                LongVector ua = LongVector.fromArray(LS, words, oa);
                LongVector ub = LongVector.fromArray(LS, words, ob);
                double x0 = x[xc];
                double x1 = x[xc + 1];
                double x2 = x[xc + 2];
                double x3 = x[xc + 3];
                a0 = a0.add(((DoubleVector) ua.lanewise(VectorOperators.LSHR, 48).convert(VectorOperators.L2D, 0)).mul(x0));
                b0 = b0.add(((DoubleVector) ub.lanewise(VectorOperators.LSHR, 48).convert(VectorOperators.L2D, 0)).mul(x0));
                a1 = a1.add(((DoubleVector) ua.lanewise(VectorOperators.LSHR, 32).and(0xFFFFL).convert(VectorOperators.L2D, 0)).mul(x1));
                b1 = b1.add(((DoubleVector) ub.lanewise(VectorOperators.LSHR, 32).and(0xFFFFL).convert(VectorOperators.L2D, 0)).mul(x1));
                a2 = a2.add(((DoubleVector) ua.lanewise(VectorOperators.LSHR, 16).and(0xFFFFL).convert(VectorOperators.L2D, 0)).mul(x2));
                b2 = b2.add(((DoubleVector) ub.lanewise(VectorOperators.LSHR, 16).and(0xFFFFL).convert(VectorOperators.L2D, 0)).mul(x2));
                a3 = a3.add(((DoubleVector) ua.and(0xFFFFL).convert(VectorOperators.L2D, 0)).mul(x3));
                b3 = b3.add(((DoubleVector) ub.and(0xFFFFL).convert(VectorOperators.L2D, 0)).mul(x3));
            }
            a0.add(a1).add(a2.add(a3)).intoArray(t, g * ll);
            b0.add(b1).add(b2.add(b3)).intoArray(t, (g + 1) * ll);
        }
        for (; g < groups; g++) {
            DoubleVector a0 = DoubleVector.zero(DS);
            DoubleVector a1 = a0;
            DoubleVector a2 = a0;
            DoubleVector a3 = a0;
            int oa = g * q * ll;
            for (int c4 = 0, xc = xo; c4 < q; c4++, xc += 4, oa += ll) {
                LongVector ua = LongVector.fromArray(LS, words, oa);
                a0 = a0.add(((DoubleVector) ua.lanewise(VectorOperators.LSHR, 48).convert(VectorOperators.L2D, 0)).mul(x[xc]));
                a1 = a1.add(((DoubleVector) ua.lanewise(VectorOperators.LSHR, 32).and(0xFFFFL).convert(VectorOperators.L2D, 0)).mul(x[xc + 1]));
                a2 = a2.add(((DoubleVector) ua.lanewise(VectorOperators.LSHR, 16).and(0xFFFFL).convert(VectorOperators.L2D, 0)).mul(x[xc + 2]));
                a3 = a3.add(((DoubleVector) ua.and(0xFFFFL).convert(VectorOperators.L2D, 0)).mul(x[xc + 3]));
            }
            a0.add(a1).add(a2.add(a3)).intoArray(t, g * ll);
        }
    }
}
