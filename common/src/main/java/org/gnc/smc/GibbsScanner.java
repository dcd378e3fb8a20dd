package org.gnc.smc;

import java.util.SplittableRandom;
import org.gnc.model.Architecture;
import org.gnc.simd.VectorModule;

/**
 * Exact single-coordinate Gibbs sweeps for the tempered targets of a {@link GibbsLayout}:
 * gamma_beta(theta) proportional to prior(theta) exp(-beta e(theta)), with e(theta) = max(0, mistakes of
 * theta on the first n points - m), and beta = +infinity for the hard constraint e = 0 (the Guess &amp;
 * Check posterior pi_n).
 *
 * <p><b>Conditionals.</b> The prior is uniform over the levels, independently per parameter, so the
 * conditional of parameter q given the others is proportional to exp(-beta e(theta with theta_q = v)) over
 * the levels v: the scanner counts the mistakes of every level and draws one exactly (with beta =
 * infinity, uniformly among the levels with e = 0; the current level is one). A systematic scan over all
 * parameters, each drawn from its exact conditional, leaves gamma_beta invariant. Where a unit's output
 * weight is 0, its first-layer weights and bias do not change f, so their conditional is the prior and is
 * drawn without counting.
 *
 * <p><b>Exact decisions.</b> The mistakes are those of {@link Architecture#output} and its label rule, not
 * of the incrementally updated sums: at the start of each sweep every pre-activation h and output f is
 * recomputed in the reference's order (so they equal the reference's values), and each trial value is
 * decided by the layout's bounds: f &gt; B_p gives +1, f &lt; -B_p gives -1, no unit with a non-zero output
 * weight having h &gt;= -E_p gives the label of the output bias alone (f_ref is then a sum of zeros plus
 * the bias), and anything else (a tie within rounding of 0, or an unsafe point) is decided by the
 * reference's forward pass on the trial weights ({@link #fallbacks()} counts these). {@link GibbsLayout}
 * has the bounds and their proof.
 *
 * <p><b>Continuous priors</b> (uniform or Gaussian, {@link ContinuousPrior}). The conditional of parameter
 * q is proportional to rho(v) exp(-beta e(v)), rho its prior density, e(v) the reference's excess with
 * theta_q = v. f on each point is linear in an output weight or bias and monotone in a first-layer weight
 * or bias (through relu), so each point's label changes at most once as v grows, and e(v) is piecewise
 * constant: the set keeping e &lt;= e0 is a union of intervals between the points' breakpoints. The
 * scanner sweeps them ({@link #envelope}), but computes with the points' <em>certain</em> mistakes
 * e_lo(v) &lt;= e(v) (a point whose f could be within rounding of 0 is not counted), so that no rounding
 * decides a label. It then draws exactly from the envelope g(v) proportional to rho(v) exp(-beta e_lo(v))
 * (a piece by its weight exp(-beta e_lo) times the prior's mass on it, then the prior restricted to the
 * piece: uniform, or an exact truncated normal, tails included) and accepts v with probability
 * exp(-beta (e(v) - e_lo(v))) &lt;= 1, e(v) counted by the trial machinery above (exactly the
 * reference's); with beta = infinity, when e(v) = 0. This is rejection sampling with envelope g:
 * an accepted v has density proportional to g(v) exp(-beta (e(v) - e_lo(v))) = rho(v) exp(-beta e(v)),
 * the exact conditional, so the sweep leaves gamma_beta invariant. e and e_lo differ only within rounding
 * of a breakpoint, so nearly every draw is accepted. Where the unit's output weight is 0, a first-layer
 * parameter's conditional is its prior.
 *
 * <p><b>Output-weight tilt</b> ({@link #sweep(double[], double, double, SplittableRandom)}): the target
 * gamma_(beta, lambda) proportional to prior(theta) exp(-beta e(theta) - lambda k(theta)), k the number of
 * non-zero hidden-unit output weights, has the same conditionals times exp(-lambda) on the non-zero levels
 * of a hidden unit's output weight (k changes only through that coordinate), so the same exact draw with
 * those weights leaves it invariant.
 *
 * <p>Counting stops early where it cannot change the draw: at m + 1 mistakes with beta = infinity, and
 * for finite beta once a level's excess is more than 746 / beta above the current level's, where its
 * weight exp(-beta (e - e_min)) underflows to 0 either way. Not thread-safe: one scanner per thread.
 */
public final class GibbsScanner implements ParticleMoves {
    private final GibbsLayout layout;
    private final Architecture arch;
    private final boolean perceptron;
    private final int d;
    private final int hidden;
    private final int n;
    private final int m;
    private final double[] levels;
    private final int parameters;
    private final double[] xT;
    private final int[] y;
    private final double[] bound;
    private final boolean[] unsafe;
    /** First parameter index of the biases, the output weights and the output bias (-1 if none). */
    private final int biasBase;
    private final int outBase;
    private final int outBiasIndex;

    /** The Vector API path's lanes (0: scalar only), the points it covers (whole vectors), and y as doubles. */
    private final int vectorLanes;
    private final int whole;
    private final double[] ySign;
    private final double[] w;
    private final double[] h;
    private final double[] f;
    private final double[] scratch;
    private final int[] levelMistakes;
    /** A continuous prior's envelope ({@link #envelope}): thresholds, then pieces (null for a finite prior). */
    private final double[] aboveAt;
    private final double[] belowAt;
    private final double[] pieceLow;
    private final double[] pieceHigh;
    private final int[] pieceExcess;
    private final double[] pieceLogWeight;
    private final double[] levelWeight;
    /** Per point: whether every unit but {@link #inactiveUnit} is certainly inactive ({@link #othersInactive(int)}). */
    private final boolean[] othersInactive;
    /** -E_p per point, and whether the point is safe (as vector lanes read them). */
    private final double[] negActiveBound;
    private final boolean[] safe;
    /** Per point: whether every input is exactly 0. */
    private final boolean[] zeroInput;
    private int inactiveUnit = -1;
    private int mistakes;
    private long fallbacks;
    private long draws;
    private long changes;
    private long proposals;
    /** The output-weight tilt lambda of the sweep under way (0: none). */
    private double outputTilt;

    public GibbsScanner(GibbsLayout layout) {
        this.layout = layout;
        this.arch = layout.arch;
        this.perceptron = layout.perceptron;
        this.d = layout.d;
        this.hidden = layout.hidden;
        this.n = layout.n;
        this.m = layout.maxTrainErrors;
        this.levels = layout.levels;
        this.parameters = layout.parameters;
        this.xT = layout.xT;
        this.y = layout.y;
        // Unsafe points get an infinite bound here, so that the fast test never decides them.
        this.bound = layout.bound.clone();
        for (int p = 0; p < n; p++) {
            if (layout.unsafe[p]) {
                bound[p] = Double.POSITIVE_INFINITY;
            }
        }
        this.unsafe = layout.unsafe;
        int firstLayer = perceptron ? 0 : hidden * d;
        this.biasBase = firstLayer;
        this.outBase = firstLayer + (!perceptron && arch.bias() ? hidden : 0);
        this.outBiasIndex = arch.outputBias() ? outBase + hidden : -1;
        this.w = new double[parameters];
        this.h = new double[perceptron ? 0 : hidden * n];
        this.f = new double[n];
        this.scratch = arch.newScratch();
        this.othersInactive = new boolean[n];
        this.negActiveBound = new double[n];
        this.safe = new boolean[n];
        for (int p = 0; p < n; p++) {
            negActiveBound[p] = -layout.activeBound[p];
            safe[p] = !unsafe[p];
        }
        this.zeroInput = new boolean[n];
        for (int p = 0; p < n; p++) {
            boolean zero = true;
            for (int i = 0; i < d && zero; i++) {
                zero = xT[i * n + p] == 0;
            }
            zeroInput[p] = zero;
        }
        this.vectorLanes = layout.allowVector && VectorModule.present() ? GibbsTrialsVector.lanes() : 0;
        this.whole = vectorLanes == 0 ? 0 : n - n % vectorLanes;
        this.ySign = new double[n];
        for (int p = 0; p < n; p++) {
            ySign[p] = y[p];
        }
        this.levelMistakes = levels == null ? null : new int[levels.length];
        this.levelWeight = levels == null ? null : new double[levels.length];
        boolean continuous = levels == null;
        this.aboveAt = continuous ? new double[n] : null;
        this.belowAt = continuous ? new double[n] : null;
        this.pieceLow = continuous ? new double[2 * n + 1] : null;
        this.pieceHigh = continuous ? new double[2 * n + 1] : null;
        this.pieceExcess = continuous ? new int[2 * n + 1] : null;
        this.pieceLogWeight = continuous ? new double[2 * n + 1] : null;
    }

    /** The layout this scanner moves on. */
    public GibbsLayout layout() {
        return layout;
    }

    /**
     * Loads the particle with level indices {@code idx} (a finite prior) and returns its mistakes on the n
     * points (exactly the reference's: h and f are recomputed in its order).
     */
    public int load(int[] idx) {
        return load(SmcParticles.values(idx, levels));
    }

    /**
     * Loads the particle with values {@code theta} and returns its mistakes on the n points (exactly the
     * reference's: h and f are recomputed in its order).
     */
    @Override
    public int load(double[] theta) {
        System.arraycopy(theta, 0, w, 0, parameters);
        inactiveUnit = -1;
        // The reference's sums in its own order (inputs in increasing order, then the bias; units in
        // increasing order, then the output bias), laid out point-contiguous so the loops run over points;
        // equal to the reference's values up to the sign of a zero.
        java.util.Arrays.fill(f, 0.0);
        if (perceptron) {
            for (int i = 0; i < d; i++) {
                double wi = w[outBase + i];
                int col = i * n;
                for (int p = 0; p < n; p++) {
                    f[p] += wi * xT[col + p];
                }
            }
        } else {
            for (int j = 0; j < hidden; j++) {
                int base = j * n;
                java.util.Arrays.fill(h, base, base + n, 0.0);
                for (int i = 0; i < d; i++) {
                    double wji = w[j * d + i];
                    if (wji == 0) {
                        // Adding 0 * x = +-0 changes no value but the sign of a zero sum, which no
                        // decision reads (relu and every comparison treat +0 and -0 alike).
                        continue;
                    }
                    int col = i * n;
                    for (int p = 0; p < n; p++) {
                        h[base + p] += wji * xT[col + p];
                    }
                }
                if (arch.bias()) {
                    double b = w[biasBase + j];
                    for (int p = 0; p < n; p++) {
                        h[base + p] += b;
                    }
                }
                double a = w[outBase + j];
                if (a != 0) {
                    // Math.max(h, 0) is relu(h) for every h but NaN, which only unsafe points hold (always
                    // decided by the reference's forward pass); a unit with a = 0 adds +-0, as above.
                    for (int p = 0; p < n; p++) {
                        f[p] += a * Math.max(h[base + p], 0.0);
                    }
                }
            }
        }
        if (outBiasIndex >= 0) {
            double c = w[outBiasIndex];
            for (int p = 0; p < n; p++) {
                f[p] += c;
            }
        }
        int wrong = 0;
        for (int p = 0; p < n; p++) {
            if ((f[p] > 0 ? 1 : -1) != y[p]) {
                wrong++;
            }
        }
        mistakes = wrong;
        return wrong;
    }

    /** The loaded particle's mistakes on the n points (after {@link #load} or {@link #sweep}). */
    public int mistakes() {
        return mistakes;
    }

    /** The loaded particle's excess over the allowed mistakes: max(0, mistakes - m). */
    public int excess() {
        return Math.max(0, mistakes - m);
    }

    /** Decisions settled by the reference's forward pass so far. */
    @Override
    public long fallbacks() {
        return fallbacks;
    }

    /** Coordinate draws so far. */
    @Override
    public long draws() {
        return draws;
    }

    /** A continuous prior's envelope draws so far (each coordinate draw takes one or more). */
    public long proposals() {
        return proposals;
    }

    /** Coordinate draws so far that changed the parameter. */
    @Override
    public long changes() {
        return changes;
    }

    /**
     * One systematic-scan Gibbs sweep of gamma_beta over every parameter of the particle {@code theta}
     * (changed in place), with the draws from {@code random}; returns the particle's mistakes afterwards. A
     * finite prior's particle is swept as its level indices ({@link #sweep(int[], double, SplittableRandom)},
     * the same draws); a continuous prior's by {@link #drawValue}.
     */
    @Override
    public int sweep(double[] theta, double beta, SplittableRandom random) {
        if (levels != null) {
            int[] idx = new int[parameters];
            SmcParticles.indices(theta, levels, idx);
            int wrong = sweep(idx, beta, random);
            for (int q = 0; q < parameters; q++) {
                theta[q] = levels[idx[q]];
            }
            return wrong;
        }
        if (!(beta >= 0)) {
            throw new IllegalArgumentException("beta must be >= 0, got " + beta);
        }
        load(theta);
        for (int q = 0; q < parameters; q++) {
            theta[q] = drawValue(q, beta, random);
        }
        return mistakes;
    }

    /**
     * One sweep of the tilted target gamma_(beta, lambda) (the class comment): as
     * {@link #sweep(double[], double, SplittableRandom)} with each non-zero level of a hidden unit's output
     * weight weighted by exp(-lambda) more; lambda = 0 is that sweep. Finite priors with a level 0 and a hidden
     * layer only ({@link GibbsLayout#outputWeights}).
     */
    @Override
    public int sweep(double[] theta, double beta, double lambda, SplittableRandom random) {
        if (lambda == 0) {
            return sweep(theta, beta, random);
        }
        if (!(lambda > 0) || layout.outputWeights().length == 0) {
            throw new IllegalArgumentException("an output-weight tilt needs lambda > 0, a finite prior with a level 0 "
                    + "and a hidden layer; got lambda " + lambda + " on " + arch);
        }
        outputTilt = lambda;
        try {
            return sweep(theta, beta, random);
        } finally {
            outputTilt = 0;
        }
    }

    /**
     * One systematic-scan Gibbs sweep of gamma_beta over every parameter of the particle with level indices
     * {@code idx} (a finite prior; changed in place), with the draws from {@code random}; returns the
     * particle's mistakes afterwards.
     */
    public int sweep(int[] idx, double beta, SplittableRandom random) {
        if (!(beta >= 0)) {
            throw new IllegalArgumentException("beta must be >= 0, got " + beta);
        }
        load(idx);
        for (int q = 0; q < parameters; q++) {
            idx[q] = drawCoordinate(q, idx[q], beta, random);
        }
        return mistakes;
    }

    /** Draws parameter q (now at level index cur) from its conditional and applies it; returns its level index. */
    private int drawCoordinate(int q, int cur, double beta, SplittableRandom random) {
        draws++;
        int k = levels.length;
        boolean hard = beta == Double.POSITIVE_INFINITY;
        int excessCur = Math.max(0, mistakes - m);
        // A tilted coordinate's levels differ by at most exp(-lambda) more, so count lambda / beta further.
        boolean tilted = outputTilt != 0 && q >= outBase && q != outBiasIndex;
        int slack = tilted && beta > 0 && beta < Double.POSITIVE_INFINITY
                ? (int) Math.min(n, Math.ceil(outputTilt / beta)) : 0;
        int limit = ParticleMoves.countLimit(m, excessCur + slack, beta, n);
        boolean inert = !perceptron && q < outBase && w[outBase + unitOf(q)] == 0;
        for (int l = 0; l < k; l++) {
            levelMistakes[l] = l == cur || inert ? mistakes : trial(q, levels[l], limit);
        }
        int eMin = Integer.MAX_VALUE;
        for (int l = 0; l < k; l++) {
            eMin = Math.min(eMin, Math.max(0, levelMistakes[l] - m));
        }
        double total = 0;
        for (int l = 0; l < k; l++) {
            int e = Math.max(0, levelMistakes[l] - m);
            double wl = hard ? (e == 0 ? 1 : 0) : beta == 0 ? 1 : Math.exp(-beta * (e - eMin));
            if (tilted && levels[l] != 0) {
                wl *= Math.exp(-outputTilt);
            }
            levelWeight[l] = wl;
            total += wl;
        }
        if (!(total > 0)) {
            throw new IllegalStateException("no level of parameter " + q + " has weight at beta " + beta
                    + " (the current level should): mistakes " + java.util.Arrays.toString(levelMistakes));
        }
        int chosen = chooseWeighted(levelWeight, k, total, random);
        if (chosen != cur) {
            changes++;
            // A chosen level has weight > 0, so its count stopped below the limit and is exact.
            mistakes = levelMistakes[chosen] < limit ? levelMistakes[chosen] : trial(q, levels[chosen], n + 1);
            apply(q, levels[chosen]);
        }
        return chosen;
    }

    /**
     * Draws parameter q of a continuous prior exactly from its conditional and applies it; returns its new
     * value. The class comment has the method (envelope of certain mistakes, then rejection by the
     * reference's count).
     */
    private double drawValue(int q, double beta, SplittableRandom random) {
        draws++;
        ContinuousPrior prior = layout.continuous;
        double cur = w[q];
        boolean hard = beta == Double.POSITIVE_INFINITY;
        if (!perceptron && q < outBase && w[outBase + unitOf(q)] == 0) {
            // The unit's output weight is 0: f does not depend on q, so its conditional is the prior.
            double v = prior.draw(random);
            if (v != cur) {
                changes++;
                apply(q, v);
            }
            return v;
        }
        int pieces = envelope(q, prior);
        int eMinPiece = Integer.MAX_VALUE;
        for (int i = 0; i < pieces; i++) {
            eMinPiece = Math.min(eMinPiece, pieceExcess[i]);
        }
        double maxLog = Double.NEGATIVE_INFINITY;
        // The pieces are contiguous: piece i ends where piece i + 1 starts, so each end's tail is computed once.
        double tailLow = Double.NaN;
        double tailLowAt = Double.NaN;
        for (int i = 0; i < pieces; i++) {
            int e = pieceExcess[i];
            double tilt = hard ? (e == 0 ? 0 : Double.NEGATIVE_INFINITY) : beta == 0 ? 0 : -beta * (e - eMinPiece);
            // The prior's mass only where the weight can be positive (a tilt below -746 leaves none beside
            // the least excess's pieces, whose tilt is 0 and mass positive).
            double lw = Double.NEGATIVE_INFINITY;
            if (tilt >= -746) {
                double tailA = tailLowAt == pieceLow[i] ? tailLow : prior.logTail(pieceLow[i]);
                double tailB = prior.logTail(pieceHigh[i]);
                lw = tilt + prior.logMass(pieceLow[i], pieceHigh[i], tailA, tailB);
                tailLow = tailB;
                tailLowAt = pieceHigh[i];
            }
            pieceLogWeight[i] = lw;
            maxLog = Math.max(maxLog, lw);
        }
        double total = 0;
        for (int i = 0; i < pieces; i++) {
            pieceLogWeight[i] = maxLog == Double.NEGATIVE_INFINITY ? 0 : Math.exp(pieceLogWeight[i] - maxLog);
            total += pieceLogWeight[i];
        }
        if (!(total > 0)) {
            throw new IllegalStateException("no value of parameter " + q + " has weight at beta " + beta
                    + " (the current value " + cur + " should)");
        }
        for (int tries = 0; tries < 1_000_000; tries++) {
            proposals++;
            int i = chooseWeighted(pieceLogWeight, pieces, total, random);
            double v = prior.drawIn(pieceLow[i], pieceHigh[i], random);
            int eLow = pieceExcess[i];
            int limit = ParticleMoves.countLimit(m, eLow, beta, n);
            int wrong = trial(q, v, limit);
            if (wrong >= limit) {
                continue;
            }
            int e = Math.max(0, wrong - m);
            if (e < eLow) {
                throw new IllegalStateException("parameter " + q + " = " + v + " has excess " + e
                        + " by the reference, below the certain " + eLow);
            }
            if (e == eLow || !hard && random.nextDouble() < Math.exp(-beta * (e - eLow))) {
                if (v != cur) {
                    changes++;
                    mistakes = wrong;
                    apply(q, v);
                }
                return v;
            }
        }
        throw new IllegalStateException("no value of parameter " + q + " accepted in 10^6 proposals at beta " + beta);
    }

    /**
     * The envelope of parameter q's conditional (a continuous prior, the particle loaded): the support cut
     * into pieces on which the number of <em>certain</em> mistakes is constant, into {@link #pieceLow},
     * {@link #pieceHigh} and {@link #pieceExcess} (the certain excess, max(0, certain mistakes - m));
     * returns the number of pieces.
     *
     * <p>Point p is a certain mistake at value v when s F(v) &gt; 2 B_p, s = -y_p, where F(v) is the exact
     * value of the trial's formula on the stored sums ({@link #trial}): f_p + (v - cur) phi_p for an output
     * weight or bias (phi_p = relu(h_jp), x_p,i for a perceptron, 1 for the bias), and f_p + a (relu(h_jp +
     * (v - cur) x_p,i) - relu(h_jp)) for a first-layer weight or bias (x_p,i = 1) of unit j with output
     * weight a. F is linear, or monotone through relu, so each point's certain-mistake set is empty, all of
     * R, or a half-line v &gt; t_p or v &lt; t_p, found by solving s F(v) = 2 B_p. The layout's bound gives
     * |F(v) - f_ref(v)| &lt;= B_p (B_p has a factor 2 over the rounding of the sums and of one trial's
     * update), so there f_ref has the wrong sign, and the reference's mistakes at v are at least the
     * certain ones; the rounding of solving for t_p (relative u to the magnitudes of f, h, a x and v, far
     * below the other B_p) is covered by the margin 2 B_p, and t_p is moved a further 2^-40 of its size
     * into the set. Unsafe points (infinite B_p) are never certain by this rule. Two exact rules add to
     * it: where the coefficient of v is exactly 0 (an input x_p,i = 0, which adds +-0 to h in the reference
     * too; or an output weight's unit certainly inactive, h &lt; -E_p, or with all-zero input and no bias,
     * h = +-0), f_ref does not depend on v, and the point's label is the current one (decided as every
     * trial); and where every unit with a non-zero output weight is certainly inactive (the all-inactive
     * rule of the trials), f_ref is the output bias alone: for the output bias itself, f_ref = v, a
     * mistake on one side of 0; for a first-layer parameter of unit j, whose others are certainly inactive,
     * on the side where z(v) &lt; -E_p (moved 2^-40 inside). A point's certain set is the union of its
     * rules' half-lines, counted once.
     */
    private int envelope(int q, ContinuousPrior prior) {
        boolean output = q >= outBase;
        boolean isBias = output ? q == outBiasIndex : q >= hidden * d;
        int j = output ? q - outBase : unitOf(q);
        int col = !output && !isBias ? q - j * d : -1;
        double a = output ? 0 : w[outBase + j];
        double cur = w[q];
        int outputBiasLabel = (int) outputBiasLabel(q, cur);
        if (!output) {
            ensureOthersInactive(j);
        }
        int always = 0;
        int above = 0;
        int below = 0;
        for (int p = 0; p < n; p++) {
            double hOld = output || perceptron ? 0 : h[j * n + p];
            // (1) A coefficient of exactly 0 (an input x_p,i = 0; a unit certainly inactive, or with all-zero
            // input and no bias, under its output weight): the reference's f does not depend on v.
            boolean constant;
            if (output) {
                constant = !isBias && (perceptron ? xT[j * n + p] == 0 : !(h[j * n + p] > 0)
                        && (!unsafe[p] && h[j * n + p] < negActiveBound[p] || zeroInput[p] && !arch.bias()));
            } else {
                constant = !isBias && xT[col * n + p] == 0;
            }
            if (constant) {
                always += label(f[p], p, q, cur, output ? -1 : j, hOld) != y[p] ? 1 : 0;
                continue;
            }
            // The point's certain-mistake set, a union of v < lowT and v > highT (or everything).
            double lowT = Double.NEGATIVE_INFINITY;
            double highT = Double.POSITIVE_INFINITY;
            boolean all = false;
            // (2) s F(v) > 2 B_p.
            double c = 2 * bound[p];
            if (c < Double.POSITIVE_INFINITY) {
                double s = -y[p];
                double sf = s * f[p];
                double slope;
                double offset;
                boolean none = false;
                if (output) {
                    // s F(v) = s f + (v - cur) s phi.
                    slope = s * (isBias ? 1.0 : perceptron ? xT[j * n + p] : relu(h[j * n + p]));
                    offset = c - sf;
                } else {
                    double x = isBias ? 1.0 : xT[col * n + p];
                    double sa = s * a;
                    // s F(v) = rs + sa relu(z), z = hOld + (v - cur) x: a certain mistake where sa relu(z) > c - rs.
                    double rs = sf - sa * relu(hOld);
                    double rho = (c - rs) / sa;
                    if (sa > 0) {
                        // relu(z) > rho: everywhere if rho < 0, else iff z > rho: (v - cur) x > rho - hOld.
                        all = rho < 0;
                        slope = x;
                        offset = rho - hOld;
                    } else {
                        // relu(z) < rho: nowhere if rho <= 0, else iff z < rho: (v - cur) (-x) > hOld - rho.
                        none = !(rho > 0);
                        slope = -x;
                        offset = hOld - rho;
                    }
                }
                if (!all && !none) {
                    // A certain mistake where (v - cur) slope > offset.
                    if (slope == 0) {
                        all = offset < 0;
                    } else {
                        double t = cur + offset / slope;
                        double slop = 0x1.0p-40 * (Math.abs(cur) + Math.abs(offset / slope)) + Double.MIN_NORMAL;
                        if (Double.isNaN(t)) {
                            // No certain set from this rule.
                        } else if (slope > 0) {
                            highT = Math.min(highT, t + slop);
                        } else {
                            lowT = Math.max(lowT, t - slop);
                        }
                    }
                }
            }
            // (3) The all-inactive rule: where every unit with a non-zero output weight certainly has h &lt; -E_p,
            // f_ref is the output bias alone.
            if (!all && !perceptron && !unsafe[p]) {
                if (isBias && output) {
                    boolean inactive = true;
                    for (int u = 0; u < hidden && inactive; u++) {
                        inactive = w[outBase + u] == 0 || h[u * n + p] < negActiveBound[p];
                    }
                    if (inactive) {
                        // f_ref = v exactly: label +1 iff v > 0.
                        if (y[p] > 0) {
                            lowT = Math.max(lowT, 0.0);
                        } else {
                            highT = Math.min(highT, 0.0);
                        }
                    }
                } else if (!output && othersInactive[p] && outputBiasLabel != y[p]) {
                    // Unit j certainly inactive where z(v) = hOld + (v - cur) x < -E_p.
                    double x = isBias ? 1.0 : xT[col * n + p];
                    double offset = negActiveBound[p] - hOld;
                    double t = cur + offset / x;
                    double slop = 0x1.0p-40 * (Math.abs(cur) + Math.abs(offset / x)) + Double.MIN_NORMAL;
                    if (x > 0) {
                        lowT = Math.max(lowT, t - slop);
                    } else {
                        highT = Math.min(highT, t + slop);
                    }
                }
            }
            if (all || lowT >= highT) {
                always++;
                continue;
            }
            if (lowT > Double.NEGATIVE_INFINITY) {
                belowAt[below++] = lowT;
            }
            if (highT < Double.POSITIVE_INFINITY) {
                aboveAt[above++] = highT;
            }
        }
        java.util.Arrays.sort(aboveAt, 0, above);
        java.util.Arrays.sort(belowAt, 0, below);
        double lo = prior.lo();
        double hi = prior.hi();
        // Below every breakpoint, the points certain below theirs (v < t) are mistakes.
        int count = always + below;
        int ia = 0;
        int ib = 0;
        int pieces = 0;
        double left = lo;
        while (ia < above || ib < below) {
            boolean takeAbove = ib >= below || ia < above && aboveAt[ia] <= belowAt[ib];
            double t = takeAbove ? aboveAt[ia++] : belowAt[ib++];
            if (t > left && left < hi) {
                pieces = addPiece(pieces, left, Math.min(t, hi), count);
                left = Math.min(t, hi);
            }
            count += takeAbove ? 1 : -1;
        }
        if (left < hi) {
            pieces = addPiece(pieces, left, hi, count);
        }
        return pieces;
    }

    /**
     * For tests: the envelope of parameter q (not of a unit whose output weight is 0) of the particle
     * {@code theta} of a continuous prior, as rows {low, high, certain excess} ({@link #envelope}).
     */
    double[][] envelopeOf(double[] theta, int q) {
        load(theta);
        int pieces = envelope(q, layout.continuous);
        double[][] rows = new double[pieces][];
        for (int i = 0; i < pieces; i++) {
            rows[i] = new double[] {pieceLow[i], pieceHigh[i], pieceExcess[i]};
        }
        return rows;
    }

    private int addPiece(int i, double low, double high, int count) {
        pieceLow[i] = low;
        pieceHigh[i] = high;
        pieceExcess[i] = Math.max(0, count - m);
        return i + 1;
    }

    /**
     * An index i in [0, count) drawn with probability weight[i] / total (total their sum, &gt; 0): the
     * first whose cumulative weight passes a uniform point of [0, total), never one of weight 0.
     */
    private static int chooseWeighted(double[] weight, int count, double total, SplittableRandom random) {
        double r = random.nextDouble() * total;
        int chosen = count - 1;
        for (int l = 0; l < count; l++) {
            r -= weight[l];
            if (r < 0 && weight[l] > 0) {
                chosen = l;
                break;
            }
        }
        while (weight[chosen] == 0) {
            chosen--;
        }
        return chosen;
    }

    /** The hidden unit of a first-layer weight or bias q. */
    private int unitOf(int q) {
        return q < biasBase ? q / d : q - biasBase;
    }

    /**
     * The mistakes with parameter q set to v, counting stopped once they reach {@code limit} (the loaded
     * particle is not changed). Whole vectors of points take the Vector API path, the rest the scalar loop;
     * both compute each trial value with the same operations as {@link #apply}.
     */
    private int trial(int q, double v, int limit) {
        double delta = v - w[q];
        int wrong = 0;
        int start = 0;
        if (q >= outBase) {
            boolean isBias = q == outBiasIndex;
            int j = q - outBase;
            if (vectorLanes > 0) {
                start = whole;
                if (isBias) {
                    wrong = GibbsTrialsVector.output(this, null, 0, false, whole, delta, f, bound, ySign, limit, q, v,
                            null, null, 0, null);
                } else if (perceptron) {
                    wrong = GibbsTrialsVector.output(this, xT, j * n, false, whole, delta, f, bound, ySign, limit, q, v,
                            null, null, 0, null);
                } else {
                    ensureOthersInactive(j);
                    wrong = GibbsTrialsVector.output(this, h, j * n, true, whole, delta, f, bound, ySign, limit, q, v,
                            othersInactive, negActiveBound, outputBiasLabel(q, v), safe);
                }
            }
            for (int p = start; p < n && wrong < limit; p++) {
                double feature = isBias ? 1.0 : perceptron ? xT[j * n + p] : relu(h[j * n + p]);
                if (label(f[p] + delta * feature, p, q, v, -1, 0) != y[p]) {
                    wrong++;
                }
            }
        } else {
            int j = unitOf(q);
            boolean isBias = q >= hidden * d;
            int col = isBias ? -1 : q - j * d;
            double a = w[outBase + j];
            int base = j * n;
            if (vectorLanes > 0) {
                start = whole;
                ensureOthersInactive(j);
                wrong = GibbsTrialsVector.hidden(this, h, base, xT, col, n, whole, delta, a, f, bound, ySign, limit, q,
                        v, j, othersInactive, negActiveBound, outputBiasLabel(q, v), safe);
            }
            for (int p = start; p < n && wrong < limit; p++) {
                double hOld = h[base + p];
                double hp = hOld + (isBias ? delta : delta * xT[col * n + p]);
                if (label(f[p] + a * (relu(hp) - relu(hOld)), p, q, v, j, hp) != y[p]) {
                    wrong++;
                }
            }
        }
        return wrong;
    }

    /** Sets parameter q to v and updates h and f with exactly the operations {@link #trial} decided on. */
    private void apply(int q, double v) {
        double delta = v - w[q];
        if (q >= outBase) {
            boolean isBias = q == outBiasIndex;
            int j = q - outBase;
            int start = 0;
            if (vectorLanes > 0) {
                start = whole;
                GibbsTrialsVector.applyOutput(isBias ? null : perceptron ? xT : h, j * n, !isBias && !perceptron, whole,
                        delta, f);
            }
            for (int p = start; p < n; p++) {
                double feature = isBias ? 1.0 : perceptron ? xT[j * n + p] : relu(h[j * n + p]);
                f[p] = f[p] + delta * feature;
            }
        } else {
            int j = unitOf(q);
            boolean isBias = q >= hidden * d;
            int col = isBias ? -1 : q - j * d;
            double a = w[outBase + j];
            int base = j * n;
            int start = 0;
            if (vectorLanes > 0) {
                start = whole;
                GibbsTrialsVector.applyHidden(h, base, xT, col, n, whole, delta, a, f);
            }
            for (int p = start; p < n; p++) {
                double hOld = h[base + p];
                double hp = hOld + (isBias ? delta : delta * xT[col * n + p]);
                f[p] = f[p] + a * (relu(hp) - relu(hOld));
                h[base + p] = hp;
            }
        }
        w[q] = v;
        // A change of unit u's h or output weight leaves only u's own cache of the others valid.
        int changedUnit = q == outBiasIndex ? inactiveUnit : q < outBase ? unitOf(q) : q - outBase;
        if (changedUnit != inactiveUnit) {
            inactiveUnit = -1;
        }
    }

    /** The label of f_ref when every unit is inactive: that of the (trial) output bias alone, +1 or -1. */
    private double outputBiasLabel(int q, double v) {
        double c = outBiasIndex < 0 ? 0 : q == outBiasIndex ? v : w[outBiasIndex];
        return c > 0 ? 1 : -1;
    }

    private void ensureOthersInactive(int unit) {
        if (inactiveUnit != unit) {
            othersInactive(unit);
        }
    }

    private static double relu(double z) {
        return z > 0 ? z : 0.0;
    }

    /**
     * The reference's label on point p of the loaded particle with parameter q set to v, given the trial
     * output fp and, for a first-layer parameter of unit j (else j = -1), the trial pre-activation hj.
     */
    private int label(double fp, int p, int q, double v, int j, double hj) {
        double b = bound[p];
        if (fp > b) {
            return 1;
        }
        if (fp < -b) {
            return -1;
        }
        return closeLabel(p, q, v, j, hj);
    }

    /** 1 when the close call on point p ({@link #closeLabel}) is a mistake, else 0 (for the vector path). */
    int closeMistake(int p, int q, double v, int j, double hj) {
        return closeLabel(p, q, v, j, hj) != y[p] ? 1 : 0;
    }

    /** {@link #label} for a trial output within the bound of 0, or on an unsafe point. */
    private int closeLabel(int p, int q, double v, int j, double hj) {
        if (!unsafe[p]) {
            if (!perceptron && allInactive(p, q, v, j, hj)) {
                double c = outBiasIndex < 0 ? 0 : q == outBiasIndex ? v : w[outBiasIndex];
                return c > 0 ? 1 : -1;
            }
        }
        fallbacks++;
        double old = w[q];
        w[q] = v;
        double out = arch.output(w, 0, layout.x, p * d, scratch);
        w[q] = old;
        return Architecture.label(out);
    }

    /**
     * Whether every unit with a non-zero (trial) output weight is certainly inactive on p in the reference
     * (h &lt; -E_p). The units other than the one being drawn do not change while its parameters are tried,
     * so their part is computed once per unit and cached ({@link #othersInactive}).
     */
    private boolean allInactive(int p, int q, double v, int j, double hj) {
        double e = negActiveBound[p];
        if (q == outBiasIndex) {
            for (int u = 0; u < hidden; u++) {
                if (w[outBase + u] != 0 && !(h[u * n + p] < e)) {
                    return false;
                }
            }
            return true;
        }
        int unit = q < outBase ? j : q - outBase;
        ensureOthersInactive(unit);
        if (!othersInactive[p]) {
            return false;
        }
        if (q < outBase) {
            return w[outBase + unit] == 0 || hj < e;
        }
        return v == 0 || h[unit * n + p] < e;
    }

    /** Caches, per point, whether every unit but {@code unit} with a non-zero output weight has h &lt; -E_p. */
    private void othersInactive(int unit) {
        java.util.Arrays.fill(othersInactive, true);
        for (int u = 0; u < hidden; u++) {
            if (u == unit || w[outBase + u] == 0) {
                continue;
            }
            int base = u * n;
            for (int p = 0; p < n; p++) {
                othersInactive[p] &= h[base + p] < negActiveBound[p];
            }
        }
        inactiveUnit = unit;
    }
}
