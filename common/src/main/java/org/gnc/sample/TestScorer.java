package org.gnc.sample;

import org.gnc.data.Dataset;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;

/**
 * Counts the test mistakes of one network: the plain {@link Points#mistakes} definition, with a
 * point-parallel path for one hidden layer that gives bit-identical outputs.
 *
 * <p>The one-layer path holds the test inputs transposed (feature-major) and computes, for a tile of
 * points at a time, h_j[p] = ((0 + w_j0 x_p0) + w_j1 x_p1) + ... (+ b_j), act, and f[p] = (0 + a_0 r_0[p])
 * + ... (+ c): per point exactly the operations of {@link Architecture#output} in the same order (Java
 * never contracts a*b+c into a fused multiply-add), so the JIT can vectorize across points without
 * changing a bit. For ReLU, where the Vector API is present, {@link TestScorerVector} computes the same
 * operations one point per lane, four units at a time in registers; the last points that do not fill
 * a vector take the tiled path. Terms with a weight of exactly 0 are skipped: adding a signed zero changes at most
 * the sign of a zero sum, which no activation or label can tell apart (act(+0) and act(-0) are zeros,
 * or both -1 for sign; label(+-0) = -1).
 */
final class TestScorer {
    private static final int TILE = 256;

    private final Architecture arch;
    private final Points test;
    private final boolean oneLayer;
    private final double[] xt;
    private final double[] h;
    private final double[] f;
    private final double[] scratch;
    /** Points per block of the Vector API path ({@link TestScorerVector}), 0 for the scalar path only. */
    private final int lanes;
    private final int[] units;

    TestScorer(Architecture arch, Dataset data) {
        this(arch, data, true);
    }

    /** As above; {@code allowVector = false} forces the scalar path (for tests). */
    TestScorer(Architecture arch, Dataset data, boolean allowVector) {
        this.arch = arch;
        this.test = new Points(data, arch, "test");
        this.oneLayer = arch.depth() == 1;
        this.scratch = arch.newScratch();
        if (oneLayer) {
            int n = test.n;
            int d = test.dim;
            xt = new double[n * d];
            for (int p = 0; p < n; p++) {
                for (int i = 0; i < d; i++) {
                    xt[i * n + p] = test.x[p * d + i];
                }
            }
            h = new double[TILE];
            f = new double[TILE];
            lanes = allowVector && arch.activation() == Activation.RELU && DenseReluVector.lanes() > 0
                    ? TestScorerVector.lanes() : 0;
        } else {
            xt = null;
            h = null;
            f = null;
            lanes = 0;
        }
        this.units = new int[4];
    }

    /** The number of test points the network with weights w[wOff ..] misclassifies. */
    int mistakes(double[] w, int wOff) {
        if (!oneLayer) {
            return test.mistakes(arch, w, wOff, scratch);
        }
        int n = test.n;
        int d = test.dim;
        int width = arch.widths().get(0);
        boolean bias = arch.bias();
        int aOff = wOff + width * d + (bias ? width : 0);
        Activation act = arch.activation();
        int mistakes = 0;
        int start = 0;
        if (lanes > 0) {
            for (; start + lanes <= n; start += lanes) {
                TestScorerVector.outputs(xt, n, d, width, bias, arch.outputBias(), w, wOff, start, f, units);
                for (int q = 0; q < lanes; q++) {
                    if (Architecture.label(f[q]) != test.y[start + q]) {
                        mistakes++;
                    }
                }
            }
        }
        for (int p0 = start; p0 < n; p0 += TILE) {
            int len = Math.min(TILE, n - p0);
            java.util.Arrays.fill(f, 0, len, 0.0);
            for (int j = 0; j < width; j++) {
                double aj = w[aOff + j];
                if (aj == 0) {
                    continue;
                }
                java.util.Arrays.fill(h, 0, len, 0.0);
                int row = wOff + j * d;
                for (int i = 0; i < d; i++) {
                    double wi = w[row + i];
                    if (wi != 0) {
                        int xo = i * n + p0;
                        for (int q = 0; q < len; q++) {
                            h[q] += wi * xt[xo + q];
                        }
                    }
                }
                if (bias) {
                    double b = w[wOff + width * d + j];
                    for (int q = 0; q < len; q++) {
                        h[q] += b;
                    }
                }
                if (act == Activation.RELU) {
                    for (int q = 0; q < len; q++) {
                        double z = h[q];
                        f[q] += aj * (z > 0 ? z : 0.0);
                    }
                } else {
                    for (int q = 0; q < len; q++) {
                        f[q] += aj * act.apply(h[q]);
                    }
                }
            }
            double c = arch.outputBias() ? w[aOff + width] : 0.0;
            for (int q = 0; q < len; q++) {
                double out = arch.outputBias() ? f[q] + c : f[q];
                if (Architecture.label(out) != test.y[p0 + q]) {
                    mistakes++;
                }
            }
        }
        return mistakes;
    }
}
