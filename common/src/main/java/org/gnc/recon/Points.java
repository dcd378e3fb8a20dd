package org.gnc.recon;

import org.gnc.simd.Nd4jThreads;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Points stored row-major in a flat array, as ND4J float64 matrices. Loading this class pins ND4J to
 * one thread ({@link Nd4jThreads}): a reconstruction runs one thread per Spark task, and ND4J's parallel
 * elementwise ops cost far more than they save at these sizes when the cores are busy (README, Benchmarks). Stateless.
 */
final class Points {
    static {
        Nd4jThreads.pinToOne();
    }

    private Points() {
    }

    /** The n x d matrix of {@code x} (length n d), a copy. */
    static INDArray matrix(double[] x, int d) {
        return Nd4j.createFromArray(x.clone()).reshape('c', x.length / d, d);
    }

    /** A column vector of {@code values}, a copy. */
    static INDArray column(double[] values) {
        return Nd4j.createFromArray(values.clone()).reshape(values.length, 1);
    }

    /** The row-major values of a matrix. */
    static double[] flat(INDArray m) {
        return m.dup('c').reshape(m.length()).toDoubleVector();
    }
}
