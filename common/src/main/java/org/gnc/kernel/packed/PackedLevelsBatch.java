package org.gnc.kernel.packed;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.gnc.model.CandidateWeights;
import org.gnc.rng.CounterRng;
import org.gnc.rng.SplitMixLanes;
import org.gnc.simd.VectorModule;
import org.gnc.simd.VectorShapes;

/**
 * The draw of {@link PackedLevelsFilter}'s vector path for a batch of consecutive candidates: the output
 * weights of {@link #BATCH} candidates, one per lane, then the rows of their live units only, one row
 * per lane, for {@link PackedLevelsBlocks#evaluate(int, PackedLevelsBatch, int)} and
 * {@link PackedLevelsBlocks#evaluateQuad} to read. Applies when each row is one word (d = m(k)), the output
 * weights fit one word (H &lt;= m) and the groups of a word all have s digits.
 *
 * <p>Candidate i's word t is SplitMix64 at key + (i 2^20 + t + 1) GAMMA ({@link CounterRng#word}; i 2^20 is
 * {@link CandidateWeights#firstCounter}).
 * With Q_e = floor(u k^e / 2^64), the digits e .. e + s - 1 of u / 2^64 in base k, most significant
 * first, form the code Q_(e+s) - k^s Q_e: the digits {@link org.gnc.model.Prior#draw} reads one at a
 * time. So group c of unit j's row has code Q_(s(c+1)) - k^s Q_(sc) of word j, and the output weights
 * of units e c .. e c + e - 1 are the code Q_(e(c+1)) - k^e Q_(ec) of word H, which an {@link OutputCodes}
 * table turns into their levels and live units. Each word computes only its last Q with 64-bit lanes,
 * and every other Q from it in doubles ({@link #drawWord}).
 *
 * <p><b>Live rows only.</b> A unit whose output weight is 0 adds exactly 0 to f and is never active (see
 * {@link PackedLevelsFilter}), so its row is neither drawn nor evaluated. The output words are drawn
 * first; then, candidate by candidate, the table lists the live units t = 0 .. live(b) - 1 of slot b,
 * their output weights in ticks and the counters of their row words, one list for the whole batch; the
 * rows are drawn from that list a lane group at a time, since a lane's word depends only on its counter.
 * Slot b's live unit t reads row {@link #rowOf}[t BATCH + b]; entries t &gt;= live(b) are padding: output
 * weight 0 and the dead row, whose group-0 code is the block path's dead code (h far below 0: relu 0 and
 * never active), so that four candidates may be evaluated together up to the largest of their counts.
 *
 * <p>Loaded only when {@link VectorModule#present()}.
 */
final class PackedLevelsBatch {
    /** Candidates per batch. */
    static final int BATCH = 32;
    /**
     * Most codes of the output-word table ({@link PackedLevelsLayout#batchOutput}), read once per candidate
     * at a random code: small enough to stay in a core's cache (3^8 codes for R1's eight ternary units).
     */
    static final int MAX_OUTPUT_CODES = 1 << 13;

    private static final VectorSpecies<Long> LS = VectorShapes.LONGS;
    /** Ints with as many lanes as LS, for the codes (below k^s &lt;= 256, so the narrowing is exact). */
    private static final VectorSpecies<Integer> IS = VectorShapes.HALF_INTS;
    private static final long LOW32 = 0xFFFFFFFFL;
    private static final double TWO_52 = 0x1p52;
    private static final long TWO_52_BITS = Double.doubleToRawLongBits(TWO_52);

    private final long key;
    private final int hidden;
    private final int groups;
    private final int groupRadix;
    /** k^m (m digits a word) and k^H: the words' top powers; and each word kind's {@link #quotients}. */
    private final long rowTop;
    private final long outTop;
    private final Quotient[] rowQuotients;
    private final Quotient[] outQuotients;
    /** (H + 1) GAMMA: the output word's counter offset from key + firstCounter(i) GAMMA. */
    private final long outGamma;
    /** (j + 1) GAMMA: row j's. */
    private final long[] rowGamma;
    /** The output table: groups of {@code outDigits} units; each level in output ticks. */
    private final OutputCodes output;
    private final int outGroups;
    private final int[] levelTicks;
    private final long[] laneIndex;
    /** Per lane of the lane group being drawn: key + firstCounter(i) GAMMA for its candidate i. */
    private final long[] candidateBase;
    /** Per slot b: the code of each output group c, outCodes[c * BATCH + b]. */
    private final int[] outCodes;
    /** The live rows' counters, key + (firstCounter(i) + j + 1) GAMMA, in list order. */
    private final long[] rowCounter;
    /** Index of the dead row (after the hidden BATCH rows a batch can list). */
    final int deadRow;
    /** Entries per digit group in {@link #codes}. */
    final int rowStride;
    /** codes[c * rowStride + r]: group c's code of listed row r (the dead row's group 0: the dead code). */
    final int[] codes;
    /** rowOf[t * BATCH + b]: the row of slot b's live unit t, or {@link #deadRow} for t &gt;= live(b). */
    final int[] rowOf;
    /** m[t * BATCH + b]: the output weight of slot b's live unit t in ticks ({@link OutputTicks}), 0 for padding. */
    final int[] m;
    /** unit[t * BATCH + b]: the unit index j of slot b's live unit t (padding: unspecified). */
    final int[] unit;
    /** live[b]: slot b's live units. */
    final int[] live;

    /** Whether the batch draw applies to rows of {@code wordsPerRow} words of m digits in groups of s, with H units. */
    static boolean applies(int hidden, int wordsPerRow, int digitsPerWord, int s) {
        return LS.length() >= 2 && wordsPerRow == 1 && hidden <= digitsPerWord
                && digitsPerWord % s == 0;
    }

    PackedLevelsBatch(long key, int hidden, int digitsPerWord, int s, OutputCodes output, int[] levelTicks,
                      int deadCode) {
        this.key = key;
        this.hidden = hidden;
        this.groups = digitsPerWord / s;
        this.output = output;
        this.outGroups = hidden / output.digits;
        this.levelTicks = levelTicks.clone();
        long r = 1;
        for (int t = 0; t < s; t++) {
            r *= levelTicks.length;
        }
        this.groupRadix = (int) r;
        this.rowQuotients = quotients(r, groups);
        this.outQuotients = quotients(output.radix, outGroups);
        long top = 1;
        for (int c = 0; c < groups; c++) {
            top *= r;
        }
        this.rowTop = top;
        top = 1;
        for (int c = 0; c < outGroups; c++) {
            top *= output.radix;
        }
        this.outTop = top;
        this.outGamma = (hidden + 1) * CounterRng.GAMMA;
        this.rowGamma = new long[hidden];
        for (int j = 0; j < hidden; j++) {
            rowGamma[j] = (j + 1) * CounterRng.GAMMA;
        }
        int lanes = LS.length();
        this.laneIndex = new long[lanes];
        this.candidateBase = new long[lanes];
        for (int c = 0; c < lanes; c++) {
            laneIndex[c] = c;
        }
        this.outCodes = new int[outGroups * BATCH];
        // hidden BATCH is a multiple of the lanes, so the last lane group of the list stays below the dead row.
        this.rowCounter = new long[hidden * BATCH];
        this.deadRow = hidden * BATCH;
        this.rowStride = deadRow + 1;
        this.codes = new int[groups * rowStride];
        codes[deadRow] = deadCode;
        this.rowOf = new int[hidden * BATCH];
        this.m = new int[hidden * BATCH];
        this.unit = new int[hidden * BATCH];
        this.live = new int[BATCH];
    }

    int hidden() {
        return hidden;
    }

    /** Draws candidates first .. first + count - 1 (count &lt;= BATCH) into slots 0 .. count - 1. */
    void draw(long first, int count) {
        final int lanes = LS.length();
        for (int g = 0; g < count; g += lanes) {
            // key + firstCounter(i) GAMMA for the lanes' candidates i, the shift of CandidateWeights#firstCounter
            // lane-wise; word t adds (t + 1) GAMMA.
            LongVector.fromArray(LS, laneIndex, 0).add(first + g)
                    .lanewise(VectorOperators.LSHL, CandidateWeights.WORDS_PER_CANDIDATE_LOG2).mul(CounterRng.GAMMA)
                    .add(key).intoArray(candidateBase, 0);
            drawWord(candidateBase, 0, outGamma, outTop, outQuotients, (int) output.radix, outCodes, g, BATCH);
        }
        // The live units of each candidate, in increasing order, and their rows' counters.
        final OutputCodes table = output;
        final int e = table.digits;
        int rows = 0;
        for (int b = 0; b < count; b++) {
            long base = key + ((first + b) << CandidateWeights.WORDS_PER_CANDIDATE_LOG2) * CounterRng.GAMMA;
            int t = 0;
            for (int c = 0; c < outGroups; c++) {
                int code = outCodes[c * BATCH + b];
                int n = table.live[code];
                for (int x = 0; x < n; x++, t++) {
                    int offset = table.liveUnit(code, x);
                    int j = c * e + offset;
                    int at = t * BATCH + b;
                    m[at] = levelTicks[table.level(code, offset)];
                    unit[at] = j;
                    rowOf[at] = rows;
                    rowCounter[rows++] = base + rowGamma[j];
                }
            }
            live[b] = t;
            for (; t < hidden; t++) {
                m[t * BATCH + b] = 0;
                rowOf[t * BATCH + b] = deadRow;
            }
        }
        for (int r = 0; r < rows; r += lanes) {
            drawWord(rowCounter, r, 0, rowTop, rowQuotients, groupRadix, codes, r, rowStride);
        }
    }

    /**
     * The digit groups of the words at counters[at ..] + add GAMMA (one word per lane), into
     * dest[base + c stride ..] for group c. With q = Q_count = floor(u top / 2^64) computed exactly from
     * u's 32-bit halves (top = radix^count &lt;= 2^32, so each partial product is below 2^64),
     * Q_c = floor(q / radix^(count - c)) for c &lt; count (the identity floor(floor(x) / N) = floor(x / N)
     * for a whole N), and group c is Q_(c+1) - radix Q_c (Q_0 = 0). The Q_c come from doubles as
     * {@link Quotient} proves; they are below 2^31 for c &lt; count, so exact in ints, and the last group
     * q - radix Q_(count-1) is exact in 32-bit arithmetic modulo 2^32, since it lies in [0, radix). That
     * costs two 64-bit lane multiplies per word besides the mix, where digit by digit costs three per
     * group: AVX2 has no packed 64-bit multiply, so each is a sequence of instructions.
     *
     * <p>One small self-contained method without calls besides the mix, so the JIT keeps its vectors in
     * registers (a vector passed to a method the JIT did not inline is allocated on the heap).
     */
    private static void drawWord(long[] counters, int at, long add, long top, Quotient[] quotients, int radix,
                                 int[] dest, int base, int stride) {
        LongVector u = SplitMixLanes.mix64(LongVector.fromArray(LS, counters, at).add(add));
        LongVector q = u.lanewise(VectorOperators.LSHR, 32).mul(top)
                .add(u.and(LOW32).mul(top).lanewise(VectorOperators.LSHR, 32)).lanewise(VectorOperators.LSHR, 32);
        // q as a double, exactly: q < 2^52 placed in the mantissa of 2^52, which is then subtracted.
        DoubleVector exact = ((DoubleVector) q.or(TWO_52_BITS).reinterpretAsDoubles()).sub(TWO_52);
        IntVector prev = IntVector.zero(IS);
        int count = quotients.length;
        for (int c = 0; c < count - 1; c++) {
            Quotient by = quotients[c + 1];
            LongVector whole = (LongVector) exact.sub(by.shift).mul(by.reciprocal).add(Quotient.ROUNDER).reinterpretAsLongs();
            IntVector next = (IntVector) whole.convertShape(VectorOperators.L2I, IS, 0);
            next.sub(prev.mul(radix)).intoArray(dest, base + c * stride);
            prev = next;
        }
        IntVector last = (IntVector) q.convertShape(VectorOperators.L2I, IS, 0);
        last.sub(prev.mul(radix)).intoArray(dest, base + (count - 1) * stride);
    }

    /**
     * floor(q / N) for whole q in [0, 2^32) and a whole divisor N &gt;= 2, in double lanes without a
     * floor or a double-to-int conversion (neither is compiled to vector code on every x86 shape):
     * p = fl((q - (N - 1) / 2) fl(1 / N)), then fl(p + 1.5 2^52), whose bits hold floor(q / N) in their
     * low 32 bits.
     *
     * <p><i>Proof.</i> Write q = K N + r with 0 &lt;= r &lt; N. q - (N - 1) / 2 is a half-integer below 2^32,
     * exact in a double, and (q - (N - 1) / 2) / N = K + e with |e| &lt;= 1/2 - 1/(2N). fl(1 / N) and the
     * product each round by at most 2^-53 relatively, so |p - (K + e)| &lt; 2^32 / N 2^-51 = 2^-19 / N, and
     * p lies strictly inside (K - 1/2, K + 1/2). Since |p| &lt; 2^32, p + 1.5 2^52 lies in [2^52, 2^53),
     * where the doubles are the whole numbers, so rounding to nearest gives exactly 1.5 2^52 + K; its
     * bits are those of 1.5 2^52 (low 32 bits zero) plus K &lt; 2^31.
     */
    record Quotient(double shift, double reciprocal) {
        static final double ROUNDER = 0x1.8p52;

        static Quotient by(long divisor) {
            return new Quotient((divisor - 1) / 2.0, 1.0 / divisor);
        }

        /** floor(q / N), in scalar arithmetic; {@link #drawWord} does the same lane-wise. */
        int floorOf(long q) {
            return (int) Double.doubleToRawLongBits(((q - shift) * reciprocal) + ROUNDER);
        }
    }

    /** Quotient by radix^(count - c) for c = 1 .. count - 1 (entry 0 unused): what a word of count digit groups needs. */
    private static Quotient[] quotients(long radix, int count) {
        Quotient[] r = new Quotient[count];
        long n = 1;
        for (int c = count - 1; c >= 1; c--) {
            n *= radix;
            r[c] = Quotient.by(n);
        }
        return r;
    }
}
