package org.gnc.sample;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API path of {@link TestScorer} for one ReLU hidden layer: one test point per lane, four
 * hidden units at a time kept in registers, so each test input is loaded once per four units.
 *
 * <p>Per lane the operations are those of {@link TestScorer}'s scalar path in the same order:
 * h = ((0 + w_0 x_0) + w_1 x_1) + ... (+ b), relu(h) = h &gt; 0 ? h : 0, f = (0 + a_0 r_0) + ...
 * over the units with a_j != 0 in increasing j. Terms with w_i = 0 are added here (the scalar path
 * skips them): they add a signed zero, which changes at most the sign of a zero sum, and no ReLU or
 * label tells the two zeros apart. So the outputs, and the mistakes, are the scalar path's.
 *
 * <p>Loaded only when the module {@code jdk.incubator.vector} is present.
 */
final class TestScorerVector {
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    private TestScorerVector() {
    }

    /** Lanes per vector (points per block). */
    static int lanes() {
        return DS.length();
    }

    /**
     * Writes f of the points [p0, p0 + lanes()) into {@code out[0 .. lanes())}: inputs xt
     * feature-major (xt[i n + p]), weights w[wOff ..] in {@link org.gnc.model.Architecture}'s layout;
     * {@code units} is scratch space of length 4.
     */
    static void outputs(double[] xt, int n, int d, int width, boolean bias, boolean outputBias, double[] w,
                        int wOff, int p0, double[] out, int[] units) {
        int aOff = wOff + width * d + (bias ? width : 0);
        DoubleVector zero = DoubleVector.zero(DS);
        DoubleVector f = zero;
        int j = 0;
        while (j < width) {
            int k = 0;
            while (k < 4 && j < width) {
                if (w[aOff + j] != 0) {
                    units[k++] = j;
                }
                j++;
            }
            if (k == 4) {
                int r0 = wOff + units[0] * d;
                int r1 = wOff + units[1] * d;
                int r2 = wOff + units[2] * d;
                int r3 = wOff + units[3] * d;
                DoubleVector h0 = zero;
                DoubleVector h1 = zero;
                DoubleVector h2 = zero;
                DoubleVector h3 = zero;
                for (int i = 0, xo = p0; i < d; i++, xo += n) {
                    DoubleVector x = DoubleVector.fromArray(DS, xt, xo);
                    h0 = h0.add(x.mul(w[r0 + i]));
                    h1 = h1.add(x.mul(w[r1 + i]));
                    h2 = h2.add(x.mul(w[r2 + i]));
                    h3 = h3.add(x.mul(w[r3 + i]));
                }
                f = addUnit(f, h0, units[0], bias, w, wOff, width, d, aOff, zero);
                f = addUnit(f, h1, units[1], bias, w, wOff, width, d, aOff, zero);
                f = addUnit(f, h2, units[2], bias, w, wOff, width, d, aOff, zero);
                f = addUnit(f, h3, units[3], bias, w, wOff, width, d, aOff, zero);
            } else {
                for (int t = 0; t < k; t++) {
                    int r = wOff + units[t] * d;
                    DoubleVector h = zero;
                    for (int i = 0, xo = p0; i < d; i++, xo += n) {
                        h = h.add(DoubleVector.fromArray(DS, xt, xo).mul(w[r + i]));
                    }
                    f = addUnit(f, h, units[t], bias, w, wOff, width, d, aOff, zero);
                }
            }
        }
        if (outputBias) {
            f = f.add(w[aOff + width]);
        }
        f.intoArray(out, 0);
    }

    private static DoubleVector addUnit(DoubleVector f, DoubleVector h, int j, boolean bias, double[] w, int wOff,
                                        int width, int d, int aOff, DoubleVector zero) {
        if (bias) {
            h = h.add(w[wOff + width * d + j]);
        }
        DoubleVector r = zero.blend(h, h.compare(VectorOperators.GT, 0.0));
        return f.add(r.mul(w[aOff + j]));
    }
}
