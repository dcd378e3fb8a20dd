package org.gnc.kernel.packed;

import java.util.function.IntFunction;
import java.util.function.LongFunction;
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
 * The draw of {@link PackedLevelsFilter}'s vector path for a batch of consecutive candidates, one
 * candidate per lane: the digit-group codes of every row and the output weights of {@link #BATCH}
 * candidates at once, for {@link PackedLevelsBlocks#evaluate(int, PackedLevelsBatch, int)} to read.
 * Applies when each row is one word (d = m(k)), the output weights fit one word (H &lt;= m) and the
 * groups of a word all have s digits.
 *
 * <p>Candidate i's word t is SplitMix64 at key + (i 2^20 + t + 1) GAMMA ({@link CounterRng#word}; i 2^20 is
 * {@link CandidateWeights#firstCounter}).
 * With Q_e = floor(u k^e / 2^64), the digits e .. e + s - 1 of u / 2^64 in base k, most significant
 * first, form the code Q_(e+s) - k^s Q_e: the digits {@link org.gnc.model.Prior#draw} reads one at a
 * time. So group c of unit j's row has code Q_(s(c+1)) - k^s Q_(sc) of word j, and output weight j is
 * level Q_(j+1) - k Q_j of word H. Each word computes only its last Q with 64-bit lanes, and every
 * other Q from it: in doubles, or for an output word with k^H &lt;= 2^15 (R1's 3^8) by a 32-bit multiply and
 * shift ({@link #drawWord}). A digit v becomes m_v ticks by one multiply-add where the levels' ticks are
 * evenly spaced (ternary, binary and quantized priors), else by a blend per level. The rows of units whose output weight is 0 are drawn anyway, since
 * the vectors draw all rows at once; {@link PackedLevelsBlocks} reads them as its dead code (they add
 * exactly 0 to f, and must not count as active).
 *
 * <p>Loaded only when {@link VectorModule#present()}.
 */
final class PackedLevelsBatch {
    /** Candidates per batch. */
    static final int BATCH = 32;

    private static final VectorSpecies<Long> LS = VectorShapes.LONGS;
    /** Ints with as many lanes as LS, for the codes (below k^s &lt;= 256, so the narrowing is exact). */
    private static final VectorSpecies<Integer> IS = VectorShapes.HALF_INTS;
    private static final long LOW32 = 0xFFFFFFFFL;
    private static final double TWO_52 = 0x1p52;
    private static final long TWO_52_BITS = Double.doubleToRawLongBits(TWO_52);

    private final long key;
    private final int hidden;
    private final int groups;
    private final long outWord;
    private final int k;
    private final int groupRadix;
    /** k^m (m digits a word) and k^H: the words' top powers; and each word kind's {@link #quotients}. */
    private final long rowTop;
    private final long outTop;
    private final Quotient[] rowQuotients;
    private final Quotient[] outQuotients;
    /** The output word's quotients in 32-bit lanes ({@link SmallQuotient}) where k^H &lt;= its limit, else null. */
    private final SmallQuotient[] outSmall;
    /** Each level in output ticks (0 ticks only for a level 0); and, where they are m_v = slope v + m_0, the slope. */
    private final int[] levelTicks;
    private final boolean affine;
    private final int slope;
    private final int deadCode;
    private final long[] laneIndex;
    /** Per lane of the lane group being drawn: key + firstCounter(i) GAMMA for its candidate i. */
    private final long[] candidateBase;
    /**
     * codes[(j * groups + c) * BATCH + b] and m[j * BATCH + b] for batch slot b: output weight j in ticks
     * ({@link OutputTicks}).
     */
    final int[] codes;
    final int[] m;
    /** Per unit j and slot b, outDigits[j * BATCH + b]: the digit of output weight j (scratch). */
    private final int[] outDigits;

    /** Whether the batch draw applies to rows of {@code wordsPerRow} words of m digits in groups of s, with H units. */
    static boolean applies(int hidden, int wordsPerRow, int digitsPerWord, int s) {
        return LS.length() >= 2 && wordsPerRow == 1 && hidden <= digitsPerWord
                && digitsPerWord % s == 0;
    }

    PackedLevelsBatch(long key, int hidden, int digitsPerWord, int s, double[] levels, OutputTicks ticks, int deadCode) {
        this.key = key;
        this.hidden = hidden;
        this.groups = digitsPerWord / s;
        this.outWord = hidden;
        this.k = levels.length;
        this.levelTicks = new int[levels.length];
        for (int v = 0; v < levels.length; v++) {
            levelTicks[v] = ticks.ticks(v);
        }
        this.slope = levelTicks[1] - levelTicks[0];
        boolean steps = true;
        for (int v = 1; v < levels.length; v++) {
            steps &= levelTicks[v] - levelTicks[v - 1] == slope;
        }
        this.affine = steps;
        this.deadCode = deadCode;
        long r = 1;
        for (int t = 0; t < s; t++) {
            r *= k;
        }
        this.groupRadix = (int) r;
        this.rowQuotients = quotients(r, groups, Quotient::by, Quotient[]::new);
        this.outQuotients = quotients(k, hidden, Quotient::by, Quotient[]::new);
        long top = 1;
        for (int c = 0; c < groups; c++) {
            top *= r;
        }
        this.rowTop = top;
        top = 1;
        for (int j = 0; j < hidden; j++) {
            top *= k;
        }
        this.outTop = top;
        this.outSmall = top <= SmallQuotient.LIMIT
                ? quotients(k, hidden, SmallQuotient::by, SmallQuotient[]::new) : null;
        int lanes = LS.length();
        this.laneIndex = new long[lanes];
        this.candidateBase = new long[lanes];
        for (int c = 0; c < lanes; c++) {
            laneIndex[c] = c;
        }
        this.codes = new int[hidden * groups * BATCH];
        this.m = new int[hidden * BATCH];
        this.outDigits = new int[hidden * BATCH];
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
            for (int j = 0; j < hidden; j++) {
                drawWord(j, rowTop, rowQuotients, null, groupRadix, codes, j * groups * BATCH + g);
            }
            drawWord(outWord, outTop, outQuotients, outSmall, k, outDigits, g);
            // Each output digit v becomes its level in ticks, m_v = slope v + m_0 where the ticks are evenly
            // spaced (as for {-1, 0, 1}), else a blend per level; and group 0 of a dead unit's row (output weight
            // 0, the only level of 0 ticks) becomes deadCode.
            for (int j = 0; j < hidden; j++) {
                int at = j * BATCH + g;
                IntVector digits = IntVector.fromArray(IS, outDigits, at);
                IntVector level;
                if (affine) {
                    level = digits.mul(slope).add(levelTicks[0]);
                } else {
                    level = IntVector.zero(IS);
                    for (int v = 0; v < levelTicks.length; v++) {
                        level = level.blend(levelTicks[v], digits.compare(VectorOperators.EQ, v));
                    }
                }
                level.intoArray(m, at);
                int row = j * groups * BATCH + g;
                IntVector.fromArray(IS, codes, row).blend(deadCode, level.compare(VectorOperators.EQ, 0))
                        .intoArray(codes, row);
            }
        }
    }

    /**
     * The digit groups of word t of the lane group's candidates (see {@link #candidateBase}), into
     * dest[base + c BATCH ..] for group c. With q = Q_count = floor(u top / 2^64) computed exactly from
     * u's 32-bit halves (top = radix^count &lt;= 2^32, so each partial product is below 2^64),
     * Q_c = floor(q / radix^(count - c)) for c &lt; count (the identity floor(floor(x) / N) = floor(x / N)
     * for a whole N), and group c is Q_(c+1) - radix Q_c (Q_0 = 0). The Q_c come from doubles as
     * {@link Quotient} proves; they are below 2^31 for c &lt; count, so exact in ints, and the last group
     * q - radix Q_(count-1) is exact in 32-bit arithmetic modulo 2^32, since it lies in [0, radix). With
     * {@code small} (q below {@link SmallQuotient#LIMIT}) the Q_c come from 32-bit lanes instead. That
     * costs two 64-bit lane multiplies per word besides the mix, where digit by digit costs three per
     * group: AVX2 has no packed 64-bit multiply, so each is a sequence of instructions.
     *
     * <p>One small self-contained method without calls besides the mix, so the JIT keeps its vectors in
     * registers (a vector passed to a method the JIT did not inline is allocated on the heap).
     */
    private void drawWord(long t, long top, Quotient[] quotients, SmallQuotient[] small, int radix, int[] dest,
                          int base) {
        LongVector u = SplitMixLanes.mix64(LongVector.fromArray(LS, candidateBase, 0).add((t + 1) * CounterRng.GAMMA));
        LongVector q = u.lanewise(VectorOperators.LSHR, 32).mul(top)
                .add(u.and(LOW32).mul(top).lanewise(VectorOperators.LSHR, 32)).lanewise(VectorOperators.LSHR, 32);
        IntVector last = (IntVector) q.convertShape(VectorOperators.L2I, IS, 0);
        IntVector prev = IntVector.zero(IS);
        int count = quotients.length;
        if (small != null) {
            for (int c = 0; c < count - 1; c++) {
                SmallQuotient by = small[c + 1];
                IntVector next = last.mul(by.multiplier).lanewise(VectorOperators.LSHR, by.shift);
                next.sub(prev.mul(radix)).intoArray(dest, base + c * BATCH);
                prev = next;
            }
        } else {
            // q as a double, exactly: q < 2^52 placed in the mantissa of 2^52, which is then subtracted.
            DoubleVector exact = ((DoubleVector) q.or(TWO_52_BITS).reinterpretAsDoubles()).sub(TWO_52);
            for (int c = 0; c < count - 1; c++) {
                Quotient by = quotients[c + 1];
                LongVector whole = (LongVector) exact.sub(by.shift).mul(by.reciprocal).add(Quotient.ROUNDER)
                        .reinterpretAsLongs();
                IntVector next = (IntVector) whole.convertShape(VectorOperators.L2I, IS, 0);
                next.sub(prev.mul(radix)).intoArray(dest, base + c * BATCH);
                prev = next;
            }
        }
        last.sub(prev.mul(radix)).intoArray(dest, base + (count - 1) * BATCH);
    }

    /**
     * floor(q / N) for whole q in [0, {@link #LIMIT}) and a whole divisor 2 &lt;= N &lt;= LIMIT, in 32-bit
     * lanes: (q M mod 2^32) &gt;&gt;&gt; s with s the least such that 2^s &gt;= LIMIT N, and M = ceil(2^s / N).
     * A multiply and a shift, where {@link Quotient} takes a conversion to doubles and back.
     *
     * <p><i>Proof.</i> Write q = K N + r with 0 &lt;= r &lt; N, and M N = 2^s + e with 0 &lt;= e &lt; N. Then
     * q M / 2^s = K + (r + q e / 2^s) / N, and q e / 2^s &lt; LIMIT N / 2^s &lt;= 1, so r + q e / 2^s &lt; N and
     * the floor is K. Since 2^s &lt; 2 LIMIT N, q M &lt; LIMIT (2 LIMIT + 1) &lt; 2^32: the product is exact
     * modulo 2^32 and the shift (s &lt;= 31) unsigned.
     */
    record SmallQuotient(int multiplier, int shift) {
        static final int LIMIT = 1 << 15;

        static SmallQuotient by(long divisor) {
            int s = 0;
            while ((1L << s) < LIMIT * divisor) {
                s++;
            }
            return new SmallQuotient((int) (((1L << s) + divisor - 1) / divisor), s);
        }

        /** floor(q / N), in scalar arithmetic; {@link #drawWord} does the same lane-wise. */
        int floorOf(int q) {
            return (q * multiplier) >>> shift;
        }
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

    /**
     * The divisions by radix^(count - c) for c = 1 .. count - 1 (entry 0 unused), as {@code by} makes them: what
     * a word of count digit groups needs.
     */
    private static <Q> Q[] quotients(long radix, int count, LongFunction<Q> by, IntFunction<Q[]> array) {
        Q[] r = array.apply(count);
        long n = 1;
        for (int c = count - 1; c >= 1; c--) {
            n *= radix;
            r[c] = by.apply(n);
        }
        return r;
    }
}
