package org.gnc.recon;

import java.util.Arrays;
import java.util.function.LongToDoubleFunction;
import org.gnc.rng.CounterRng;
import org.gnc.spec.ReconstructSpec;

/**
 * The network of a reconstruction, as in the papers: a ReLU MLP with {@code depth} (1 or 2) hidden
 * layers of {@code width} units, a bias in the first layer only, and {@code outputs} linear outputs
 * (1 for a binary task, C for C classes):
 * <pre>
 *   Z1 = X W1^T + 1 b^T,  A1 = relu(Z1),  [Z2 = A1 W2^T,  A2 = relu(Z2)],  Phi(X) = A_L V^T
 * </pre>
 * with W1 of H x d, W2 of H x H (empty when depth = 1) and V of C x H, all row-major. Immutable.
 *
 * <p>Phi is (L + 1)-homogeneous in theta = (W1, b, W2, V): Phi(c theta; x) = c^(L+1) Phi(theta; x) for
 * c &gt; 0 (relu is 1-homogeneous, the bias scales with W1 and no later layer has one), so the normalized
 * margin divides by ||theta||^(L+1) ({@link #homogeneity}), and Euler's identity gives
 * &lt;theta, grad_theta Phi(x)&gt; = (L + 1) Phi(x).
 */
public record ReluNet(int dim, int width, int depth, int outputs, double[] w, double[] b, double[] w2, double[] v)
        implements java.io.Serializable {

    public ReluNet {
        if (depth < 1 || depth > 2 || outputs < 1 || w.length != width * dim || b.length != width
                || w2.length != (depth == 2 ? width * width : 0) || v.length != outputs * width) {
            throw new IllegalArgumentException("need depth 1 or 2, W1 of " + width + " x " + dim + ", b of " + width
                    + ", W2 of " + (depth == 2 ? width + " x " + width : "0") + " and V of " + outputs + " x " + width
                    + ", got depth " + depth + " and " + w.length + ", " + b.length + ", " + w2.length + ", "
                    + v.length);
        }
        w = w.clone();
        b = b.clone();
        w2 = w2.clone();
        v = v.clone();
    }

    /** One hidden layer and one output: Phi(x) = v . relu(W x + b). */
    public static ReluNet shallow(int dim, int width, double[] w, double[] b, double[] v) {
        return new ReluNet(dim, width, 1, 1, w, b, new double[0], v);
    }

    @Override public double[] w() {
        return w.clone();
    }

    @Override public double[] b() {
        return b.clone();
    }

    @Override public double[] w2() {
        return w2.clone();
    }

    @Override public double[] v() {
        return v.clone();
    }

    /**
     * Every parameter i.i.d. N(0, scale^2): word j of {@code rng} for parameter j (W1, then b, then W2,
     * then V), so that a one-layer, one-output network is the same whatever the other shapes.
     */
    public static ReluNet gaussian(int dim, int width, int depth, int outputs, double scale, CounterRng rng) {
        return drawn(dim, width, depth, outputs, rng, normal(scale), normal(scale));
    }

    /**
     * The initial network of {@code model}: {@link #gaussian} for {@link ReconstructSpec.InitLayers#ALL};
     * for {@link ReconstructSpec.InitLayers#FIRST} the same W1 and b, and every weight of W2 and V from
     * U[-1/sqrt(H), 1/sqrt(H)] (word j of {@code rng} for parameter j, in the same order).
     */
    public static ReluNet initial(int dim, int outputs, ReconstructSpec.Model model, CounterRng rng) {
        if (model.initLayers() == ReconstructSpec.InitLayers.ALL) {
            return gaussian(dim, model.width(), model.depth(), outputs, model.initScale(), rng);
        }
        double bound = 1 / Math.sqrt(model.width());
        return drawn(dim, model.width(), model.depth(), outputs, rng,
                normal(model.initScale()), word -> bound * (2 * CounterRng.unitInterval(word) - 1));
    }

    /** A parameter N(0, scale^2) from its word. */
    private static LongToDoubleFunction normal(double scale) {
        return word -> scale * CounterRng.standardNormal(word);
    }

    /** Parameter j from word j of {@code rng}: W1 and b by {@code first}, W2 and V by {@code later}. */
    private static ReluNet drawn(int dim, int width, int depth, int outputs, CounterRng rng,
                                 LongToDoubleFunction first, LongToDoubleFunction later) {
        double[][] parts = {new double[width * dim], new double[width], new double[depth == 2 ? width * width : 0],
                new double[outputs * width]};
        long j = 0;
        for (int p = 0; p < parts.length; p++) {
            LongToDoubleFunction draw = p < 2 ? first : later;
            for (int i = 0; i < parts[p].length; i++) {
                parts[p][i] = draw.applyAsDouble(rng.word(j++));
            }
        }
        return new ReluNet(dim, width, depth, outputs, parts[0], parts[1], parts[2], parts[3]);
    }

    /** L + 1: the degree of homogeneity of Phi in theta. */
    public int homogeneity() {
        return depth + 1;
    }

    /** ||theta||, the Euclidean norm of all parameters. */
    public double norm() {
        return Math.sqrt(dot(w, w) + dot(b, b) + dot(w2, w2) + dot(v, v));
    }

    /** This network with every parameter times {@code c}. */
    public ReluNet scaled(double c) {
        return new ReluNet(dim, width, depth, outputs, times(w, c), times(b, c), times(w2, c), times(v, c));
    }

    /** The parameters as ND4J matrices (copies): W1 (H x d), b (1 x H), [W2 (H x H)], V (C x H). */
    Params params() {
        return new Params(Points.matrix(w, dim), Points.matrix(b, width), depth == 1 ? null : Points.matrix(w2, width),
                Points.matrix(v, width));
    }

    /** The network with parameters {@code p} (same shapes). */
    ReluNet with(Params p) {
        return new ReluNet(dim, width, depth, outputs, Points.flat(p.w1()), Points.flat(p.b()),
                p.w2() == null ? new double[0] : Points.flat(p.w2()), Points.flat(p.v()));
    }

    /** Phi of each of the n x d points {@code x} (row-major), n x C row-major. */
    public double[] outputs(double[] x) {
        return Points.flat(new Pass(params(), Points.matrix(x, dim), Double.POSITIVE_INFINITY).outputs());
    }

    /**
     * The margin of each point: y_i Phi(x_i) with y_i = +-1 for one output; Phi_{y_i}(x_i) - max_{j != y_i}
     * Phi_j(x_i) with y_i the class index for C outputs.
     */
    public double[] margins(double[] x, int[] labels) {
        return margins(outputs(x), labels, outputs);
    }

    /** The margins of outputs {@code f} (n x C, row-major); see {@link #margins(double[], int[])}. */
    static double[] margins(double[] f, int[] labels, int c) {
        double[] out = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = c == 1 ? labels[i] * f[i] : f[i * c + labels[i]] - f[i * c + topCompetitor(f, i, labels[i], c)];
        }
        return out;
    }

    /** argmax over j != y of f[i][j] (the lowest such index on ties). */
    static int topCompetitor(double[] f, int i, int y, int c) {
        int best = -1;
        for (int j = 0; j < c; j++) {
            if (j != y && (best < 0 || f[i * c + j] > f[i * c + best])) {
                best = j;
            }
        }
        return best;
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
