package org.gnc.smc;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.gnc.simd.VectorModule;
import org.gnc.simd.VectorShapes;

/**
 * The Vector API path of {@link GibbsScanner}'s trials: the points in the lanes, the same two roundings
 * per value as the scalar loop (h' = h + delta x and f' = f + a (relu(h') - relu(h)), or f' = f + delta
 * feature, each operation rounded once, never fused), so every lane holds exactly the scalar value, and the
 * same decision: f' &gt; B_p or f' &lt; -B_p decides the lane, and each lane left within the bound goes
 * to the scanner's own close-call decision ({@link GibbsScanner#closeMistake}). (max(z, 0) differs from
 * the scalar relu only for NaN, which only unsafe points can hold; their bound is infinite, so they are
 * always close calls.) Only whole vectors: the caller does the tail. Loaded only when
 * {@link VectorModule#present()}.
 */
final class GibbsTrialsVector {
    private static final VectorSpecies<Double> S = VectorShapes.DOUBLES;

    private GibbsTrialsVector() {
    }

    static int lanes() {
        return S.length();
    }

    /**
     * Mistakes on points [0, whole) (whole a multiple of the lanes) of a first-layer weight (column col) or
     * bias (col = -1) of unit j changed by delta, with output weight a; stops after the vector in which
     * they reach {@code limit}.
     */
    static int hidden(GibbsScanner s, double[] h, int base, double[] xT, int col, int n, int whole, double delta,
                      double a, double[] f, double[] bound, double[] ySign, int limit, int q, double v, int j) {
        final int lanes = S.length();
        DoubleVector vd = DoubleVector.broadcast(S, delta);
        DoubleVector va = DoubleVector.broadcast(S, a);
        DoubleVector zero = DoubleVector.zero(S);
        int wrong = 0;
        for (int p = 0; p < whole && wrong < limit; p += lanes) {
            DoubleVector h0 = DoubleVector.fromArray(S, h, base + p);
            DoubleVector hp = col < 0 ? h0.add(vd) : h0.add(DoubleVector.fromArray(S, xT, col * n + p).mul(vd));
            DoubleVector fp = DoubleVector.fromArray(S, f, p).add(va.mul(hp.max(zero).sub(h0.max(zero))));
            DoubleVector b = DoubleVector.fromArray(S, bound, p);
            DoubleVector ys = DoubleVector.fromArray(S, ySign, p);
            VectorMask<Double> pos = fp.compare(VectorOperators.GT, b);
            VectorMask<Double> neg = fp.compare(VectorOperators.LT, b.neg());
            wrong += pos.and(ys.compare(VectorOperators.LT, zero)).or(neg.and(ys.compare(VectorOperators.GT, zero)))
                    .trueCount();
            VectorMask<Double> close = pos.or(neg).not();
            if (close.anyTrue()) {
                for (int t = 0; t < lanes; t++) {
                    if (close.laneIsSet(t)) {
                        wrong += s.closeMistake(p + t, q, v, j, hp.lane(t));
                    }
                }
            }
        }
        return wrong;
    }

    /**
     * Mistakes on points [0, whole) of an output weight or bias changed by delta, the feature of each point
     * at {@code feature[featureBase + p]} (null: 1, the output bias; {@code relu}: take max(feature, 0)).
     */
    static int output(GibbsScanner s, double[] feature, int featureBase, boolean relu, int whole, double delta,
                      double[] f, double[] bound, double[] ySign, int limit, int q, double v) {
        final int lanes = S.length();
        DoubleVector vd = DoubleVector.broadcast(S, delta);
        DoubleVector zero = DoubleVector.zero(S);
        int wrong = 0;
        for (int p = 0; p < whole && wrong < limit; p += lanes) {
            DoubleVector step;
            if (feature == null) {
                step = vd;
            } else {
                DoubleVector x = DoubleVector.fromArray(S, feature, featureBase + p);
                step = vd.mul(relu ? x.max(zero) : x);
            }
            DoubleVector fp = DoubleVector.fromArray(S, f, p).add(step);
            DoubleVector b = DoubleVector.fromArray(S, bound, p);
            DoubleVector ys = DoubleVector.fromArray(S, ySign, p);
            VectorMask<Double> pos = fp.compare(VectorOperators.GT, b);
            VectorMask<Double> neg = fp.compare(VectorOperators.LT, b.neg());
            wrong += pos.and(ys.compare(VectorOperators.LT, zero)).or(neg.and(ys.compare(VectorOperators.GT, zero)))
                    .trueCount();
            VectorMask<Double> close = pos.or(neg).not();
            if (close.anyTrue()) {
                for (int t = 0; t < lanes; t++) {
                    if (close.laneIsSet(t)) {
                        wrong += s.closeMistake(p + t, q, v, -1, 0);
                    }
                }
            }
        }
        return wrong;
    }
}
