package org.gnc.smc;

import org.gnc.data.Dataset;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.Prior;
import org.gnc.model.Rounding;

/**
 * What the Gibbs moves of one cell need at one checkpoint n, computed once: the architecture (a perceptron
 * or one hidden ReLU layer, with or without biases), the prior (a finite prior's levels, or a continuous
 * prior: uniform or Gaussian, {@link ContinuousPrior}), the first n training
 * points (transposed, so that one input coordinate of all points is contiguous), their labels, the allowed
 * number of mistakes m, and per point the error bounds that make {@link GibbsScanner}'s decisions exact.
 * Immutable; one layout serves any number of scanners.
 *
 * <p><b>Bounds.</b> With u = 2^-53, gamma(k) = k u / (1 - k u) ({@link Rounding#gamma}), L = max |level|
 * (a continuous prior: the largest |value| of its support, {@link ContinuousPrior#maxAbs}; every value a
 * particle or a trial holds lies in it),
 * S_p = L (sum_i |x_p,i| + [bias]) bounds every pre-activation |h| of point p (exact or computed), and
 * T_p = L (H S_p (1 + 2 gamma(d + 2)) + [output bias]) bounds |f| (for a perceptron T_p = L (sum_i |x_p,i|
 * + [output bias]) and H = d). The scanner recomputes every h and f of a particle in the reference's
 * order at the start of each sweep, so they then equal {@link Architecture#output}'s values exactly, and
 * afterwards changes them by at most U = d + 2 updates per unit (its d weights, its bias, one trial) and
 * V = P + 1 updates of f (P parameters, one trial). Each update h &lt;- h + delta x adds at most
 * 4 u S_p of rounding (|delta x| &lt;= 2 S_p), and each update of f at most 1.01 u (T_p + 4 L S_p)
 * (for a perceptron, whose f is updated by delta x directly, 1.01 u (T_p + 2 L sum_i |x_p,i|)). The
 * exact h* of the current weights is within gamma(d + 1) S_p of the reference's h, so
 * <pre>
 *   |h - h_ref| &lt;= Eh_p = (2 gamma(d + 1) + 4 u U) S_p,
 *   |f - f_ref| &lt;= Ef_p = 2 gamma(H + 1) T_p + 1.01 V u (T_p + 4 L S_p) + H L (2 gamma(d + 1) + 4 u U) S_p,
 * </pre>
 * the second because both f and f_ref are within their rounding of the exact sum over the exact h*
 * (ReLU is 1-Lipschitz and the increments of f telescope). The layout stores B_p = 2 Ef_p and
 * E_p = 2 Eh_p (a factor 2 covers the second-order terms). A point is <em>unsafe</em> when a bound is not
 * finite or T_p (1 + ...) could overflow; its decisions always take the reference's forward pass.
 */
public final class GibbsLayout implements MoveLayout {
    final Architecture arch;
    final boolean perceptron;
    final int d;
    final int hidden;
    final int n;
    final int maxTrainErrors;
    /** The finite prior's levels (null for a continuous prior). */
    final double[] levels;
    /** The continuous prior (null for a finite prior). */
    final ContinuousPrior continuous;
    final int parameters;
    /** x transposed: xT[i * n + p] = x_p,i; the reference's features row-major in x. */
    final double[] xT;
    final double[] x;
    final int[] y;
    final double[] bound;
    final double[] activeBound;
    final boolean[] unsafe;
    /** Whether scanners may take the Vector API path (false: scalar only, for tests and measurements). */
    final boolean allowVector;

    /**
     * The layout of {@code arch} with {@code prior} on the first {@code n} points of
     * {@code train}, accepting at most {@code maxTrainErrors} mistakes.
     */
    public GibbsLayout(Architecture arch, Prior prior, Dataset train, int n, int maxTrainErrors) {
        this(arch, prior, train, n, maxTrainErrors, true);
    }

    /** As the public constructor; {@code allowVector = false} keeps the scanners on the scalar path. */
    public GibbsLayout(Architecture arch, Prior prior, Dataset train, int n, int maxTrainErrors, boolean allowVector) {
        this.allowVector = allowVector;
        if (!supports(arch, prior)) {
            throw new IllegalArgumentException("Gibbs moves need a perceptron or one hidden ReLU layer, got " + arch);
        }
        if (n < 1 || n > train.size()) {
            throw new IllegalArgumentException("n must be in 1.." + train.size() + ", got " + n);
        }
        if (train.dim() != arch.inputDim()) {
            throw new IllegalArgumentException("data dimension " + train.dim() + " != input dimension " + arch.inputDim());
        }
        this.arch = arch;
        this.perceptron = arch.depth() == 0;
        this.d = arch.inputDim();
        this.hidden = perceptron ? d : arch.widths().get(0);
        this.n = n;
        this.maxTrainErrors = maxTrainErrors;
        this.levels = prior.isFinite() ? prior.levels() : null;
        this.continuous = prior.isFinite() ? null : ContinuousPrior.of(prior);
        this.parameters = arch.parameterCount();
        this.x = java.util.Arrays.copyOf(train.features(), n * d);
        this.y = java.util.Arrays.copyOf(train.labels(), n);
        this.xT = new double[d * n];
        for (int p = 0; p < n; p++) {
            for (int i = 0; i < d; i++) {
                xT[i * n + p] = x[p * d + i];
            }
        }
        double maxLevel = 0;
        if (levels != null) {
            for (double v : levels) {
                maxLevel = Math.max(maxLevel, Math.abs(v));
            }
        } else {
            maxLevel = continuous.maxAbs();
        }
        double u = Rounding.U_DOUBLE;
        double gd = Rounding.gamma(d + 2, u);
        double gh = Rounding.gamma(hidden + 2, u);
        int updatesPerUnit = d + 2;
        int updatesOfF = parameters + 1;
        this.bound = new double[n];
        this.activeBound = new double[n];
        this.unsafe = new boolean[n];
        for (int p = 0; p < n; p++) {
            double sumAbs = 0;
            for (int i = 0; i < d; i++) {
                sumAbs += Math.abs(x[p * d + i]);
            }
            double s = maxLevel * (sumAbs + (arch.bias() ? 1 : 0));
            double t;
            double eh;
            double ef;
            double ob = arch.outputBias() ? 1 : 0;
            if (perceptron) {
                t = maxLevel * (sumAbs + ob);
                eh = 0;
                ef = 2 * gd * t + 1.01 * updatesOfF * u * (t + 2 * maxLevel * sumAbs);
            } else {
                t = maxLevel * (hidden * s * (1 + 2 * gd) + ob);
                eh = (2 * gd + 4 * u * updatesPerUnit) * s;
                ef = 2 * gh * t + 1.01 * updatesOfF * u * (t + 4 * maxLevel * s) + hidden * maxLevel * eh;
            }
            // Slack against overflow: every sum stays below 2^900 when t does.
            unsafe[p] = !(t < 0x1.0p900) || !(ef < 0x1.0p900);
            bound[p] = 2 * ef * (1 + 4 * u);
            activeBound[p] = 2 * eh * (1 + 4 * u);
        }
    }

    /**
     * Whether Gibbs moves apply: one output, and a perceptron or one hidden dense ReLU layer (any prior:
     * finite, uniform or Gaussian).
     */
    public static boolean supports(Architecture arch, Prior prior) {
        return arch.isDenseSingleOutput()
                && (arch.depth() == 0 || arch.depth() == 1 && arch.activation() == Activation.RELU);
    }

    @Override public int[] outputWeights() {
        boolean zeroLevel = levels != null && java.util.Arrays.stream(levels).anyMatch(v -> v == 0);
        if (perceptron || !zeroLevel) {
            return new int[0];
        }
        int outBase = hidden * d + (arch.bias() ? hidden : 0);
        return java.util.stream.IntStream.range(outBase, outBase + hidden).toArray();
    }

    @Override public ParticleMoves newMoves() {
        return new GibbsScanner(this);
    }

    @Override public boolean exactGibbs() {
        return true;
    }

    /** The number of training points the target constrains. */
    @Override public int n() {
        return n;
    }

    /** The number of parameters of a particle. */
    @Override public int parameters() {
        return parameters;
    }


    /** The architecture. */
    @Override public Architecture architecture() {
        return arch;
    }

    /** The allowed number of mistakes m. */
    @Override public int maxTrainErrors() {
        return maxTrainErrors;
    }
}
