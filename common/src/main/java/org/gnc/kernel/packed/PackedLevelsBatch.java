package org.gnc.kernel.packed;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.gnc.model.CandidateWeights;
import org.gnc.model.LevelPacking;
import org.gnc.rng.CounterRng;
import org.gnc.rng.SplitMixLanes;
import org.gnc.simd.VectorModule;
import org.gnc.simd.VectorShapes;

/**
 * The draw of {@link PackedLevelsFilter}'s vector path for a batch of consecutive candidates, one
 * candidate per lane: the digit-group codes of every row and the output weights of {@link #BATCH}
 * candidates at once, for {@link PackedLevelsBlocks#evaluate(int, PackedLevelsBatch, int)} to read.
 * Applies when each row is one word (d = m(k)), the output weights fit one half (H &lt;= b), the groups
 * of a half all have s digits and a block has N = k^b &lt;= 2^16 values.
 *
 * <p>Candidate i's word t is SplitMix64 at key + (i 2^20 + t + 1) GAMMA ({@link CounterRng#word}; i 2^20 is
 * {@link CandidateWeights#firstCounter}), computed in 64-bit lanes; everything after it is 32-bit int
 * arithmetic in lanes of the same count. Each half r of a word gives its block value
 * x = floor(r N / 2^32) ({@link LevelPacking}) as floor((r_h N + floor(r_l N / 2^16)) / 2^16) with
 * r = r_h 2^16 + r_l (the identity floor(floor(y) / M) = floor(y / M) for a whole M); both partial
 * products and the sum are below 2^32 since N &lt;= 2^16, so unsigned 32-bit lanes hold them exactly. The
 * G = b/s groups of a half are Q_(c+1) - k^s Q_c with Q_c = floor(x / k^(s(G-c))) (Q_0 = 0, Q_G = x), the
 * H output digits as the digits of y = floor(x / k^(b-H)) for half 0 of word H, likewise with radix k;
 * each quotient is a multiply and a shift ({@link Division}). The
 * rows of units whose output weight is 0 are drawn anyway, since the vectors draw all rows at once;
 * {@link PackedLevelsBlocks} reads them as its dead code (they add exactly 0 to f, and must not count as
 * active).
 *
 * <p><b>Rejections.</b> A half is rejected when the low 32 bits of r N are below t = 2^32 mod N
 * (probability below 2^-16; never when k is a power of two). The lanes keep the least of those low bits
 * (offset by 2^31, so that a signed minimum orders them as unsigned); a candidate with a rejected half,
 * found after its lane group, is drawn again in scalar arithmetic with the retries of
 * {@link LevelPacking#blockValue}, so every slot holds exactly the candidate {@link org.gnc.model.Prior#draw} defines.
 *
 * <p>Loaded only when {@link VectorModule#present()}.
 */
final class PackedLevelsBatch {
    /** Candidates per batch. */
    static final int BATCH = 32;

    private static final VectorSpecies<Long> LS = VectorShapes.LONGS;
    /** Ints with as many lanes as LS, for the halves, block values and codes. */
    private static final VectorSpecies<Integer> IS = VectorShapes.HALF_INTS;

    private final long key;
    private final CounterRng rng;
    private final LevelPacking packing;
    private final int hidden;
    private final int halfDigits;
    /** Groups per half G and per word 2G; the group radix k^s; k; the block size N and t = 2^32 mod N. */
    private final int groupsPerHalf;
    private final int groups;
    private final int k;
    private final int groupRadix;
    private final int block;
    private final int threshold;
    private final boolean rejects;
    /**
     * Q_c of a half's groups (c = 1 .. G-1, entry 0 unused); the output code y = floor(x / k^(b-H)) of
     * half 0 of the output word, and the Q_c of its H digits (c = 1 .. H-1).
     */
    private final Division[] rowDivisions;
    private final Division outTop;
    private final Division[] outDivisions;
    /** Each level in output ticks, and the least group-0 code it allows (deadCode for a level 0, else 0). */
    private final int[] levelTicks;
    private final int[] floorOfLevel;
    private final long[] laneIndex;
    /** Per lane of the lane group being drawn: key + firstCounter(i) GAMMA for its candidate i. */
    private final long[] candidateBase;
    /** Per lane: the least (low 32 bits of r N) XOR 2^31 over the halves drawn, for the rejection test. */
    private final int[] lowest;
    /**
     * codes[(j * groups + c) * BATCH + b] and m[j * BATCH + b] for batch slot b: output weight j in ticks
     * ({@link OutputTicks}).
     */
    final int[] codes;
    final int[] m;
    /** Per unit j and slot b, floor[j * BATCH + b]: deadCode where the output weight is 0, else 0. */
    private final int[] floor;
    /** Per unit j and slot b, outDigits[j * BATCH + b]: the digit of output weight j (scratch). */
    private final int[] outDigits;

    /** Whether the batch draw applies to rows of {@code wordsPerRow} words in groups of s digits, with H units. */
    static boolean applies(int hidden, int wordsPerRow, LevelPacking packing, int s) {
        int b = packing.halfDigits();
        return LS.length() >= 2 && wordsPerRow == 1 && hidden <= b && b % s == 0
                && packing.block() <= (1 << 16)
                && divisions(pow(packing.k(), s), b / s, packing.block()) != null
                && Division.find(pow(packing.k(), b - hidden), packing.block()) != null
                && divisions(packing.k(), hidden, pow(packing.k(), hidden)) != null;
    }

    PackedLevelsBatch(CounterRng rng, int hidden, LevelPacking packing, int s, double[] levels, OutputTicks ticks,
                      int deadCode) {
        this.rng = rng;
        this.key = rng.key();
        this.packing = packing;
        this.hidden = hidden;
        this.halfDigits = packing.halfDigits();
        this.groupsPerHalf = halfDigits / s;
        this.groups = 2 * groupsPerHalf;
        this.k = levels.length;
        this.groupRadix = (int) pow(k, s);
        this.block = (int) packing.block();
        this.threshold = (int) packing.threshold();
        this.rejects = threshold != 0;
        this.levelTicks = new int[levels.length];
        this.floorOfLevel = new int[levels.length];
        for (int v = 0; v < levels.length; v++) {
            levelTicks[v] = ticks.ticks(v);
            floorOfLevel[v] = levels[v] == 0 ? deadCode : 0;
        }
        this.rowDivisions = divisions(groupRadix, groupsPerHalf, block);
        this.outTop = Division.find(pow(k, halfDigits - hidden), block);
        this.outDivisions = divisions(k, hidden, pow(k, hidden));
        int lanes = LS.length();
        this.laneIndex = new long[lanes];
        this.candidateBase = new long[lanes];
        this.lowest = new int[lanes];
        for (int c = 0; c < lanes; c++) {
            laneIndex[c] = c;
        }
        this.codes = new int[hidden * groups * BATCH];
        this.m = new int[hidden * BATCH];
        this.floor = new int[hidden * BATCH];
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
            if (rejects) {
                IntVector.broadcast(IS, Integer.MAX_VALUE).intoArray(lowest, 0);
            }
            for (int j = 0; j < hidden; j++) {
                drawRow(j, g);
            }
            drawOutputDigits(g);
            // Each output digit becomes its level in ticks, and its group-0 floor: a blend per level.
            for (int j = 0; j < hidden; j++) {
                int at = j * BATCH + g;
                IntVector digits = IntVector.fromArray(IS, outDigits, at);
                IntVector level = IntVector.zero(IS);
                IntVector least = level;
                for (int v = 0; v < levelTicks.length; v++) {
                    VectorMask<Integer> is = digits.compare(VectorOperators.EQ, v);
                    level = level.blend(levelTicks[v], is);
                    least = least.blend(floorOfLevel[v], is);
                }
                level.intoArray(m, at);
                least.intoArray(floor, at);
            }
            // Group 0 of a dead unit's row (output weight 0) becomes deadCode, above every code.
            for (int j = 0; j < hidden; j++) {
                int at = j * groups * BATCH + g;
                IntVector.fromArray(IS, codes, at).max(IntVector.fromArray(IS, floor, j * BATCH + g)).intoArray(codes, at);
            }
            if (rejects && IntVector.fromArray(IS, lowest, 0).compare(VectorOperators.LT, threshold ^ Integer.MIN_VALUE)
                    .anyTrue()) {
                for (int c = 0; c < lanes && g + c < count; c++) {
                    if (lowest[c] < (threshold ^ Integer.MIN_VALUE)) {
                        redraw(first + g + c, g + c);
                    }
                }
            }
        }
    }

    /** The random words t of the lane group's candidates (see {@link #candidateBase}). */
    private LongVector word(int t) {
        return SplitMixLanes.mix64(LongVector.fromArray(LS, candidateBase, 0).add((t + 1) * CounterRng.GAMMA));
    }

    /** Row j's 2G group codes, into codes[(j groups + c) BATCH + g ..]: G from each half's block value. */
    private void drawRow(int j, int g) {
        LongVector u = word(j);
        IntVector high = (IntVector) u.lanewise(VectorOperators.LSHR, 32).convertShape(VectorOperators.L2I, IS, 0);
        IntVector low = (IntVector) u.convertShape(VectorOperators.L2I, IS, 0);
        if (rejects) {
            IntVector.fromArray(IS, lowest, 0).min(rejectionKey(high, block)).min(rejectionKey(low, block))
                    .intoArray(lowest, 0);
        }
        int at = j * groups * BATCH + g;
        halfCodes(blockValue(high, block), at);
        halfCodes(blockValue(low, block), at + groupsPerHalf * BATCH);
    }

    /** The G codes of a half with block value x, into codes[at + c BATCH] for c = 0 .. G-1. */
    private void halfCodes(IntVector x, int at) {
        IntVector prev = IntVector.zero(IS);
        for (int c = 1; c < groupsPerHalf; c++) {
            IntVector next = rowDivisions[c].of(x);
            next.sub(prev.mul(groupRadix)).intoArray(codes, at + (c - 1) * BATCH);
            prev = next;
        }
        x.sub(prev.mul(groupRadix)).intoArray(codes, at + (groupsPerHalf - 1) * BATCH);
    }

    /** The H output digits, from half 0 of word H, into outDigits[j BATCH + g]. */
    private void drawOutputDigits(int g) {
        IntVector high = (IntVector) word(hidden).lanewise(VectorOperators.LSHR, 32)
                .convertShape(VectorOperators.L2I, IS, 0);
        if (rejects) {
            IntVector.fromArray(IS, lowest, 0).min(rejectionKey(high, block)).intoArray(lowest, 0);
        }
        IntVector y = outTop.of(blockValue(high, block));
        IntVector prev = IntVector.zero(IS);
        for (int c = 1; c < hidden; c++) {
            IntVector next = outDivisions[c].of(y);
            next.sub(prev.mul(k)).intoArray(outDigits, (c - 1) * BATCH + g);
            prev = next;
        }
        y.sub(prev.mul(k)).intoArray(outDigits, (hidden - 1) * BATCH + g);
    }

    /** floor(r N / 2^32) for unsigned r, N &lt;= 2^16: floor((r_h N + floor(r_l N / 2^16)) / 2^16). */
    private static IntVector blockValue(IntVector r, int n) {
        return r.lanewise(VectorOperators.LSHR, 16).mul(n)
                .add(r.and(0xFFFF).mul(n).lanewise(VectorOperators.LSHR, 16)).lanewise(VectorOperators.LSHR, 16);
    }

    /** (r N mod 2^32) XOR 2^31: a signed order of these is the unsigned order of r N mod 2^32. */
    private static IntVector rejectionKey(IntVector r, int n) {
        return r.mul(n).lanewise(VectorOperators.XOR, Integer.MIN_VALUE);
    }

    /** Candidate i into slot {@code slot} in scalar arithmetic, retries included (a half was rejected). */
    private void redraw(long i, int slot) {
        long base = CandidateWeights.firstCounter(i);
        for (int j = 0; j < hidden; j++) {
            long c = base + j;
            long u = rng.word(c);
            for (int h = 0; h < 2; h++) {
                long x = packing.blockValue(rng, c, u, h);
                for (int q = groupsPerHalf - 1; q >= 0; q--) {
                    codes[(j * groups + h * groupsPerHalf + q) * BATCH + slot] = (int) (x % groupRadix);
                    x /= groupRadix;
                }
            }
        }
        long x = packing.blockValue(rng, base + hidden, 0);
        for (int j = halfDigits - 1; j >= 0; j--) {
            int digit = (int) (x % k);
            x /= k;
            if (j < hidden) {
                m[j * BATCH + slot] = levelTicks[digit];
                int at = j * groups * BATCH + slot;
                codes[at] = Math.max(codes[at], floorOfLevel[digit]);
            }
        }
    }

    /**
     * floor(x / D) for whole x in [0, N), N &lt;= 2^16, in unsigned 32-bit lanes: ((x + a) M) &gt;&gt;&gt; shift
     * with a in {0, 1}, M = ceil(2^shift / D) for a = 0 and floor(2^shift / D) for a = 1 (the round-up and
     * round-down methods of Granlund-Montgomery and Robison), and (N - 1 + a) M &lt; 2^32 so that the
     * product does not wrap. {@link #find} tries shift = 31, 30, ... and keeps the first pair that gives
     * floor(x / D) for every x &lt; N, checked one by one: exact by exhaustion. (The round-up pair is exact
     * whenever N D &lt;= 2^shift: then x M / 2^shift = x / D + x e / (D 2^shift) with e = M D - 2^shift &lt; D,
     * and x e &lt; 2^shift keeps the floor; such a shift below 32 - log2(N / D) exists when N &lt;= 2^15.5.)
     */
    record Division(int multiplier, int addend, int shift) {
        static Division find(long divisor, long n) {
            for (int shift = 31; shift >= 0; shift--) {
                for (int addend = 0; addend <= 1; addend++) {
                    long mul = addend == 0 ? ((1L << shift) + divisor - 1) / divisor : (1L << shift) / divisor;
                    if (mul == 0 || (n - 1 + addend) * mul >= (1L << 32)) {
                        continue;
                    }
                    boolean exact = true;
                    for (long x = 0; x < n && exact; x++) {
                        exact = ((x + addend) * mul) >>> shift == x / divisor;
                    }
                    if (exact) {
                        return new Division((int) mul, addend, shift);
                    }
                }
            }
            return null;
        }

        /** floor(x / D) of each lane. */
        IntVector of(IntVector x) {
            return x.add(addend).mul(multiplier).lanewise(VectorOperators.LSHR, shift);
        }
    }

    /** Division by radix^(count - c) for c = 1 .. count - 1 (entry 0 unused), or null where one does not exist. */
    private static Division[] divisions(long radix, int count, long n) {
        Division[] r = new Division[count];
        long d = 1;
        for (int c = count - 1; c >= 1; c--) {
            d *= radix;
            r[c] = Division.find(d, n);
            if (r[c] == null) {
                return null;
            }
        }
        return r;
    }

    private static long pow(int k, int s) {
        long r = 1;
        for (int t = 0; t < s; t++) {
            r *= k;
        }
        return r;
    }
}
