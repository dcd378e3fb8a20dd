package org.gnc.kernel;

import org.gnc.data.Dataset;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.simd.VectorModule;

/**
 * Counts the test mistakes of one network: exactly the plain {@link Points#mistakes} definition,
 * with faster paths for one hidden layer. (Conv students have their own exact scorer,
 * {@code kernel.conv.ConvStackScorer}, which {@code sample.Filters#testScorer} chooses for them.)
 *
 * <p>For ReLU, where the Vector API is present, {@link HeldOutScorerVector} scores blocks of points in
 * single precision with a proven bound on the distance to the reference output, and takes the
 * reference's forward pass for the points within it; the points after the last full block take the
 * plain forward pass. Otherwise the one-layer path holds the test inputs transposed (feature-major)
 * and computes, for a tile of points at a time, h_j[p] = ((0 + w_j0 x_p0) + w_j1 x_p1) + ... (+ b_j),
 * act, and f[p] = (0 + a_0 r_0[p]) + ... (+ c): per point exactly the operations of
 * {@link Architecture#output} in the same order (Java never contracts a*b+c into a fused
 * multiply-add), so the JIT can vectorize across points without changing a bit. Terms with a weight
 * of exactly 0 are skipped: adding a signed zero changes at most the sign of a zero sum, which no
 * activation or label can tell apart (act(+0) and act(-0) are zeros, or both -1 for sign;
 * label(+-0) = -1).
 */
public final class HeldOutScorer implements CandidateScorer {
    private static final int TILE = 256;

    private final Architecture arch;
    private final Points test;
    private final boolean oneLayer;
    private final double[] xt;
    private final double[] h;
    private final double[] f;
    private final double[] scratch;
    /** The single-precision Vector API path, or null for the scalar path only. */
    private final HeldOutScorerVector vector;
    /** The candidates {@link #candidateMistakes} scores, or null. */
    private final CandidateWeights candidates;
    /** One candidate's weights, for {@link #candidateMistakes}. */
    private final double[] drawn;

    public HeldOutScorer(Architecture arch, Dataset data) {
        this(arch, data, true);
    }

    /** As above; {@code allowVector = false} forces the scalar path (for tests). */
    public HeldOutScorer(Architecture arch, Dataset data, boolean allowVector) {
        this(arch, null, data, allowVector);
    }

    /** A scorer of these candidates by index ({@link #candidateMistakes}) and of any weights of their architecture. */
    public HeldOutScorer(CandidateWeights candidates, Dataset data) {
        this(candidates.architecture(), candidates, data, true);
    }

    private HeldOutScorer(Architecture arch, CandidateWeights candidates, Dataset data, boolean allowVector) {
        this.candidates = candidates;
        this.drawn = candidates != null ? new double[candidates.parameterCount()] : null;
        this.arch = arch;
        this.test = new Points(data, arch, "test");
        this.oneLayer = arch.isDenseSingleOutput() && arch.depth() == 1;
        this.scratch = arch.newScratch();
        boolean useVector = oneLayer && allowVector && arch.activation() == Activation.RELU
                && VectorModule.present();
        this.vector = useVector ? new HeldOutScorerVector(test, arch.widths().get(0), arch.bias(), arch.outputBias())
                : null;
        if (oneLayer && !useVector) {
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
        } else {
            xt = null;
            h = null;
            f = null;
        }
    }

    /** Point labels the vector path took from the reference's forward pass (0 without it). */
    public long fallbacks() {
        return vector == null ? 0 : vector.fallbacks();
    }

    /** The number of test points candidate {@code index} misclassifies (only for the candidates constructor). */
    @Override
    public int candidateMistakes(long index) {
        candidates.fill(index, drawn, 0);
        return mistakes(drawn, 0);
    }

    /** The number of test points the network with weights w[wOff ..] misclassifies. */
    @Override
    public int mistakes(double[] w, int wOff) {
        if (!oneLayer) {
            return test.mistakes(arch, w, wOff, scratch);
        }
        if (vector != null) {
            int m = vector.mistakes(w, wOff, test, arch, scratch);
            for (int p = vector.blockedPoints(); p < test.n; p++) {
                m += test.misclassifies(arch, w, wOff, p, scratch) ? 1 : 0;
            }
            return m;
        }
        int n = test.n;
        int d = test.dim;
        int width = arch.widths().get(0);
        boolean bias = arch.bias();
        int aOff = wOff + width * d + (bias ? width : 0);
        Activation act = arch.activation();
        int mistakes = 0;
        int start = 0;
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
