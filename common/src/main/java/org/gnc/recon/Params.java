package org.gnc.recon;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The parameters theta = (W1, b, W2, V) of a {@link ReluNet} as ND4J float64 matrices (W2 null at
 * depth 1), or anything of their shapes (a gradient, a residual). The arithmetic returns new values;
 * only {@link #assign} writes into existing memory (a trainer's theta, updated in place).
 */
record Params(INDArray w1, INDArray b, INDArray w2, INDArray v) {

    /** The blocks, W2 left out at depth 1. */
    INDArray[] blocks() {
        return w2 == null ? new INDArray[] {w1, b, v} : new INDArray[] {w1, b, w2, v};
    }

    /** A copy in memory of its own (outside any ND4J workspace when called outside one). */
    Params copy() {
        return new Params(w1.dup(), b.dup(), w2 == null ? null : w2.dup(), v.dup());
    }

    /** Overwrites this with the values of {@code o} (same shapes), in place. */
    void assign(Params o) {
        w1.assign(o.w1);
        b.assign(o.b);
        if (w2 != null) {
            w2.assign(o.w2);
        }
        v.assign(o.v);
    }

    /** this - other. */
    Params minus(Params o) {
        return new Params(w1.sub(o.w1), b.sub(o.b), w2 == null ? null : w2.sub(o.w2), v.sub(o.v));
    }

    /** this + c other. */
    Params plus(double c, Params o) {
        return new Params(w1.add(o.w1.mul(c)), b.add(o.b.mul(c)), w2 == null ? null : w2.add(o.w2.mul(c)),
                v.add(o.v.mul(c)));
    }

    /** ||this||^2. */
    double squaredNorm() {
        double s = 0;
        for (INDArray a : blocks()) {
            s += a.mul(a).sumNumber().doubleValue();
        }
        return s;
    }
}
