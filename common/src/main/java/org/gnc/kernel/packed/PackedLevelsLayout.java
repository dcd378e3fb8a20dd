package org.gnc.kernel.packed;

import static org.gnc.model.Rounding.U_DOUBLE;
import static org.gnc.model.Rounding.gamma;

import org.gnc.data.Dataset;
import org.gnc.kernel.Points;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.Prior;
import org.gnc.rng.CounterRng;
import org.gnc.simd.VectorModule;

/**
 * The per-cell part of {@link PackedLevelsFilter}: everything computed once from the cell's prior,
 * architecture and training points, and nothing that changes while candidates are scanned. The
 * digit groups of a row, the look-up tables T[p][g][code] and the rounding bounds eps_p with the
 * points where a sum could overflow (the filter's class comment derives them), the output-word decode
 * tables, the output levels in ticks, and which paths apply: the fixed-point blocks
 * ({@link PackedLevelsFixedPoint}, where the Vector API is present and the output levels are whole
 * ticks) and the batch draw ({@link PackedLevelsBatch}).
 *
 * <p>Immutable: no field or array is written after the constructor returns, so one layout may serve
 * the scanners ({@link PackedLevelsFilter#PackedLevelsFilter(PackedLevelsLayout)}) of many threads.
 * The arrays are package-private for the scanner and the block path, which copy them into final
 * fields of their own.
 */
public final class PackedLevelsLayout {
    /** Largest look-up table per digit group (entries): k^s &lt;= 256. */
    static final int MAX_TABLE = 256;

    final CandidateWeights candidates;
    final Architecture arch;
    final Points train;
    final int maxTrainErrors;
    final CounterRng rng;
    final int hidden;
    final int wordsPerRow;
    /** Output-weight decoding: digits per output word, k, level values, the first output word. */
    final int digitsPerWord;
    final int k;
    final double[] levels;
    final int outWord;
    /** Digits per group s (the last group of a word may have fewer), groups per word and their k^size. */
    final int groupSize;
    final int groupsPerWord;
    final long[] groupRadix;
    final int groupsPerRow;
    final int tableStride;
    /** T[(p * groupsPerRow + c) * tableStride + code]. */
    final double[] tables;
    /** Per point: the rounding bound eps_p on a pre-activation, and whether a sum could overflow. */
    final double[] eps;
    final boolean[] unsafe;
    /** gamma(H+1), the bound on the rounding of f. */
    final double gammaOut;
    /** Output digits decoded by table (see {@link PackedLevelsFilter}), or null; bits per digit and mask. */
    final int[] outDigits;
    /** Per output code: the live units (a_j != 0) in increasing order, 4 bits each, and their number. */
    final long[] outUnits;
    final byte[] outLive;
    final long outRadix;
    final int outBits;
    final int outMask;
    /** Ternary rows of exactly one word in four groups of five digits. */
    final boolean ternary20;
    /** The output levels in ticks, or null where they are not whole ticks; per level, its ticks (0 without blocks). */
    final OutputTicks ticks;
    final int[] levelTicks;
    /** The block path's fixed-point tables, or null for the scalar path. */
    final PackedLevelsFixedPoint fixedPoint;
    /** Whether the block path draws in batches ({@link PackedLevelsBatch}). */
    final boolean batchDraw;

    /** The layout of a cell: both paths allowed, digit groups of up to {@value #MAX_TABLE} codes. */
    public PackedLevelsLayout(CandidateWeights candidates, Dataset train, int maxTrainErrors) {
        this(candidates, train, maxTrainErrors, true, MAX_TABLE);
    }

    /**
     * As the public constructor; {@code allowVector = false} forces the scalar path, whose digit groups
     * have at most {@code maxTable} codes (for tests and measurements).
     */
    PackedLevelsLayout(CandidateWeights candidates, Dataset train, int maxTrainErrors, boolean allowVector,
                       int maxTable) {
        this.arch = candidates.architecture();
        if (!PackedLevelsFilter.supports(arch, candidates.prior())) {
            throw new IllegalArgumentException("PackedLevelsFilter does not apply to " + arch + " with prior "
                    + candidates.prior().label());
        }
        this.candidates = candidates;
        this.train = new Points(train, arch, "training");
        this.maxTrainErrors = maxTrainErrors;
        this.rng = candidates.rng();
        this.levels = candidates.prior().levels();
        this.k = levels.length;
        this.digitsPerWord = Prior.digitsPerWord(k);
        int d = arch.inputDim();
        this.hidden = arch.widths().get(0);
        this.wordsPerRow = d / digitsPerWord;
        this.outWord = hidden * wordsPerRow;

        int s = 1;
        while (s < digitsPerWord && pow(k, s + 1) <= maxTable) {
            s++;
        }
        this.groupSize = s;
        this.groupsPerWord = (digitsPerWord + s - 1) / s;
        this.groupRadix = new long[groupsPerWord];
        int[] sizes = new int[groupsPerWord];
        for (int g = 0; g < groupsPerWord; g++) {
            sizes[g] = Math.min(s, digitsPerWord - g * s);
            groupRadix[g] = pow(k, sizes[g]);
        }
        this.groupsPerRow = groupsPerWord * wordsPerRow;
        this.tableStride = (int) pow(k, s);
        int n = this.train.n;
        this.tables = new double[n * groupsPerRow * tableStride];
        this.eps = new double[n];
        this.unsafe = new boolean[n];
        double[] maxH = new double[n];
        double maxAbs = 0;
        for (double v : levels) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        for (int p = 0; p < n; p++) {
            double sumAbs = 0;
            for (int i = 0; i < d; i++) {
                sumAbs += Math.abs(this.train.x[p * d + i]);
            }
            // 2 gamma(d+1) bounds the gap between two summation orders; doubled, and sumAbs rounded up.
            this.eps[p] = 4 * gamma(d + 2, U_DOUBLE) * maxAbs * sumAbs * (1 + 4 * U_DOUBLE * d);
            maxH[p] = maxAbs * sumAbs * (1 + 4 * U_DOUBLE * d);
            if (!((maxAbs * sumAbs + 1) * Math.max(1, maxAbs) * 4 * (d + hidden + 2) < Double.MAX_VALUE)) {
                // A sum could overflow, or the point is not finite: every decision goes to the reference.
                this.unsafe[p] = true;
                this.eps[p] = Double.POSITIVE_INFINITY;
            }
            for (int wq = 0; wq < wordsPerRow; wq++) {
                for (int g = 0; g < groupsPerWord; g++) {
                    int c = wq * groupsPerWord + g;
                    int col0 = wq * digitsPerWord + g * s;
                    for (int code = 0; code < groupRadix[g]; code++) {
                        double t = 0;
                        int rest = code;
                        for (int j = sizes[g] - 1; j >= 0; j--) {
                            t += levels[rest % k] * this.train.x[p * d + col0 + j];
                            rest /= k;
                        }
                        tables[(p * groupsPerRow + c) * tableStride + code] = t;
                    }
                }
            }
        }
        this.gammaOut = gamma(hidden + 1, U_DOUBLE);
        int bits = 32 - Integer.numberOfLeadingZeros(k - 1);
        int zero = -1;
        for (int lv = 0; lv < k; lv++) {
            zero = levels[lv] == 0 ? lv : zero;
        }
        if (hidden <= digitsPerWord && hidden <= 16 && pow(k, hidden) <= 1 << 16 && bits * hidden <= 32) {
            this.outRadix = pow(k, hidden);
            this.outBits = bits;
            this.outMask = (1 << bits) - 1;
            this.outDigits = new int[(int) outRadix];
            this.outUnits = new long[(int) outRadix];
            this.outLive = new byte[(int) outRadix];
            for (int v = 0; v < outRadix; v++) {
                int rest = v;
                int packed = 0;
                int[] digit = new int[hidden];
                for (int j = hidden - 1; j >= 0; j--) {
                    digit[j] = rest % k;
                    packed |= digit[j] << (bits * j);
                    rest /= k;
                }
                outDigits[v] = packed;
                int live = 0;
                for (int j = 0; j < hidden; j++) {
                    if (digit[j] != zero) {
                        outUnits[v] |= (long) j << (4 * live++);
                    }
                }
                outLive[v] = (byte) live;
            }
        } else {
            this.outDigits = null;
            this.outUnits = null;
            this.outLive = null;
            this.outRadix = 0;
            this.outBits = 0;
            this.outMask = 0;
        }
        this.ternary20 = k == 3 && wordsPerRow == 1 && digitsPerWord == 20 && groupsPerRow == 4 && tableStride == 243;
        this.ticks = OutputTicks.of(levels).orElse(null);
        this.fixedPoint = allowVector && ticks != null && VectorModule.present()
                && PackedLevelsBlocks.applies(hidden, groupsPerRow, ticks)
                ? new PackedLevelsFixedPoint(n, groupsPerRow, tableStride, hidden, ticks, tables, eps, maxH, unsafe,
                        this.train.y, gammaOut) : null;
        this.levelTicks = new int[k];
        for (int v = 0; v < k && fixedPoint != null; v++) {
            levelTicks[v] = ticks.ticks(v);
        }
        boolean equalGroups = groupsPerWord * s == digitsPerWord;
        this.batchDraw = fixedPoint != null && equalGroups
                && PackedLevelsBatch.applies(hidden, wordsPerRow, digitsPerWord, s);
    }

    private static long pow(int k, int s) {
        long r = 1;
        for (int t = 0; t < s; t++) {
            r *= k;
        }
        return r;
    }
}
