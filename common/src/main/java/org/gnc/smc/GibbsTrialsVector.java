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
 * same decision: f' &gt; B_p or f' &lt; -B_p decides the lane; a lane left within the bound where every
 * unit with a non-zero output weight certainly has h &lt; -E_p (the scanner's cached others, and the unit
 * being drawn) gets the output bias's label; any other goes to the scanner's own close-call decision
 * ({@link GibbsScanner#closeMistake}). (max(z, 0) differs from
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
                      double a, double[] f, double[] bound, double[] ySign, int limit, int q, double v, int j,
                      boolean[] othersInactive, double[] negActive, double inactiveLabel, boolean[] safe) {
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
                // Lanes where every unit is certainly inactive (unit j's trial h too, when its output weight
                // counts) have f_ref = the output bias alone: the scanner's all-inactive rule.
                VectorMask<Double> inactive = close.and(VectorMask.fromArray(S, othersInactive, p))
                        .and(VectorMask.fromArray(S, safe, p));
                if (a != 0) {
                    inactive = inactive.and(hp.compare(VectorOperators.LT, DoubleVector.fromArray(S, negActive, p)));
                }
                wrong += inactive.and(ys.compare(inactiveLabel > 0 ? VectorOperators.LT : VectorOperators.GT, zero))
                        .trueCount();
                VectorMask<Double> rest = close.andNot(inactive);
                if (rest.anyTrue()) {
                    for (int t = 0; t < lanes; t++) {
                        if (rest.laneIsSet(t)) {
                            wrong += s.closeMistake(p + t, q, v, j, hp.lane(t));
                        }
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
                      double[] f, double[] bound, double[] ySign, int limit, int q, double v,
                      boolean[] othersInactive, double[] negActive, double inactiveLabel, boolean[] safe) {
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
                VectorMask<Double> rest = close;
                if (othersInactive != null) {
                    // Output weight of a hidden unit (feature = its h): every other unit certainly inactive,
                    // and the unit itself too unless its trial weight is 0.
                    VectorMask<Double> inactive = close.and(VectorMask.fromArray(S, othersInactive, p))
                            .and(VectorMask.fromArray(S, safe, p));
                    if (v != 0) {
                        inactive = inactive.and(DoubleVector.fromArray(S, feature, featureBase + p)
                                .compare(VectorOperators.LT, DoubleVector.fromArray(S, negActive, p)));
                    }
                    wrong += inactive.and(ys.compare(inactiveLabel > 0 ? VectorOperators.LT : VectorOperators.GT,
                            zero)).trueCount();
                    rest = close.andNot(inactive);
                }
                if (rest.anyTrue()) {
                    for (int t = 0; t < lanes; t++) {
                        if (rest.laneIsSet(t)) {
                            wrong += s.closeMistake(p + t, q, v, -1, 0);
                        }
                    }
                }
            }
        }
        return wrong;
    }

    /**
     * {@link GibbsScanner}'s application of a first-layer weight (column col) or bias (col = -1) of a unit
     * changed by delta, with output weight a, on points [0, whole): the trial's operations, stored.
     */
    static void applyHidden(double[] h, int base, double[] xT, int col, int n, int whole, double delta, double a,
                            double[] f) {
        final int lanes = S.length();
        DoubleVector vd = DoubleVector.broadcast(S, delta);
        DoubleVector va = DoubleVector.broadcast(S, a);
        DoubleVector zero = DoubleVector.zero(S);
        for (int p = 0; p < whole; p += lanes) {
            DoubleVector h0 = DoubleVector.fromArray(S, h, base + p);
            DoubleVector hp = col < 0 ? h0.add(vd) : h0.add(DoubleVector.fromArray(S, xT, col * n + p).mul(vd));
            DoubleVector.fromArray(S, f, p).add(va.mul(hp.max(zero).sub(h0.max(zero)))).intoArray(f, p);
            hp.intoArray(h, base + p);
        }
    }

    /** The application of an output weight or bias changed by delta on points [0, whole), as {@link #output} tries it. */
    static void applyOutput(double[] feature, int featureBase, boolean relu, int whole, double delta, double[] f) {
        final int lanes = S.length();
        DoubleVector vd = DoubleVector.broadcast(S, delta);
        DoubleVector zero = DoubleVector.zero(S);
        for (int p = 0; p < whole; p += lanes) {
            DoubleVector step;
            if (feature == null) {
                step = vd;
            } else {
                DoubleVector x = DoubleVector.fromArray(S, feature, featureBase + p);
                step = vd.mul(relu ? x.max(zero) : x);
            }
            DoubleVector.fromArray(S, f, p).add(step).intoArray(f, p);
        }
    }
}
