package org.gnc.kernel.packed;

import org.gnc.data.Dataset;
import org.gnc.kernel.Acceptances;
import org.gnc.kernel.EarlyRejectionFilter;
import org.gnc.kernel.InterpolatorFilter;
import org.gnc.kernel.PointOrder;
import org.gnc.kernel.Points;
import org.gnc.kernel.ReferenceFilter;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.Prior;
import org.gnc.rng.CounterRng;

/**
 * Fused draw-and-evaluate for finite priors on one ReLU hidden layer without biases, exact with
 * respect to {@link ReferenceFilter}: it accepts exactly the indices {@link ReferenceFilter} accepts,
 * with the same error counts. Nothing is allocated per candidate.
 *
 * <p><b>Encoding.</b> Weights are never materialized. The k-level prior packs m = m(k) digits per
 * random word ({@link Prior}); this filter applies only when the input dimension d is a multiple of m,
 * so row j of the first layer is exactly the q = d/m words [j q, (j+1) q) of the candidate, and the
 * output weights start on word H q. Digits are read as in {@link Prior#draw}: a group of s consecutive
 * digits of a word u is floor(u k^s / 2^64) = d_0 k^(s-1) + ... + d_(s-1), after which u *= k^s
 * (mod 2^64) exposes the next digits.
 *
 * <p><b>Draw.</b> The output word is read first, and the rows of units whose output weight is 0 are
 * neither drawn nor evaluated (such a unit adds exactly 0 to f in the reference, 0 * relu(h) = +0 for
 * finite h, and the sign of a zero f does not change its label). When the H output digits fit one word
 * and k^H &lt;= 2^16 they come from a table indexed by floor(u k^H / 2^64), with the list of live units;
 * ternary rows of one word (d = 20) take their four 5-digit codes as Q_(5c+5) - 243 Q_(5c) with
 * independent products Q_i = floor(u 3^i / 2^64), instead of a chain of multiplications.
 *
 * <p><b>Evaluate.</b> For each training point p and digit group g, a table holds the partial sum
 * T[p][g][code] = sum_t level(digit_t(code)) x_p[col(g, t)], so a pre-activation is one look-up per
 * group. Where the Vector API (module {@code jdk.incubator.vector}) is present and the output levels are
 * whole multiples of one tick ({@link OutputTicks}), {@link PackedLevelsBlocks} holds the tables in
 * fixed point with the training points in the lanes, a block of points per vector: a unit's
 * pre-activations on a whole block are one vector load per group, and all of a block's outputs come out
 * at once (the R1 kernel: its 16 points are two blocks of 8 ints, 256-bit vectors). Otherwise the
 * scalar path visits one point at a time. In both, points are visited hardest first and a candidate leaves at its
 * (max-train-errors + 1)-th mistake (after the block that holds it), as in {@link EarlyRejectionFilter};
 * acceptance does not depend on the order.
 *
 * <p><b>Exactness</b> (of the scalar path; the block path's integer version of the same argument is in
 * {@link PackedLevelsBlocks}). It adds the same products as {@link Architecture#output} in another order,
 * so a pre-activation may differ from the reference's h by rounding. Any
 * two evaluations of the same d products in which every product passes through at most d + 1
 * roundings differ by at most 2 gamma(d+1) sum |w_i x_i| &lt;= eps_p / 2 with eps_p = 4 gamma(d+2)
 * max|level| sum_i |x_p,i| ({@link org.gnc.kernel.Rounding#gamma}: gamma(n) = n u / (1 - n u), u = 2^-53;
 * the sum rounded up). ReLU is
 * 1-Lipschitz and f's terms pass through at most H roundings in any order, so f is known to within
 * B = 2 * sum over units with a_j != 0 and h_j &gt;= -eps_p of |a_j| (eps_p (1 + 2 gamma(H+1)) +
 * 2 gamma(H+1) relu(h_j)); units with h_j &lt; -eps_p are exactly 0 in both. When |f| &gt; B, the
 * reference's label is the label of f; when no unit with a_j != 0 has h_j &gt;= -eps_p, f_ref is a sum of
 * zeros and the label is -1; otherwise (a tie within rounding of 0, which integer-valued or cancelling
 * data makes common) the weights are materialized and the point is decided by the reference's own
 * forward pass ({@link #fallbacks} counts these). A point where some sum could overflow
 * ((max|level| sum|x_p| + 1) max(1, max|level|) 4 (d + H + 2) is not below the largest double, or x_p
 * is not finite) is always decided by the reference's forward pass, so every h above is finite. Hence
 * this filter accepts exactly the indices {@link ReferenceFilter} accepts, with the same error counts.
 *
 * <p><b>Layout and scanner.</b> Everything computed once per cell (digit groups, tables, bounds, decode
 * tables, which paths apply) is in an immutable {@link PackedLevelsLayout}; this class is the scanner:
 * the draw and the evaluation, with the scratch state of the candidate being decided and its own point
 * order. Not thread-safe: one scanner per thread, any number of them on one layout.
 */
public final class PackedLevelsFilter implements InterpolatorFilter {
    /** Candidates between two re-sorts of the point order. */
    private static final int REORDER_EVERY = 1 << 14;

    private final PackedLevelsLayout layout;
    /*
     * The layout's values that the hot loops read, copied into final fields of this scanner (never
     * written here): the loops read them as fields of this, with no extra indirection.
     */
    private final CandidateWeights candidates;
    private final Architecture arch;
    private final Points train;
    private final int maxTrainErrors;
    private final CounterRng rng;
    private final int hidden;
    private final int wordsPerRow;
    private final int groupsPerWord;
    private final long[] groupRadix;
    private final int groupsPerRow;
    private final int tableStride;
    private final double[] tables;
    private final double[] eps;
    private final boolean[] unsafe;
    private final double gammaOut;
    private final int digitsPerWord;
    private final int k;
    private final double[] levels;
    private final int outWord;
    private final int[] levelTicks;
    private final int[] outDigits;
    private final long[] outUnits;
    private final byte[] outLive;
    private final long outRadix;
    private final int outBits;
    private final int outMask;
    private final boolean ternary20;

    /*
     * Scratch of this scanner. Per candidate: output weight, |output weight|, output weight in the block
     * path's ticks and unit index of each live unit (a_j != 0), and their digit-group codes. The draw's
     * results (a, unit, liveUnits, codes, batch) and methods are package-private so that a test can check
     * them against CandidateWeights#fill.
     */
    final double[] a;
    private final int[] aTicks;
    final int[] unit;
    int liveUnits;
    final int[] codes;
    private final double[] absA;
    private final double[] w;
    private final double[] scratch;
    private final PointOrder points;
    /** The scalar path's labels: the candidate being decided, on each point. */
    private final PointOrder.PointLabel labels = (t, p) -> decide(this.candidate, p);
    private long candidate;
    private final int[] order;
    /** The Vector API batch draw, or null (the scalar draw then feeds the block path). */
    final PackedLevelsBatch batch;
    /** The Vector API path (the training points in the lanes), or null for the scalar path. */
    private final PackedLevelsBlocks blockPath;
    private long fallbacks;

    /**
     * True when this filter applies: finite prior, one dense ReLU hidden layer, one output, no biases, d a
     * multiple of m(k).
     */
    public static boolean supports(Architecture arch, Prior prior) {
        if (!prior.isFinite() || !arch.isDenseSingleOutput() || arch.depth() != 1
                || arch.activation() != Activation.RELU || arch.bias() || arch.outputBias()) {
            return false;
        }
        int k = prior.levels().length;
        return k >= 2 && arch.inputDim() % Prior.digitsPerWord(k) == 0;
    }

    /** A scanner with a layout of its own ({@link PackedLevelsLayout#PackedLevelsLayout(CandidateWeights, Dataset, int)}). */
    public PackedLevelsFilter(CandidateWeights candidates, Dataset train, int maxTrainErrors) {
        this(new PackedLevelsLayout(candidates, train, maxTrainErrors));
    }

    /**
     * As the public constructor; {@code allowVector = false} forces the scalar path, whose digit groups
     * have at most {@code maxTable} codes (for tests and measurements).
     */
    public PackedLevelsFilter(CandidateWeights candidates, Dataset train, int maxTrainErrors, boolean allowVector,
                       int maxTable) {
        this(new PackedLevelsLayout(candidates, train, maxTrainErrors, allowVector, maxTable));
    }

    /** A scanner of the cell laid out in {@code layout}, which it only reads (one layout may serve many threads). */
    public PackedLevelsFilter(PackedLevelsLayout layout) {
        this.layout = layout;
        this.candidates = layout.candidates;
        this.arch = layout.arch;
        this.train = layout.train;
        this.maxTrainErrors = layout.maxTrainErrors;
        this.rng = layout.rng;
        this.hidden = layout.hidden;
        this.wordsPerRow = layout.wordsPerRow;
        this.groupsPerWord = layout.groupsPerWord;
        this.groupRadix = layout.groupRadix;
        this.groupsPerRow = layout.groupsPerRow;
        this.tableStride = layout.tableStride;
        this.tables = layout.tables;
        this.eps = layout.eps;
        this.unsafe = layout.unsafe;
        this.gammaOut = layout.gammaOut;
        this.digitsPerWord = layout.digitsPerWord;
        this.k = layout.k;
        this.levels = layout.levels;
        this.outWord = layout.outWord;
        this.levelTicks = layout.levelTicks;
        this.outDigits = layout.outDigits;
        this.outUnits = layout.outUnits;
        this.outLive = layout.outLive;
        this.outRadix = layout.outRadix;
        this.outBits = layout.outBits;
        this.outMask = layout.outMask;
        this.ternary20 = layout.ternary20;

        this.a = new double[hidden];
        this.aTicks = new int[hidden];
        this.unit = new int[hidden];
        this.codes = new int[hidden * groupsPerRow];
        this.absA = new double[hidden];
        this.w = new double[candidates.parameterCount()];
        this.scratch = arch.newScratch();
        this.points = new PointOrder(train.n, REORDER_EVERY);
        this.order = points.order;
        this.blockPath = layout.fixedPoint != null ? new PackedLevelsBlocks(layout.fixedPoint) : null;
        this.batch = layout.batchDraw ? new PackedLevelsBatch(rng.key(), hidden, digitsPerWord, layout.groupSize,
                levels, layout.ticks, blockPath.deadCode()) : null;
        if (blockPath != null) {
            layOutBlocks();
        }
    }

    /** The cell's layout this scanner reads. */
    PackedLevelsLayout layout() {
        return layout;
    }

    /** True when the Vector API path runs. */
    public boolean vectorized() {
        return blockPath != null;
    }

    /**
     * How many point decisions were settled by the reference's forward pass: ties within rounding of 0,
     * and every decision on a point where a sum could overflow.
     */
    public long fallbacks() {
        return fallbacks;
    }

    @Override
    public Acceptances scan(long first, int count) {
        if (blockPath != null) {
            return scanBlocks(first, count);
        }
        Acceptances.Builder accepted = new Acceptances.Builder();
        final int[] y = train.y;
        for (long i = first; i < first + count; i++) {
            long base = CandidateWeights.firstCounter(i);
            decodeOutputWeights(base);
            drawRows(base);
            candidate = i;
            int mistakes = points.mistakes(y, maxTrainErrors, labels);
            if (mistakes >= 0) {
                accepted.add(i, mistakes);
            }
        }
        return accepted.build();
    }

    /**
     * The block path: the scalar draw (output word first, live rows only) or, where it applies, the batch
     * draw ({@link PackedLevelsBatch}, {@link PackedLevelsBatch#BATCH} candidates at once, one per lane);
     * then each candidate's points block by block in visiting order ({@link PackedLevelsBlocks#evaluate}).
     */
    private Acceptances scanBlocks(long first, int count) {
        Acceptances.Builder accepted = new Acceptances.Builder();
        for (long i0 = first; i0 < first + count; i0 += PackedLevelsBatch.BATCH) {
            int size = (int) Math.min(PackedLevelsBatch.BATCH, first + count - i0);
            if (batch != null) {
                batch.draw(i0, size);
            }
            int slot = 0;
            if (batch != null && blockPath.quadApplies()) {
                // Four candidates at a time through block 0 (where most are rejected); the layout may change
                // only after all four are done.
                final int quad = PackedLevelsBlocks.QUAD;
                for (; slot + quad <= size; slot += quad) {
                    long quadResult = blockPath.evaluateQuad(0, batch, slot);
                    if (PackedLevelsBlocks.quadRejected(quadResult, maxTrainErrors)) {
                        // The common case: all four rejected on block 0.
                        for (int k = 0; k < quad; k++) {
                            points.rejectedBy(blockPath.point(0, PackedLevelsBlocks.quadFirstWrong(quadResult, k)));
                        }
                        if (points.candidatesDone(quad)) {
                            layOutBlocks();
                        }
                        continue;
                    }
                    for (int k = 0; k < quad; k++) {
                        long i = i0 + slot + k;
                        int mistakes;
                        int wrong = PackedLevelsBlocks.quadWrong(quadResult, k);
                        if (!PackedLevelsBlocks.quadDecided(quadResult, k)) {
                            mistakes = blockMistakes(i, slot + k, 0, 0);
                        } else if (wrong > maxTrainErrors) {
                            points.rejectedBy(blockPath.point(0, PackedLevelsBlocks.quadFirstWrong(quadResult, k)));
                            mistakes = -1;
                        } else {
                            mistakes = blockMistakes(i, slot + k, 1, wrong);
                        }
                        if (mistakes >= 0) {
                            accepted.add(i, mistakes);
                        }
                    }
                    for (int k = 0; k < quad; k++) {
                        if (points.candidateDone()) {
                            layOutBlocks();
                        }
                    }
                }
            }
            for (; slot < size; slot++) {
                long i = i0 + slot;
                if (batch == null) {
                    long base = CandidateWeights.firstCounter(i);
                    decodeOutputWeights(base);
                    drawRows(base);
                }
                int mistakes = blockMistakes(i, batch == null ? -1 : slot, 0, 0);
                if (mistakes >= 0) {
                    accepted.add(i, mistakes);
                }
                if (points.candidateDone()) {
                    layOutBlocks();
                }
            }
        }
        return accepted.build();
    }

    /**
     * Candidate i's training mistakes, block by block from block b0 on (after {@code mistakes} on the
     * blocks before), or -1 once they exceed max-train-errors; its draw is in batch slot {@code slot}, or
     * (slot -1) in the scalar draw's arrays. Lanes within the bound and unsafe points take the
     * reference's forward pass.
     */
    private int blockMistakes(long i, int slot, int b0, int mistakes) {
        final PackedLevelsBlocks v = blockPath;
        final int lanes = PackedLevelsBlocks.lanes();
        for (int b = b0; b < v.blocks(); b++) {
            int wrong = slot < 0 ? v.evaluate(b, aTicks, liveUnits, codes) : v.evaluate(b, batch, slot);
            int firstWrong = v.firstWrong();
            if (v.opened()) {
                for (int q = 0; q < lanes; q++) {
                    if (v.open(b, q) && (referenceLabel(i, v.point(b, q)) > 0) != v.positive(b, q)) {
                        wrong++;
                        firstWrong = firstWrong < 0 ? q : Math.min(firstWrong, q);
                    }
                }
            }
            mistakes += wrong;
            if (mistakes > maxTrainErrors) {
                points.rejectedBy(v.point(b, firstWrong));
                return -1;
            }
        }
        return mistakes;
    }

    /** The reference's forward pass: the label of candidate i on point p, for decisions within the bound. */
    private int referenceLabel(long i, int p) {
        fallbacks++;
        candidates.fill(i, w, 0);
        return Architecture.label(arch.output(w, 0, train.x, p * train.dim, scratch));
    }

    /** The reference's label of candidate i on point p (branch-free except for the final decision). */
    private int decide(long i, int p) {
        if (unsafe[p]) {
            return referenceLabel(i, p);
        }
        final double e1 = eps[p] * (1 + 2 * gammaOut);
        final double negE = -eps[p];
        final double g2 = 2 * gammaOut;
        final int tBase = p * groupsPerRow;
        final int gpr = groupsPerRow;
        final int stride = tableStride;
        final boolean unrolled = (gpr & 3) == 0;
        final int live = liveUnits;
        double f = 0;
        double bound = 0;
        for (int j = 0, cb = 0; j < live; j++, cb += gpr) {
            double h = 0;
            if (unrolled) {
                for (int c = 0, o = tBase * stride; c < gpr; c += 4, o += 4 * stride) {
                    h += (tables[o + codes[cb + c]] + tables[o + stride + codes[cb + c + 1]])
                            + (tables[o + 2 * stride + codes[cb + c + 2]] + tables[o + 3 * stride + codes[cb + c + 3]]);
                }
            } else {
                for (int c = 0; c < gpr; c++) {
                    h += tables[(tBase + c) * stride + codes[cb + c]];
                }
            }
            double r = h > 0 ? h : 0.0;
            f += a[j] * r;
            double m = h >= negE ? absA[j] : 0.0;
            bound += m * (e1 + g2 * r);
        }
        bound *= 2;
        if (f > bound) {
            return 1;
        }
        if (f < -bound || bound == 0) {
            return -1;
        }
        return referenceLabel(i, p);
    }

    /**
     * Decodes the output weights and lists the live units (a_j != 0) first to last: a[t], absA[t] and
     * unit[t] for t &lt; liveUnits. When the H output digits fit one word and k^H &lt;= 2^16, they are
     * floor(u k^H / 2^64) (the same base-k expansion {@link Prior#draw} reads digit by digit), decoded
     * from a table instead of a chain of H multiplications.
     */
    void decodeOutputWeights(long base) {
        if (outDigits != null) {
            int code = (int) CounterRng.unsignedMultiplyHigh(rng.word(base + outWord), outRadix);
            int packed = outDigits[code];
            long units = outUnits[code];
            int live = outLive[code];
            for (int t = 0; t < live; t++) {
                int j = (int) (units >>> (4 * t)) & 15;
                int level = (packed >>> (outBits * j)) & outMask;
                double v = levels[level];
                a[t] = v;
                aTicks[t] = levelTicks[level];
                absA[t] = Math.abs(v);
                unit[t] = j;
            }
            liveUnits = live;
            return;
        }
        int j = 0;
        int live = 0;
        long wIdx = outWord;
        while (j < hidden) {
            long u = rng.word(base + wIdx++);
            int digits = Math.min(digitsPerWord, hidden - j);
            for (int t = 0; t < digits; t++, j++) {
                int level = (int) CounterRng.unsignedMultiplyHigh(u, k);
                double v = levels[level];
                a[live] = v;
                aTicks[live] = levelTicks[level];
                absA[live] = Math.abs(v);
                unit[live] = j;
                live += v != 0 ? 1 : 0;
                u *= k;
            }
        }
        liveUnits = live;
    }

    /**
     * The digit-group codes of the live units' rows (the rows of units with a_j = 0 are never drawn).
     * Ternary rows of one word (d = 20, four groups of 5 digits) take Q_i = floor(u 3^i / 2^64) for
     * i = 5, 10, 15, 20, independent products, and group c's code Q_(5c+5) - 243 Q_(5c): the base-243
     * digits of floor(u 3^20 / 2^64), the same codes the general loop reads one multiplication after another.
     */
    void drawRows(long base) {
        if (ternary20) {
            for (int t = 0, cb = 0; t < liveUnits; t++, cb += 4) {
                long u = rng.word(base + unit[t]);
                // Q_i = floor(u 3^i / 2^64); group c's code is Q_(5c+5) - 243 Q_(5c).
                long q5 = CounterRng.unsignedMultiplyHigh(u, 243L);
                long q10 = CounterRng.unsignedMultiplyHigh(u, 59049L);
                long q15 = CounterRng.unsignedMultiplyHigh(u, 14348907L);
                long q20 = CounterRng.unsignedMultiplyHigh(u, 3486784401L);
                codes[cb] = (int) q5;
                codes[cb + 1] = (int) (q10 - 243 * q5);
                codes[cb + 2] = (int) (q15 - 243 * q10);
                codes[cb + 3] = (int) (q20 - 243 * q15);
            }
            return;
        }
        int cb = 0;
        for (int t = 0; t < liveUnits; t++) {
            long row = base + (long) unit[t] * wordsPerRow;
            for (int wq = 0; wq < wordsPerRow; wq++) {
                long u = rng.word(row + wq);
                for (int g = 0; g < groupsPerWord; g++) {
                    long radix = groupRadix[g];
                    codes[cb++] = (int) CounterRng.unsignedMultiplyHigh(u, radix);
                    u *= radix;
                }
            }
        }
    }

    /** Lays the block path's tables out in the current visiting order. */
    private void layOutBlocks() {
        blockPath.layout(order);
    }
}
