package org.gnc.model;

import org.gnc.rng.CounterRng;
import org.gnc.rng.NormalLanes;
import org.gnc.simd.VectorModule;
import org.gnc.stats.NormalQuantile;

/**
 * The projected encoding of candidates for a Gaussian prior N(0, s^2) on one ReLU hidden layer
 * without hidden biases, on n linearly independent training points X (n x d, n &lt;= d).
 *
 * <p><b>Math.</b> The first layer meets the training set only through Z = W X^T (h x n). If the rows
 * W_j are i.i.d. N(0, s^2 I_d), the rows z_j = X W_j^T of Z are i.i.d. N(0, s^2 G) with G = X X^T.
 * With G = L L^T (Cholesky), z_j = s L g_j, g_j ~ N(0, I_n), has that law. Given z_j, the conditional
 * law of W_j is that of W_j = X^T G^-1 z_j + (I - P) u_j with u_j ~ N(0, s^2 I_d) and
 * P = X^T G^-1 X the orthogonal projection on the row space of X: the first term is the (fixed)
 * component in that row space, the second a fresh Gaussian in its orthogonal complement. Drawing z_j
 * first and completing by this formula therefore gives W_j ~ N(0, s^2 I_d) exactly, with
 * W_j X^T = z_j. It is computed as W_j = u_j + X^T G^-1 (z_j - X u_j).
 *
 * <p><b>Point order.</b> X's rows are taken in the pivot order of {@link #pivotOrder} (row t of X, of
 * L and index t of z_j are training point {@link #point}(t)): any fixed order gives the same law, and
 * this one puts first the points least predictable from those before them. A filter visits points in
 * this order (it must, to draw g_j[0..t] only), so its early points reject most: on the R2g cell (the
 * first 4 T-shirts, then 4 trousers) a candidate visits 1.80 points on average instead of 2.42 in
 * data order.
 *
 * <p><b>Counters.</b> Candidate i reads its block [b, b + 2^20), b = i * 2^20, in this fixed layout
 * (h hidden units, t = h + 1 if there is an output bias, else h):
 * <ul>
 *   <li>g_j[k] from word(b + j n + k), k = 0 .. n-1, as Phi^-1(u) of the open uniform u (AS241);</li>
 *   <li>output weights a_j and the output bias c from word(b + h n + m), m = 0 .. t-1, by the prior's
 *       own map ({@link Prior#fromWord});</li>
 *   <li>u_j[c] from word(b + h n + t + j d + c), by the prior's own map.</li>
 * </ul>
 * z_j is computed as z_j[p] = s * (sum_{k &lt;= p} L[p][k] g_j[k]) (sum in increasing k); the
 * completion uses this computed z_j as its target, so the filter and the completed network share it.
 *
 * <p><b>Rounding.</b> {@link #unitErrorBound} bounds |fl(W_j . x_p) - z_j[p]|, the difference between
 * the reference forward pass of the completed network ({@link Architecture#output}) and z_j[p]; see
 * its Javadoc.
 */
public final class ProjectedGaussian implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** Whether {@link #fill} draws u_j with {@link NormalLanes} (the module check comes first). */
    private static final boolean VECTOR_NORMALS = VectorModule.present() && NormalLanes.applies();
    /** The largest condition number of G = X X^T accepted (about 1e10: rounding stays far below 1e-5 relative). */
    public static final double MAX_CONDITION = 1e10;
    /**
     * Factor applied to the first-order rounding bound to cover its higher-order terms and the rounding
     * of the norms themselves, each a relative factor below 1 + {@link #MAX_SLACK} (see {@link #unitErrorBound}).
     */
    private static final double SAFETY = 2;
    /** The largest first-order relative slack eps (cond(G) (3n + 1) n + 2 (d + n + 2)) accepted. */
    static final double MAX_SLACK = 0x1.0p-10;

    private final int n;
    private final int d;
    private final int hidden;
    private final boolean outputBias;
    private final double std;
    private final Prior prior;
    /** The training inputs in pivot order: row t is training point order[t]. */
    private final double[] x;
    private final int[] order;
    /** Lower-triangular Cholesky factor of G, row-major n x n. */
    private final double[] l;
    /** Offsets of the three counter ranges inside a candidate's block. */
    private final int tailOffset;
    private final int completionOffset;
    /** The bound of {@link #unitErrorBound}. */
    private final double unitBound;

    private ProjectedGaussian(Architecture arch, Prior.Gaussian prior, double[] x, int[] order, int n, double[] l,
                              double normG, double normGInv) {
        this.n = n;
        this.order = order;
        this.d = arch.inputDim();
        this.hidden = arch.widths().get(0);
        this.outputBias = arch.outputBias();
        this.std = prior.std();
        this.prior = prior;
        this.x = x;
        this.l = l;
        this.tailOffset = hidden * n;
        this.completionOffset = tailOffset + hidden + (outputBias ? 1 : 0);
        long words = (long) completionOffset + (long) hidden * d;
        if (words > (1L << CandidateWeights.WORDS_PER_CANDIDATE_LOG2)) {
            throw new IllegalArgumentException("the projected encoding needs " + words + " random words per candidate, more than 2^"
                    + CandidateWeights.WORDS_PER_CANDIDATE_LOG2);
        }
        // Deterministic caps: |u_j[c]| <= s * qMax (the largest |Phi^-1| on the open-uniform grid), so
        // ||u_j|| <= U; ||X||_2 <= ||X||_F = sqrt(trace G); xi = max_p ||x_p||.
        double qMax = -NormalQuantile.of(0x1.0p-53) * 1.001;
        double uNorm = Math.abs(std) * qMax * Math.sqrt(d);
        double trace = 0;
        double xi = 0;
        for (int p = 0; p < n; p++) {
            double s = 0;
            for (int c = 0; c < d; c++) {
                s += x[p * d + c] * x[p * d + c];
            }
            trace += s;
            xi = Math.max(xi, Math.sqrt(s));
        }
        double normX = Math.sqrt(trace);
        // ||v|| = ||G^-1 (z - X u)|| <= ||G^-1|| (||z|| + ||X|| U) = v0 + v1 ||z||.
        double v0 = normGInv * normX * uNorm;
        double v1 = normGInv;
        // The four first-order terms of unitErrorBound, each of the form e0 + e1 ||z||:
        // (1) residual e = z - X u: gamma_{d+1} (|z_p| + xi U);
        // (2) Cholesky solve, (G + dG) v = e with ||dG|| <= (3n+1) n eps ||G||: ||dG|| ||v||;
        // (2') G itself is computed: |G~ - X X^T| <= gamma_d |X||X^T|, norm <= gamma_d ||X||_F^2: that times ||v||;
        // (3) forming W = u + X^T v: gamma_{n+1} xi (U + sqrt(n) xi ||v||);
        // (4) the reference's sum W_j . x_p: gamma_d xi ||W||, ||W|| <= U + ||X|| ||v||.
        double a = (d + 1) * xi * uNorm
                + (3.0 * n + 1) * n * normG * v0
                + (double) d * trace * v0
                + (n + 1) * xi * (uNorm + Math.sqrt(n) * xi * v0)
                + d * xi * (uNorm + normX * v0);
        double b = (d + 1)
                + (3.0 * n + 1) * n * normG * v1
                + (double) d * trace * v1
                + (n + 1) * xi * Math.sqrt(n) * xi * v1
                + d * xi * normX * v1;
        // ||z_j|| = s ||L g_j|| <= s ||L||_F ||g_j|| <= s sqrt(trace G) q_max sqrt(n).
        double zNorm = Math.abs(std) * normX * qMax * Math.sqrt(n);
        this.unitBound = SAFETY * Rounding.U_DOUBLE * (a + b * zNorm);
    }

    /** True when the architecture and prior have this encoding (whatever the data). */
    public static boolean supports(Architecture arch, Prior prior) {
        return prior instanceof Prior.Gaussian && arch.isDenseSingleOutput() && arch.depth() == 1
                && arch.activation() == Activation.RELU && !arch.bias();
    }

    /**
     * The projected encoding for these training inputs (row-major n x d), or null when it does not
     * apply: the architecture or prior is not supported, n &gt; d, or G = X X^T is not numerically
     * positive definite (Cholesky fails, or its condition estimate ||G||_F ||L^-1||_F^2 exceeds
     * {@link #MAX_CONDITION}, or the relative slack of {@link #unitErrorBound} would exceed 2^-10).
     */
    public static ProjectedGaussian of(Architecture arch, Prior prior, double[] trainX, int n) {
        int d = arch.inputDim();
        if (!supports(arch, prior) || n < 1 || n > d || trainX.length != (long) n * d) {
            return null;
        }
        double[] dataGram = gram(trainX, n, d);
        int[] order = pivotOrder(dataGram, n);
        // X and G in pivot order (G's entries are the same sums, so exactly those of the permuted X).
        double[] x = new double[n * d];
        double[] g = new double[n * n];
        for (int t = 0; t < n; t++) {
            System.arraycopy(trainX, order[t] * d, x, t * d, d);
            for (int u = 0; u < n; u++) {
                g[t * n + u] = dataGram[order[t] * n + order[u]];
            }
        }
        double[] l = cholesky(g, n);
        if (l == null) {
            return null;
        }
        double normG = 0;
        for (double v : g) {
            normG += v * v;
        }
        normG = Math.sqrt(normG);
        // ||G^-1||_2 <= ||L^-1||_F^2; L^-1 by forward substitution.
        double normLInv2 = 0;
        double[] col = new double[n];
        for (int e = 0; e < n; e++) {
            for (int p = 0; p < n; p++) {
                double s = p == e ? 1.0 : 0.0;
                for (int k = 0; k < p; k++) {
                    s -= l[p * n + k] * col[k];
                }
                col[p] = s / l[p * n + p];
                normLInv2 += col[p] * col[p];
            }
        }
        double condition = normG * normLInv2;
        double slack = Rounding.U_DOUBLE * (condition * (3.0 * n + 1) * n + 2.0 * (d + n + 2));
        if (!(condition <= MAX_CONDITION) || !(slack <= MAX_SLACK)) {
            return null;
        }
        return new ProjectedGaussian(arch, (Prior.Gaussian) prior, x, order, n, l, normG, normLInv2);
    }

    /** G = X X^T of the n points (rows of x, n x d), each entry summed over the columns in order. */
    private static double[] gram(double[] x, int n, int d) {
        double[] g = new double[n * n];
        for (int p = 0; p < n; p++) {
            for (int q = 0; q <= p; q++) {
                double s = 0;
                for (int c = 0; c < d; c++) {
                    s += x[p * d + c] * x[q * d + c];
                }
                g[p * n + q] = s;
                g[q * n + p] = s;
            }
        }
        return g;
    }

    /**
     * The pivot order of the n points whose Gram matrix is g (n x n): greedy largest residual variance,
     * as in pivoted Cholesky. Point order[0] has the largest |x_p|^2; each next point has the largest squared distance
     * to the span of those before it (its conditional variance given their pre-activations); ties go to
     * the smaller index. Computed from the data alone, in a fixed order of operations, so it is the same
     * on every machine. Returns 0 .. n-1 when the points are not linearly independent.
     */
    static int[] pivotOrder(double[] g, int n) {
        int[] order = new int[n];
        boolean[] used = new boolean[n];
        double[] residual = new double[n];
        // f[p * n + t]: column t of the factor, on point p.
        double[] f = new double[n * n];
        for (int p = 0; p < n; p++) {
            residual[p] = g[p * n + p];
        }
        for (int t = 0; t < n; t++) {
            int best = -1;
            for (int p = 0; p < n; p++) {
                if (!used[p] && (best < 0 || residual[p] > residual[best])) {
                    best = p;
                }
            }
            if (!(residual[best] > 0)) {
                int[] natural = new int[n];
                for (int p = 0; p < n; p++) {
                    natural[p] = p;
                }
                return natural;
            }
            order[t] = best;
            used[best] = true;
            double pivot = Math.sqrt(residual[best]);
            for (int p = 0; p < n; p++) {
                if (!used[p]) {
                    double s = g[p * n + best];
                    for (int k = 0; k < t; k++) {
                        s -= f[p * n + k] * f[best * n + k];
                    }
                    f[p * n + t] = s / pivot;
                    residual[p] -= f[p * n + t] * f[p * n + t];
                }
            }
            f[best * n + t] = pivot;
        }
        return order;
    }

    /** The lower Cholesky factor of the symmetric n x n matrix a, or null if a is not positive definite. */
    private static double[] cholesky(double[] a, int n) {
        double[] l = new double[n * n];
        for (int p = 0; p < n; p++) {
            for (int q = 0; q <= p; q++) {
                double s = a[p * n + q];
                for (int k = 0; k < q; k++) {
                    s -= l[p * n + k] * l[q * n + k];
                }
                if (p == q) {
                    if (!(s > 0)) {
                        return null;
                    }
                    l[p * n + p] = Math.sqrt(s);
                } else {
                    l[p * n + q] = s / l[q * n + q];
                }
            }
        }
        return l;
    }

    public int points() {
        return n;
    }

    public int hidden() {
        return hidden;
    }

    /** The number of random words one candidate reads (all three ranges). */
    public long words() {
        return completionOffset + (long) hidden * d;
    }

    /** The training point (its index in the data) of row t of the encoding, in pivot order. */
    public int point(int t) {
        return order[t];
    }

    /** L[p][k], the Cholesky factor of X X^T, X's rows in pivot order. */
    public double cholesky(int p, int k) {
        return l[p * n + k];
    }

    /** The prior's standard deviation s. */
    public double std() {
        return std;
    }

    /** Offset of the output weights (and output bias) in a candidate's block. */
    public int tailOffset() {
        return tailOffset;
    }

    /** Z of the candidate whose block starts at {@code base}: z[j * n + p], exactly as documented above. */
    public void drawZ(CounterRng rng, long base, double[] z) {
        double[] g = new double[n];
        for (int j = 0; j < hidden; j++) {
            for (int k = 0; k < n; k++) {
                g[k] = CounterRng.standardNormal(rng.word(base + (long) j * n + k));
            }
            for (int p = 0; p < n; p++) {
                z[j * n + p] = std * rowTimes(p, g);
            }
        }
    }

    /** sum_{k &lt;= p} L[p][k] g[k], summed in increasing k (the shared definition of z). */
    public double rowTimes(int p, double[] g) {
        double s = 0;
        int r = p * n;
        for (int k = 0; k <= p; k++) {
            s += l[r + k] * g[k];
        }
        return s;
    }

    /**
     * Writes the full weights of the candidate whose block starts at {@code base} into
     * {@code out[offset ..]} in {@link Architecture}'s layout: the completed rows W_j, the output
     * weights and the output bias.
     */
    public void fill(CounterRng rng, long base, double[] out, int offset) {
        double[] z = new double[hidden * n];
        drawZ(rng, base, z);
        double[] e = new double[n];
        for (int j = 0; j < hidden; j++) {
            int row = offset + j * d;
            long ub = base + completionOffset + (long) j * d;
            if (VECTOR_NORMALS) {
                // The same draws, bit for bit (prior.fromWord of each word), with the central branch in vectors.
                NormalLanes.fill(rng.key(), ub, d, std, out, row);
            } else {
                for (int c = 0; c < d; c++) {
                    out[row + c] = prior.fromWord(rng.word(ub + c));
                }
            }
            // e = z_j - X u_j, then v = G^-1 e by two triangular solves, then W_j = u_j + X^T v.
            for (int p = 0; p < n; p++) {
                double s = 0;
                for (int c = 0; c < d; c++) {
                    s += x[p * d + c] * out[row + c];
                }
                e[p] = z[j * n + p] - s;
            }
            for (int p = 0; p < n; p++) {
                double s = e[p];
                for (int k = 0; k < p; k++) {
                    s -= l[p * n + k] * e[k];
                }
                e[p] = s / l[p * n + p];
            }
            for (int p = n - 1; p >= 0; p--) {
                double s = e[p];
                for (int k = p + 1; k < n; k++) {
                    s -= l[k * n + p] * e[k];
                }
                e[p] = s / l[p * n + p];
            }
            for (int c = 0; c < d; c++) {
                double s = 0;
                for (int p = 0; p < n; p++) {
                    s += x[p * d + c] * e[p];
                }
                out[row + c] += s;
            }
        }
        int t = offset + hidden * d;
        for (int m = 0; m < completionOffset - tailOffset; m++) {
            out[t + m] = prior.fromWord(rng.word(base + tailOffset + m));
        }
    }

    /**
     * A bound on |fl(W_j . x_p) - z_j[p]| for every training point p, where W_j is the completed row
     * (as {@link #fill} computes it) and fl(W_j . x_p) the reference's sequential sum
     * ({@link Architecture#output}): one constant for every candidate, unit and point.
     *
     * <p>Derivation (first order in the unit roundoff eps = 2^-53, gamma_k = k eps; Higham, Accuracy
     * and Stability of Numerical Algorithms, 3.1 and 10.4). With U = s q_max sqrt(d) the deterministic
     * cap on ||u_j|| (q_max = |Phi^-1(2^-53)|, the largest normal the counter map can produce),
     * xi = max_p ||x_p||, ||X|| &lt;= ||X||_F and ||G^-1|| &lt;= ||L^-1||_F^2, the computed
     * v = G^-1 (z_j - X u_j) has ||v|| &lt;= ||G^-1|| (||z_j|| + ||X|| U), and the error sums:
     * (1) the residual z_j - X u_j: gamma_{d+1} (|z_jp| + xi U); (2) the Cholesky solve, backward
     * stable with ||dG|| &lt;= (3n+1) n eps ||G||: ||dG|| ||v||; (2') G = X X^T is itself computed, with an
     * error of norm at most gamma_d ||X||_F^2: gamma_d ||X||_F^2 ||v||; (3) forming u_j + X^T v:
     * gamma_{n+1} xi (U + sqrt(n) xi ||v||); (4) the reference's sum: gamma_d xi ||W_j||, with
     * ||W_j|| &lt;= U + ||X|| ||v||; and ||z_j|| &lt;= s ||L||_F q_max sqrt(n), ||L||_F = ||X||_F.
     * The sum is multiplied by 2 to cover what first order leaves out: gamma_k = k eps / (1 - k eps)
     * rather than k eps, the inverse of the perturbed G (||(G + dG)^-1|| &lt;= ||G^-1|| / (1 - ||G^-1|| ||dG||)),
     * products of two rounding errors, and the rounding of the norms computed here. With
     * delta = eps (cond(G) (3n + 1) n + 2 (d + n + 2)), which {@link #of} requires to be at most 2^-10,
     * each of these is a relative factor of at most 1 + 2 delta on the term it touches, and no term
     * meets more than four of them, so their product stays below 1.01. The tests check the bound
     * against measured errors.
     */
    public double unitErrorBound() {
        return unitBound;
    }
}
