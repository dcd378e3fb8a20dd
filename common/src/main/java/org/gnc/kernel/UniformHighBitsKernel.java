package org.gnc.kernel;

import static org.gnc.model.Rounding.U_DOUBLE;
import static org.gnc.model.Rounding.gamma;

import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.Prior;
import org.gnc.model.Rounding;
import org.gnc.rng.CounterRng;
import org.gnc.simd.VectorModule;

/**
 * The uniform-prior path of {@link DenseReluFilter}: one ReLU hidden layer, weights
 * uniform[low, high) in the high-bits-first encoding ({@link Prior.Uniform#draw}), biases allowed;
 * exact with respect to {@link ReferenceFilter}: it accepts exactly the indices the reference accepts,
 * with the same error counts.
 *
 * <p><b>Draw.</b> The first layer's weights w_jc = fl(low + fl(s u_jc)) (s = high - low in double,
 * u_jc on the 53-bit grid) are first known only by their 16-bit high parts hi_jc, four per random
 * word: u_jc lies in [hi_jc 2^-16, (hi_jc + 1) 2^-16). The midpoint weight is
 * m_jc = low + s (hi_jc + 1/2) 2^-16 = A + s 2^-16 hi_jc with A = low + s 2^-17. The biases, output
 * weights and output bias (a few words) are drawn exactly, from their high and low words, with
 * {@link Prior.Uniform#fromParts}.
 *
 * <p><b>Approximate pre-activation.</b> On point x (dimension d) the kernel computes
 * T_j ~ sum_c hi_jc x_c, in double on the scalar path and in float blocks on the vector path
 * ({@link UniformHighBitsVector}), then S~_j = fl(fl(A Sx) + fl(s 2^-16 T_j)) with Sx = sum_c x_c, and
 * h~_j = S~_j, or fl(S~_j + b_j) with a hidden bias.
 *
 * <p><b>Bound.</b> With U = 2^-53, gamma(n) = n U / (1 - n U) ({@link Rounding}), M = |low| + 2 s and
 * X = sum_c |x_c|:
 * <ul>
 *   <li>each reference weight is within s 2^-17 + U (1 + U) M of its real midpoint m_jc (u_jc is
 *       within 2^-17 of the midpoint of its cell; then two roundings), so the real sums of w x and
 *       of m x differ by at most that times X;</li>
 *   <li>the reference's sequential sum S is within gamma(d + 1) (|low| + s) X of the real sum of w x;</li>
 *   <li>S~ is within gamma(d + 4) M X of the real sum of m x when T_j is summed in double (T_j's error
 *       is at most gamma(d + 1) 2^16 X in any order, times s 2^-16; A, Sx, the two products and their
 *       sum are rounded); the vector path's float blocks add
 *       s ({@link UniformHighBitsVector#floatError}) X.</li>
 * </ul>
 * Hence |S - S~| &lt;= E = X (s 2^-17 + 2 M (U (1 + U) + gamma(d + 4) + gamma(d + 1)) [+ 2 s floatError(d)]),
 * every floating-point term doubled for margin, X rounded up by 1 + 4 U d and E by 1 + 2^-20. With a
 * hidden bias, |h_j - h~_j| &lt;= e_j = E + 5 U (|h~_j| + E); without, e_j = E. ReLU is 1-Lipschitz, and
 * relu is 0 on all of [h~_j - e_j, h~_j + e_j] when h~_j + e_j &lt;= 0, so
 * |relu(h_j) - relu(h~_j)| &lt;= gap_j = min(e_j, max(h~_j + e_j, 0)). With H units, g = gamma(H + 2),
 * the exact output weights a_j and bias c (0 if none), and f~ = sum_j a_j relu(h~_j) + c, the
 * reference's f (sequential, {@link Architecture#output}) satisfies
 * <pre>
 *   |f - f~| &lt;= B = (sum_j |a_j| (gap_j (1 + 2g) + 4 g relu(h~_j)) + 4 g |c|) (1 + 2^-20)
 * </pre>
 * (|a| gap for the change of the ReLUs, and the rounding of both output sums, gamma(H + 1) times the
 * sum of the magnitudes of their terms each, doubled). If f~ &gt; B then f &gt; 0 and the label is +1;
 * if f~ &lt; -B then f &lt; 0 and the label is -1.
 *
 * <p><b>Fallback.</b> Otherwise (on R2-like data about 0.15% of point decisions, 0.35% of candidates:
 * f within about s 2^-17 X |a| of 0) the candidate's exact first-layer weights are completed from its low words, as
 * {@link CandidateWeights#fill} forms them, once per candidate; the point is then decided the same
 * way from exact sums S2 (any order), with E2 = 4 gamma(d + 1) (|low| + s) X bounding |S - S2|
 * (both sums of the same products, doubled); and if that too is undecided (f within rounding of 0,
 * e.g. an all-zero input), by {@link Architecture#output}, the reference's own forward pass.
 * Every per-point decision is therefore the reference's. {@link #fallbacks()} counts the decisions
 * that left the first tier.
 *
 * <p>Points are visited hardest first and a candidate leaves at its (max-train-errors + 1)-th mistake.
 * Nothing is allocated per candidate.
 */
final class UniformHighBitsKernel {
    /** Candidates between two re-sorts of the point order. */
    private static final int REORDER_EVERY = 1 << 10;

    private final Architecture arch;
    private final Prior.Uniform prior;
    private final Points train;
    private final int maxTrainErrors;
    private final long key;
    private final int hidden;
    private final int d;
    private final boolean bias;
    private final boolean outputBias;
    private final int parameters;
    /** Counter offset of the low words: ceil(P/4). */
    private final long lowOffset;
    /** Words holding the first layer's high parts: ceil(H d / 4). */
    private final int firstLayerWords;
    /** s 2^-16, the step of w~ per unit of hi. */
    private final double step;
    /** Per point: A Sx (rounded as in the bound) and the bound E on |S - S~|. */
    private final double[] aSx;
    private final double[] eps;
    /** Per point: the bound on |S - S2| for sums S2 of the exact weights in any order. */
    private final double[] exactEps;
    private final double onePlus2g;
    private final double fourG;
    /** Multiplies B; 1 in production, larger in tests to force fallbacks (a larger bound is still exact). */
    private final double slack;

    /** The scalar path's high words of the first layer, or null on the vector path. */
    private final long[] highWords;
    private final UniformHighBitsVector vector;
    /** Per candidate: exact biases, output weights (and |a|), output bias. */
    private final double[] b;
    private final double[] a;
    private final double[] absA;
    private double c;
    /** Per point: T_j, then h~_j. */
    private final double[] t;
    /** Exact weights of the current candidate, materialized on its first fallback. */
    private final double[] w;
    private final double[] scratch;
    private boolean filled;
    private final PointOrder points;
    private final PointOrder.PointLabel labels = this::label;
    /** The counter state z0 of the candidate being decided. */
    private long candidateZ0;
    private final int[] order;
    private long fallbacks;

    UniformHighBitsKernel(CandidateWeights candidates, Points train, int maxTrainErrors, boolean allowVector,
                          double slack) {
        if (!(candidates.prior() instanceof Prior.Uniform u) || candidates.projected() != null) {
            throw new IllegalArgumentException("the high-bits kernel reads the uniform direct encoding");
        }
        if (!(slack >= 1)) {
            throw new IllegalArgumentException("slack must be >= 1, got " + slack);
        }
        this.arch = candidates.architecture();
        this.prior = u;
        this.train = train;
        this.maxTrainErrors = maxTrainErrors;
        this.key = candidates.rng().key();
        this.hidden = arch.widths().get(0);
        this.d = arch.inputDim();
        this.bias = arch.bias();
        this.outputBias = arch.outputBias();
        this.parameters = candidates.parameterCount();
        this.lowOffset = Prior.Uniform.highWords(parameters);
        this.firstLayerWords = (int) Prior.Uniform.highWords(hidden * d);
        this.slack = slack;
        double low = u.low();
        double s = u.high() - u.low();
        this.step = s * 0x1.0p-16;
        double aMid = low + s * 0x1.0p-17;
        double m = Math.abs(low) + 2 * s;
        double perUnitX = s * 0x1.0p-17 + 2 * m * (U_DOUBLE * (1 + U_DOUBLE) + gamma(d + 4, U_DOUBLE) + gamma(d + 1, U_DOUBLE));
        double g = gamma(hidden + 2, U_DOUBLE);
        this.onePlus2g = 1 + 2 * g;
        this.fourG = 4 * g;
        int lanes = allowVector && VectorModule.present() ? UniformHighBitsVector.lanes() : 0;
        this.vector = lanes > 0 && hidden % lanes == 0 && d % 4 == 0 && UniformHighBitsVector.supportsInputs(train.x)
                ? new UniformHighBitsVector(hidden, d, train.x, train.n) : null;
        if (vector != null) {
            // T_j is summed in float blocks: its rounding, times s 2^-16 per unit of T, doubled.
            perUnitX += 2 * s * UniformHighBitsVector.floatError(d);
        }
        int n = train.n;
        this.aSx = new double[n];
        this.eps = new double[n];
        this.exactEps = new double[n];
        double exactPerUnitX = 2 * (Math.abs(low) + s) * 2 * gamma(d + 1, U_DOUBLE);
        for (int p = 0; p < n; p++) {
            double sum = 0;
            double sumAbs = 0;
            for (int i = 0; i < d; i++) {
                double xi = train.x[p * d + i];
                sum += xi;
                sumAbs += Math.abs(xi);
            }
            aSx[p] = aMid * sum;
            eps[p] = sumAbs * (1 + 4 * U_DOUBLE * d) * perUnitX * (1 + 0x1.0p-20);
            exactEps[p] = sumAbs * (1 + 4 * U_DOUBLE * d) * exactPerUnitX * (1 + 0x1.0p-20);
        }
        this.highWords = vector == null ? new long[firstLayerWords] : null;
        this.b = new double[hidden];
        this.a = new double[hidden];
        this.absA = new double[hidden];
        this.t = new double[hidden];
        this.w = new double[parameters];
        this.scratch = arch.newScratch();
        this.points = new PointOrder(n, REORDER_EVERY);
        this.order = points.order;
    }

    /** True when {@link UniformHighBitsVector} draws and sums the first layer. */
    boolean vectorized() {
        return vector != null;
    }

    /** Point decisions that the midpoint bound left open (settled by the exact weights). */
    long fallbacks() {
        return fallbacks;
    }

    Acceptances scan(long first, int count) {
        Acceptances.Builder accepted = new Acceptances.Builder();
        final int[] y = train.y;
        for (long i = first; i < first + count; i++) {
            long z0 = key + (CandidateWeights.firstCounter(i) + 1) * CounterRng.GAMMA;
            drawTail(z0);
            filled = false;
            candidateZ0 = z0;
            int mistakes = points.mistakes(y, maxTrainErrors, labels);
            if (mistakes >= 0) {
                accepted.add(i, mistakes);
            }
        }
        return accepted.build();
    }

    /** The current candidate's label on point p, the k-th visited (its high words drawn at the first). */
    private int label(int k, int p) {
        long z0 = candidateZ0;
        if (vector != null) {
            if (k == 0) {
                vector.drawAndSum(z0, p, t);
            } else {
                vector.sum(p, t);
            }
        } else {
            if (k == 0) {
                drawHighWords(z0);
            }
            sums(p);
        }
        return decide(z0, p);
    }

    /** The reference's label on point p, from the sums T_j in t (see the class comment). */
    private int decide(long z0, int p) {
        int label = boundedLabel(aSx[p], step, eps[p]);
        if (label != 0) {
            return label;
        }
        fallbacks++;
        if (!filled) {
            completeFirstLayer(z0);
            filled = true;
        }
        exactSums(p);
        label = boundedLabel(0.0, 1.0, exactEps[p]);
        if (label != 0) {
            return label;
        }
        if (vector != null) {
            vector.exactWeightsInto(w);
        }
        return Architecture.label(arch.output(w, 0, train.x, p * d, scratch));
    }

    /**
     * +1 or -1 when the pre-activations (biases not added) {@code base + scale * t[j]} are within
     * {@code e} of the reference's sums and f's bound excludes 0; else 0. Branch-free per unit: the
     * gap |relu(h_j) - relu(h~_j)| is bounded by min(e_j, max(h~_j + e_j, 0)), which is e_j's bound
     * where h~_j &gt;= 0 and 0 where h~_j &lt;= -e_j.
     */
    private int boundedLabel(double base, double scale, double e) {
        double f = 0;
        double bound = 0;
        for (int j = 0; j < hidden; j++) {
            double h = base + scale * t[j];
            double ej = e;
            if (bias) {
                h += b[j];
                ej = e + 5 * U_DOUBLE * (Math.abs(h) + e);
            }
            double r = Math.max(h, 0.0);
            double gap = Math.min(ej, Math.max(h + ej, 0.0));
            f += a[j] * r;
            bound += absA[j] * (gap * onePlus2g + fourG * r);
        }
        if (outputBias) {
            f += c;
            bound += fourG * Math.abs(c);
        }
        bound *= (1 + 0x1.0p-20) * slack;
        return f > bound ? 1 : f < -bound ? -1 : 0;
    }

    /** The first layer's sums on point p under the exact weights in w (any order), into t. */
    private void exactSums(int p) {
        if (vector != null) {
            vector.exactSum(train.x, p * d, t);
            return;
        }
        final double[] x = train.x;
        final int xo = p * d;
        for (int j = 0; j < hidden; j++) {
            int r = j * d;
            double s0 = 0;
            double s1 = 0;
            int col = 0;
            for (; col + 2 <= d; col += 2) {
                s0 += w[r + col] * x[xo + col];
                s1 += w[r + col + 1] * x[xo + col + 1];
            }
            if (col < d) {
                s0 += w[r + col] * x[xo + col];
            }
            t[j] = s0 + s1;
        }
    }

    /**
     * The exact parameters after the first layer (biases, output weights, output bias) into b, a, c and
     * into w at their layout positions: parameter k is fromParts(highPart(word(k / 4), k % 4), word(P/4 + k)).
     */
    private void drawTail(long z0) {
        long cachedIndex = -1;
        long hw = 0;
        int k = hidden * d;
        for (int o = 0; k < parameters; k++, o++) {
            long wi = k >>> 2;
            if (wi != cachedIndex) {
                hw = CounterRng.mix64(z0 + wi * CounterRng.GAMMA);
                cachedIndex = wi;
            }
            double v = prior.fromParts(Prior.Uniform.highPart(hw, k & 3),
                    CounterRng.mix64(z0 + (lowOffset + k) * CounterRng.GAMMA));
            w[k] = v;
            if (bias && o < hidden) {
                b[o] = v;
            } else {
                int at = bias ? o - hidden : o;
                if (at < hidden) {
                    a[at] = v;
                    absA[at] = Math.abs(v);
                } else {
                    c = v;
                }
            }
        }
    }

    /** The first layer's high words, scalar path: word t at counter base + t. */
    private void drawHighWords(long z0) {
        final long[] out = highWords;
        for (int k = 0; k < out.length; k++) {
            out[k] = CounterRng.mix64(z0 + k * CounterRng.GAMMA);
        }
    }

    /** T_j on point p from the scalar path's high words, into t. */
    private void sums(int p) {
        final double[] x = train.x;
        final long[] hw = highWords;
        final int xo = p * d;
        for (int j = 0, k = 0; j < hidden; j++) {
            double s = 0;
            for (int col = 0; col < d; col++, k++) {
                s += Prior.Uniform.highPart(hw[k >>> 2], k & 3) * x[xo + col];
            }
            t[j] = s;
        }
    }

    /** The exact first-layer weights of the current candidate into w, as {@link CandidateWeights#fill} forms them. */
    private void completeFirstLayer(long z0) {
        if (vector != null) {
            vector.exactWeights(z0, lowOffset, prior.low(), prior.high() - prior.low());
            return;
        }
        final int size = hidden * d;
        for (int k = 0; k < size; k++) {
            long lowWord = CounterRng.mix64(z0 + (lowOffset + k) * CounterRng.GAMMA);
            w[k] = prior.fromParts(Prior.Uniform.highPart(highWords[k >>> 2], k & 3), lowWord);
        }
    }

}
