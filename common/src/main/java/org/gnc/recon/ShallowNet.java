package org.gnc.recon;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.gnc.rng.CounterRng;
import org.gnc.stats.NormalQuantile;

/**
 * The network of a reconstruction: Phi(x) = v . relu(W x + b) with W of H x d (row-major), a bias b
 * in the hidden layer only and one output weight per unit, as in the papers. Immutable.
 *
 * <p>Phi is 2-homogeneous in theta = (W, b, v): Phi(c theta; x) = c^2 Phi(theta; x) for c &gt; 0 (relu
 * is 1-homogeneous and the bias scales with W), so the normalized margin is min_i y_i Phi(x_i) /
 * ||theta||^2, and Euler's identity gives &lt;theta, grad_theta Phi(x)&gt; = 2 Phi(x).
 */
public record ShallowNet(int dim, int width, double[] w, double[] b, double[] v) implements java.io.Serializable {

    public ShallowNet {
        if (w.length != width * dim || b.length != width || v.length != width) {
            throw new IllegalArgumentException("need W of " + width + " x " + dim + ", b and v of " + width
                    + ", got " + w.length + ", " + b.length + ", " + v.length);
        }
        w = w.clone();
        b = b.clone();
        v = v.clone();
    }

    @Override public double[] w() {
        return w.clone();
    }

    @Override public double[] b() {
        return b.clone();
    }

    @Override public double[] v() {
        return v.clone();
    }

    /** Every parameter i.i.d. N(0, scale^2): word j of {@code rng} for parameter j (W, then b, then v). */
    public static ShallowNet gaussian(int dim, int width, double scale, CounterRng rng) {
        double[][] parts = {new double[width * dim], new double[width], new double[width]};
        long j = 0;
        for (double[] part : parts) {
            for (int i = 0; i < part.length; i++) {
                part[i] = scale * NormalQuantile.of(CounterRng.openUnitInterval(rng.word(j++)));
            }
        }
        return new ShallowNet(dim, width, parts[0], parts[1], parts[2]);
    }

    /** ||theta||, the Euclidean norm of all parameters. */
    public double norm() {
        return Math.sqrt(dot(w, w) + dot(b, b) + dot(v, v));
    }

    /** This network with every parameter times {@code c}. */
    public ShallowNet scaled(double c) {
        return new ShallowNet(dim, width, times(w, c), times(b, c), times(v, c));
    }

    /** W as an H x d matrix (a copy). */
    INDArray wMatrix() {
        return Nd4j.createFromArray(w).reshape('c', width, dim);
    }

    INDArray bRow() {
        return Nd4j.createFromArray(b).reshape(1, width);
    }

    INDArray vColumn() {
        return Nd4j.createFromArray(v).reshape(width, 1);
    }

    /** The pre-activations Z = X W^T + 1 b^T of the n x d points X (n x H). */
    INDArray preActivations(INDArray x) {
        return x.mmul(wMatrix().transpose()).addiRowVector(bRow());
    }

    /** Phi of each of the n x d points {@code x} (row-major), as a vector of n. */
    public double[] outputs(double[] x) {
        INDArray xs = Points.matrix(x, dim);
        return Transforms.relu(preActivations(xs), false).mmul(vColumn()).toDoubleVector();
    }

    static double dot(double[] a, double[] c) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * c[i];
        }
        return s;
    }

    private static double[] times(double[] a, double c) {
        double[] out = Arrays.copyOf(a, a.length);
        for (int i = 0; i < out.length; i++) {
            out[i] *= c;
        }
        return out;
    }
}
