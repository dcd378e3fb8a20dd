package org.gnc.kernel.packed;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
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
 * With Q_e = floor(u k^e / 2^64), computed exactly from u's 32-bit halves (k^e &lt;= 2^32, so each
 * partial product is below 2^64), the digits e .. e + s - 1 of u / 2^64 in base k, most significant
 * first, form the code Q_(e+s) - k^s Q_e: the digits {@link org.gnc.model.Prior#draw} reads one at a
 * time. So group c of unit j's row has code Q_(s(c+1)) - k^s Q_(sc) of word j, and output weight j is
 * level Q_(j+1) - k Q_j of word H. The rows of units whose output weight is 0 are drawn anyway, since
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

    private final long key;
    private final int hidden;
    private final int groups;
    private final long outWord;
    private final long k;
    private final long groupRadix;
    /** k^(s c) for c = 0 .. groups, and k^j for j = 0 .. H. */
    private final long[] rowPow;
    private final long[] outPow;
    /** Each level in output ticks, and the least group-0 code it allows (deadCode for a level 0, else 0). */
    private final long[] levelTicks;
    private final long[] floorOfLevel;
    private final long[] laneIndex;
    /** Per lane of the lane group being drawn: key + firstCounter(i) GAMMA for its candidate i. */
    private final long[] candidateBase;
    /**
     * codes[(j * groups + c) * BATCH + b] and m[j * BATCH + b] for batch slot b: output weight j in ticks
     * ({@link OutputTicks}).
     */
    final int[] codes;
    final int[] m;
    /** Per unit j and slot b, floor[j * BATCH + b]: deadCode where the output weight is 0, else 0. */
    private final int[] floor;

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
        this.levelTicks = new long[levels.length];
        this.floorOfLevel = new long[levels.length];
        for (int v = 0; v < levels.length; v++) {
            levelTicks[v] = ticks.ticks(v);
            floorOfLevel[v] = levels[v] == 0 ? deadCode : 0;
        }
        long r = 1;
        for (int t = 0; t < s; t++) {
            r *= k;
        }
        this.groupRadix = r;
        this.rowPow = new long[groups + 1];
        rowPow[0] = 1;
        for (int c = 1; c <= groups; c++) {
            rowPow[c] = rowPow[c - 1] * r;
        }
        this.outPow = new long[hidden + 1];
        outPow[0] = 1;
        for (int j = 1; j <= hidden; j++) {
            outPow[j] = outPow[j - 1] * k;
        }
        int lanes = LS.length();
        this.laneIndex = new long[lanes];
        this.candidateBase = new long[lanes];
        for (int c = 0; c < lanes; c++) {
            laneIndex[c] = c;
        }
        this.codes = new int[hidden * groups * BATCH];
        this.m = new int[hidden * BATCH];
        this.floor = new int[hidden * BATCH];
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
                drawWord(j, rowPow, groups, groupRadix, false, j * groups * BATCH + g);
            }
            drawWord(outWord, outPow, hidden, k, true, g);
            // Group 0 of a dead unit's row (output weight 0) becomes deadCode, above every code.
            for (int j = 0; j < hidden; j++) {
                int at = j * groups * BATCH + g;
                IntVector.fromArray(IS, codes, at).max(IntVector.fromArray(IS, floor, j * BATCH + g)).intoArray(codes, at);
            }
        }
    }

    /**
     * The digit groups of word t of the lane group's candidates (see {@link #candidateBase}): group c
     * (c &lt; count) is Q_(c+1) - radix Q_c with Q_e = floor(u pow[e] / 2^64) (Q_0 = 0), computed exactly
     * from u's 32-bit halves. Rows are word j with pow = k^(s e) and radix k^s, their codes stored in
     * codes[base + c BATCH ..]; the output digits are word H with pow = k^e and radix k, stored as their
     * levels in ticks in m (a blend per level) and their group-0 floors in floor. One
     * small self-contained method, so the JIT keeps its vectors in registers.
     */
    private void drawWord(long t, long[] pow, int count, long radix, boolean outputs, int base) {
        LongVector u = SplitMixLanes.mix64(LongVector.fromArray(LS, candidateBase, 0).add((t + 1) * CounterRng.GAMMA));
        LongVector uh = u.lanewise(VectorOperators.LSHR, 32);
        LongVector ul = u.and(LOW32);
        LongVector prev = LongVector.zero(LS);
        for (int c = 0; c < count; c++) {
            long r = pow[c + 1];
            LongVector next = uh.mul(r).add(ul.mul(r).lanewise(VectorOperators.LSHR, 32)).lanewise(VectorOperators.LSHR, 32);
            LongVector digits = next.sub(prev.mul(radix));
            int at = base + c * BATCH;
            if (outputs) {
                LongVector level = LongVector.zero(LS);
                LongVector least = level;
                for (int v = 0; v < levelTicks.length; v++) {
                    VectorMask<Long> is = digits.compare(VectorOperators.EQ, v);
                    level = level.blend(levelTicks[v], is);
                    least = least.blend(floorOfLevel[v], is);
                }
                ((IntVector) level.convertShape(VectorOperators.L2I, IS, 0)).intoArray(m, at);
                ((IntVector) least.convertShape(VectorOperators.L2I, IS, 0)).intoArray(floor, at);
            } else {
                ((IntVector) digits.convertShape(VectorOperators.L2I, IS, 0)).intoArray(codes, at);
            }
            prev = next;
        }
    }
}
