package org.gnc.kernel.packed;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.gnc.kernel.Points;
import org.gnc.simd.VectorModule;
import org.gnc.simd.VectorShapes;

/**
 * The Vector API path of {@link PackedLevelsFilter}: the training points in the lanes, in fixed point.
 * Points are grouped in blocks of L (the lanes of an int vector of {@link VectorShapes#HALF_INTS}),
 * hardest first, and for each block, digit group c and code, one vector holds the L partial sums
 * t[p][c][code] = rint(T[p][c][code] 2^(s_p)) of the block's points, integers. A unit's pre-activations
 * on a whole block are the sum of its groups' vectors, one load per group, and all of a block's outputs
 * come out at once as integers. Integer lanes are half as wide as double lanes, so a block of 8 points is
 * a 256-bit vector on an AVX-512 machine and a block's tables fit in the L1 cache, which makes the path
 * faster than one with 512-bit double tables (the README's Benchmarks section has the figures).
 *
 * <p><b>Arithmetic</b> (the per-point values are computed once per cell, by {@link PackedLevelsFixedPoint}).
 * Per point p, sigma_p = 2^(s_p) is the largest power of two (at most 2^40) with
 * (M_p sigma_p + 1) G max(H M, 2) &lt;= 2^29, where M_p &gt;= max|level| sum_i |x_p,i| bounds every |T| and
 * |h|, G is the number of digit groups, H the number of units and M = max |m_v|; the output levels are
 * a_v = m_v lambda + delta_v with integers m_v = rint(a_v / lambda), lambda the least non-zero |a_v|,
 * and rho = max |delta_v| / lambda &lt;= 2^-30 ({@link OutputTicks}). Then no sum overflows an int:
 * |h| = |sum_c t_c| &lt;= G (M_p sigma_p + 1/2), f = sum_j m_j relu(h_j) &lt;= 2^29, and the output weight
 * 0 of a batch unit reads the dead code, an entry -2^30 in group 0, so its h stays below -2^29 (relu 0,
 * never active). Every integer operation is exact.
 *
 * <p><b>Exactness.</b> rint(T sigma) is within 1/2 of T sigma, and the exact sum of a unit's T's is within
 * eps_p / 2 of the reference's h ({@link PackedLevelsFilter}), so h / sigma is within eta_p = eps_p / 2 +
 * G / (2 sigma) of it, and E_p &gt;= sigma eta_p (integer). A unit with h &lt; -E_p has a negative h in the
 * reference (relu 0 in both); the others are active. In ticks of lambda / sigma, with R_p &gt;= |h| and
 * relu(h_ref) sigma &lt;= relu(h) + E_p, the reference's f (f_ref = the rounded sum of a_j relu(h_ref_j),
 * within gamma(H+1) sum |a_j| relu(h_ref_j) of the exact one) differs from f by at most B = e_p sum over
 * active units of |m_j|, with e_p &gt;= E_p + (rho + gamma(H+1)(1 + rho))(R_p + E_p), since |m_j| &gt;= 1 for
 * a_j != 0. B is at most the candidate-independent Q_p = H M e_p. So f &gt; Q_p or f &gt; B gives the label
 * +1, f &lt; -Q_p or f &lt; -B gives -1, and no active unit (B = 0) makes f_ref a sum of zeros, label -1;
 * lanes left within B, and points where a double sum could overflow, are decided by the caller's
 * reference forward pass. Each lane is decided first by Q_p or the all-inactive test; only a block with
 * a lane left open is evaluated again with B. A candidate stops after the block in which its mistakes
 * exceed the allowed number.
 *
 * <p>The units come either as the scalar draw's list of live units or as a slot of a
 * {@link PackedLevelsBatch} (every unit, those with a_j = 0 reading the dead code). Batch candidates go
 * through block 0 four at a time ({@link #evaluateQuad}), so that their chains of dependent vector
 * operations overlap.
 *
 * <p>Loaded only when {@link VectorModule#present()}.
 */
final class PackedLevelsBlocks {
    /** Ints at half the shared shape: as many lanes as a double vector, half the bytes ({@link VectorShapes}). */
    private static final VectorSpecies<Integer> IS = VectorShapes.HALF_INTS;
    /** Batch candidates that {@link #evaluateQuad} takes through a block at once. */
    static final int QUAD = 4;
    /** The dead code's entry: h stays in [-2^30 - 2^29, -2^30 + 2^29]. */
    private static final int DEAD = -(1 << 30);
    /** Largest G and H M for which the fixed point applies. */
    private static final int MAX_GROUPS = 1 << 10;
    private static final int MAX_HM = 1 << 16;

    private final int lanes = IS.length();
    private final int n;
    private final int blocks;
    private final int groupsPerRow;
    /** Codes per digit group in the scalar path's tables, and entries per group here (one more). */
    private final int codesPerGroup;
    private final int stride;
    /** The cell's fixed-point tables and per-point bounds ({@link PackedLevelsFixedPoint}). */
    private final int[] pointTables;
    private final int[] pointE;
    private final int[] pointUnitBound;
    private final int[] pointQuick;
    private final boolean[] unsafe;
    private final int[] y;
    /**
     * tab[((b * groupsPerRow + c) * stride + code) * lanes + lane]; entry {@link #deadCode()} of group 0
     * is {@link #DEAD} in every lane, for the units with output weight 0 of a batch candidate.
     */
    private final int[] tab;
    /** Per block lane: the point, -E_p, e_p, Q_p, y of a safe point (0 for unsafe points and padding), y. */
    private final int[] point;
    private final int[] negE;
    private final int[] unitBound;
    private final int[] quick;
    private final boolean[] valid;
    private final int[] ySafe;
    private final int[] yLabel;
    /** Per block: whether it holds a point where a sum could overflow. */
    private final boolean[] hasUnsafe;
    /** The last {@link #evaluate}: first mistaken lane, whether lanes are open, and f and B per lane. */
    private int firstWrong;
    private boolean opened;
    private final int[] fLane;
    /** A unit's pre-activations on a block ({@link #preActivations}). */
    private final int[] hLanes;
    private final int[] bLane;
    /** The live units of a batch candidate, compacted for {@link #evaluateWithBound}. */
    private final int[] liveM;
    private final int[] liveCodes;

    /** Whether the fixed point applies to H units, G digit groups and output levels in {@code ticks}. */
    static boolean applies(int hidden, int groupsPerRow, OutputTicks ticks) {
        return IS.length() >= 2 && groupsPerRow <= MAX_GROUPS && (long) hidden * ticks.max() <= MAX_HM;
    }

    /**
     * A block path over the cell's fixed-point tables (one per scanner: the blocks are laid out in its
     * own visiting order). The per-point arrays are the fixed point's, read only by {@link #layout}.
     */
    PackedLevelsBlocks(PackedLevelsFixedPoint fixedPoint) {
        this.n = fixedPoint.n;
        this.blocks = (n + lanes - 1) / lanes;
        this.groupsPerRow = fixedPoint.groupsPerRow;
        this.codesPerGroup = fixedPoint.codesPerGroup;
        this.stride = codesPerGroup + 1;
        this.unsafe = fixedPoint.unsafe;
        this.y = fixedPoint.y;
        this.pointTables = fixedPoint.pointTables;
        this.pointE = fixedPoint.pointE;
        this.pointUnitBound = fixedPoint.pointUnitBound;
        this.pointQuick = fixedPoint.pointQuick;
        this.tab = new int[blocks * groupsPerRow * stride * lanes];
        int slots = blocks * lanes;
        this.point = new int[slots];
        this.negE = new int[slots];
        this.unitBound = new int[slots];
        this.quick = new int[slots];
        this.valid = new boolean[slots];
        this.ySafe = new int[slots];
        this.yLabel = new int[slots];
        this.hasUnsafe = new boolean[blocks];
        this.fLane = new int[lanes];
        this.hLanes = new int[lanes];
        this.bLane = new int[lanes];
        this.liveM = new int[fixedPoint.hidden];
        this.liveCodes = new int[fixedPoint.hidden * groupsPerRow];
    }

    /** Lanes of the int vector (points per block). */
    static int lanes() {
        return IS.length();
    }

    int blocks() {
        return blocks;
    }

    /**
     * The group-0 code read for a batch unit with output weight 0: its entry is {@link #DEAD} in every
     * lane, so its h is below -2^29: relu 0 (times m = 0) and never active.
     */
    int deadCode() {
        return codesPerGroup;
    }

    /** The point in lane q of block b, or -1 for a padding lane. */
    int point(int b, int q) {
        int s = b * lanes + q;
        return valid[s] ? point[s] : -1;
    }

    /** Lays the points out in blocks in the visiting order {@code order}. */
    void layout(int[] order) {
        java.util.Arrays.fill(quick, Integer.MAX_VALUE);
        java.util.Arrays.fill(valid, false);
        java.util.Arrays.fill(tab, 0);
        for (int b = 0; b < blocks; b++) {
            int dead = b * groupsPerRow * stride + deadCode();
            java.util.Arrays.fill(tab, dead * lanes, (dead + 1) * lanes, DEAD);
        }
        java.util.Arrays.fill(ySafe, 0);
        java.util.Arrays.fill(hasUnsafe, false);
        for (int t = 0; t < n; t++) {
            int p = order[t];
            int b = t / lanes;
            int q = t % lanes;
            int s = b * lanes + q;
            point[s] = p;
            valid[s] = true;
            yLabel[s] = y[p];
            ySafe[s] = unsafe[p] ? 0 : y[p];
            hasUnsafe[b] |= unsafe[p];
            negE[s] = -pointE[p];
            unitBound[s] = pointUnitBound[p];
            quick[s] = unsafe[p] ? Integer.MAX_VALUE : pointQuick[p];
            if (unsafe[p]) {
                continue;
            }
            for (int c = 0; c < groupsPerRow; c++) {
                int src = (p * groupsPerRow + c) * codesPerGroup;
                int dst = (b * groupsPerRow + c) * stride * lanes + q;
                for (int code = 0; code < codesPerGroup; code++) {
                    tab[dst + code * lanes] = pointTables[src + code];
                }
            }
        }
    }

    /**
     * Evaluates block b for the live units (their output weights in ticks m[0..live), codes
     * codes[t * groupsPerRow + c]) and returns the number of its decided mistakes; when
     * {@link #opened()}, {@link #open} tells which lanes the caller must still decide.
     */
    int evaluate(int b, int[] m, int live, int[] codes) {
        final int gpr = groupsPerRow;
        final int blockBase = b * gpr * stride;
        IntVector zero = IntVector.zero(IS);
        IntVector f = zero;
        IntVector active = IntVector.broadcast(IS, Integer.MIN_VALUE);
        for (int t = 0, cb = 0; t < live; t++, cb += gpr) {
            preActivations(blockBase, codes, cb, 1);
            IntVector h = IntVector.fromArray(IS, hLanes, 0);
            f = f.add(h.max(zero).mul(IntVector.broadcast(IS, m[t])));
            active = active.max(h);
        }
        IntVector q = IntVector.fromArray(IS, quick, b * lanes);
        IntVector y = IntVector.fromArray(IS, ySafe, b * lanes);
        IntVector ne = IntVector.fromArray(IS, negE, b * lanes);
        VectorMask<Integer> open = f.abs().compare(VectorOperators.LE, q)
                .and(active.compare(VectorOperators.GE, ne)).and(y.compare(VectorOperators.NE, zero));
        if (open.anyTrue() || hasUnsafe[b]) {
            return evaluateWithBound(b, m, live, codes);
        }
        // Every valid lane is decided: f > Q_p >= B, or f < -Q_p, or no live unit has h >= -E_p (so f_ref
        // is a sum of zeros and the label is -1).
        VectorMask<Integer> wrong = f.compare(VectorOperators.GT, q).and(y.compare(VectorOperators.LT, zero))
                .or(f.compare(VectorOperators.LT, q.neg()).or(active.compare(VectorOperators.LT, ne))
                        .and(y.compare(VectorOperators.GT, zero)));
        return decided(wrong.trueCount(), wrong.firstTrue());
    }

    /**
     * The mistakes of a block whose lanes are all decided, given their count and the first mistaken lane
     * (scalars: a helper taking masks that the JIT does not inline boxes them); sets firstWrong.
     */
    private int decided(int count, int first) {
        firstWrong = count > 0 ? first : -1;
        opened = false;
        return count;
    }

    /**
     * {@link #evaluate} for the candidate in slot {@code slot} of a drawn batch: every unit, those with
     * output weight 0 adding exactly 0 to f and kept out of the activity test by their dead code
     * ({@link #deadCode}).
     */
    int evaluate(int b, PackedLevelsBatch batch, int slot) {
        final int gpr = groupsPerRow;
        final int blockBase = b * gpr * stride;
        final int hidden = batch.hidden();
        final int[] codes = batch.codes;
        final int[] mw = batch.m;
        final int step = PackedLevelsBatch.BATCH;
        IntVector zero = IntVector.zero(IS);
        IntVector f = zero;
        IntVector active = IntVector.broadcast(IS, Integer.MIN_VALUE);
        for (int j = 0; j < hidden; j++) {
            int cb = j * gpr * step + slot;
            preActivations(blockBase, codes, cb, step);
            IntVector h = IntVector.fromArray(IS, hLanes, 0);
            f = f.add(h.max(zero).mul(IntVector.broadcast(IS, mw[j * step + slot])));
            active = active.max(h);
        }
        IntVector q = IntVector.fromArray(IS, quick, b * lanes);
        IntVector y = IntVector.fromArray(IS, ySafe, b * lanes);
        IntVector ne = IntVector.fromArray(IS, negE, b * lanes);
        VectorMask<Integer> open = f.abs().compare(VectorOperators.LE, q)
                .and(active.compare(VectorOperators.GE, ne)).and(y.compare(VectorOperators.NE, zero));
        if (open.anyTrue() || hasUnsafe[b]) {
            int live = 0;
            for (int j = 0; j < hidden; j++) {
                int v = mw[j * step + slot];
                if (v != 0) {
                    liveM[live] = v;
                    for (int c = 0; c < gpr; c++) {
                        liveCodes[live * gpr + c] = codes[(j * gpr + c) * step + slot];
                    }
                    live++;
                }
            }
            return evaluateWithBound(b, liveM, live, liveCodes);
        }
        VectorMask<Integer> wrong = f.compare(VectorOperators.GT, q).and(y.compare(VectorOperators.LT, zero))
                .or(f.compare(VectorOperators.LT, q.neg()).or(active.compare(VectorOperators.LT, ne))
                        .and(y.compare(VectorOperators.GT, zero)));
        return decided(wrong.trueCount(), wrong.firstTrue());
    }

    /**
     * Block b for the {@link #QUAD} candidates in batch slots {@code slot} .. {@code slot + 3} at once, as
     * {@link #evaluate(int, PackedLevelsBatch, int)} does each (the same sums, bounds and decisions):
     * their independent chains of vector operations overlap (four ran faster than one or two; eight made the
     * method too large for Java 17 to keep its vectors in registers). Rows of four digit groups only
     * ({@link #quadApplies}). Returns the four results packed 16 bits each (open lanes, mistakes, first
     * mistaken lane), read with {@link #quadDecided}: whether every lane of candidate k was decided by
     * Q_p or the all-inactive test, and then {@link #quadWrong} and {@link #quadFirstWrong}. A candidate
     * not decided here goes through {@link #evaluate(int, PackedLevelsBatch, int)}. One long, no fields
     * and no branches: a helper storing fields is not inlined from this large method, and a branch taken
     * once in 10^8 candidates becomes an uncommon trap whose recompilations leave the method much slower
     * (the README's Benchmarks section has the figures).
     */
    long evaluateQuad(int b, PackedLevelsBatch batch, int slot) {
        final int blockBase = b * 4 * stride;
        final int hidden = batch.hidden();
        final int[] codes = batch.codes;
        final int[] mw = batch.m;
        final int step = PackedLevelsBatch.BATCH;
        IntVector zero = IntVector.zero(IS);
        IntVector f0 = zero;
        IntVector f1 = zero;
        IntVector f2 = zero;
        IntVector f3 = zero;
        IntVector active0 = IntVector.broadcast(IS, Integer.MIN_VALUE);
        IntVector active1 = active0;
        IntVector active2 = active0;
        IntVector active3 = active0;
        // Group c's partial sums of code x start at tab[gc + x * lanes]. The loads are written out here, not
        // in a helper: a helper returning a vector that C2 happens not to inline (after a recompilation,
        // say) boxes every vector, which slows the whole run down (README, Benchmarks).
        final int g0 = blockBase * lanes;
        final int g1 = g0 + stride * lanes;
        final int g2 = g1 + stride * lanes;
        final int g3 = g2 + stride * lanes;
        for (int j = 0; j < hidden; j++) {
            int cb = j * 4 * step + slot;
            int ab = j * step + slot;
            IntVector h0 = IntVector.fromArray(IS, tab, g0 + codes[cb] * lanes)
                    .add(IntVector.fromArray(IS, tab, g1 + codes[cb + step] * lanes))
                    .add(IntVector.fromArray(IS, tab, g2 + codes[cb + 2 * step] * lanes)
                            .add(IntVector.fromArray(IS, tab, g3 + codes[cb + 3 * step] * lanes)));
            IntVector h1 = IntVector.fromArray(IS, tab, g0 + codes[cb + 1] * lanes)
                    .add(IntVector.fromArray(IS, tab, g1 + codes[cb + 1 + step] * lanes))
                    .add(IntVector.fromArray(IS, tab, g2 + codes[cb + 1 + 2 * step] * lanes)
                            .add(IntVector.fromArray(IS, tab, g3 + codes[cb + 1 + 3 * step] * lanes)));
            IntVector h2 = IntVector.fromArray(IS, tab, g0 + codes[cb + 2] * lanes)
                    .add(IntVector.fromArray(IS, tab, g1 + codes[cb + 2 + step] * lanes))
                    .add(IntVector.fromArray(IS, tab, g2 + codes[cb + 2 + 2 * step] * lanes)
                            .add(IntVector.fromArray(IS, tab, g3 + codes[cb + 2 + 3 * step] * lanes)));
            IntVector h3 = IntVector.fromArray(IS, tab, g0 + codes[cb + 3] * lanes)
                    .add(IntVector.fromArray(IS, tab, g1 + codes[cb + 3 + step] * lanes))
                    .add(IntVector.fromArray(IS, tab, g2 + codes[cb + 3 + 2 * step] * lanes)
                            .add(IntVector.fromArray(IS, tab, g3 + codes[cb + 3 + 3 * step] * lanes)));
            f0 = f0.add(h0.max(zero).mul(IntVector.broadcast(IS, mw[ab])));
            f1 = f1.add(h1.max(zero).mul(IntVector.broadcast(IS, mw[ab + 1])));
            f2 = f2.add(h2.max(zero).mul(IntVector.broadcast(IS, mw[ab + 2])));
            f3 = f3.add(h3.max(zero).mul(IntVector.broadcast(IS, mw[ab + 3])));
            active0 = active0.max(h0);
            active1 = active1.max(h1);
            active2 = active2.max(h2);
            active3 = active3.max(h3);
        }
        // Each candidate as in evaluate: open where |f| <= Q_p and a live unit has h >= -E_p (on a safe
        // point); a mistake where f > Q_p on a negative point, or f < -Q_p or all inactive on a positive one.
        // Written out per candidate: Java 17 boxes vectors passed to a method it does not inline.
        IntVector q = IntVector.fromArray(IS, quick, b * lanes);
        IntVector qNeg = q.neg();
        IntVector y = IntVector.fromArray(IS, ySafe, b * lanes);
        IntVector ne = IntVector.fromArray(IS, negE, b * lanes);
        VectorMask<Integer> safe = y.compare(VectorOperators.NE, zero);
        VectorMask<Integer> yNeg = y.compare(VectorOperators.LT, zero);
        VectorMask<Integer> yPos = y.compare(VectorOperators.GT, zero);
        final int unsafe = hasUnsafe[b] ? 1 : 0;
        VectorMask<Integer> wrong0 = f0.compare(VectorOperators.GT, q).and(yNeg).or(f0.compare(VectorOperators.LT, qNeg)
                .or(active0.compare(VectorOperators.LT, ne)).and(yPos));
        long r0 = (f0.abs().compare(VectorOperators.LE, q).and(active0.compare(VectorOperators.GE, ne)).and(safe)
                .trueCount() + unsafe) << 8 | wrong0.trueCount() << 4 | wrong0.firstTrue();
        VectorMask<Integer> wrong1 = f1.compare(VectorOperators.GT, q).and(yNeg).or(f1.compare(VectorOperators.LT, qNeg)
                .or(active1.compare(VectorOperators.LT, ne)).and(yPos));
        long r1 = (f1.abs().compare(VectorOperators.LE, q).and(active1.compare(VectorOperators.GE, ne)).and(safe)
                .trueCount() + unsafe) << 8 | wrong1.trueCount() << 4 | wrong1.firstTrue();
        VectorMask<Integer> wrong2 = f2.compare(VectorOperators.GT, q).and(yNeg).or(f2.compare(VectorOperators.LT, qNeg)
                .or(active2.compare(VectorOperators.LT, ne)).and(yPos));
        long r2 = (f2.abs().compare(VectorOperators.LE, q).and(active2.compare(VectorOperators.GE, ne)).and(safe)
                .trueCount() + unsafe) << 8 | wrong2.trueCount() << 4 | wrong2.firstTrue();
        VectorMask<Integer> wrong3 = f3.compare(VectorOperators.GT, q).and(yNeg).or(f3.compare(VectorOperators.LT, qNeg)
                .or(active3.compare(VectorOperators.LT, ne)).and(yPos));
        long r3 = (f3.abs().compare(VectorOperators.LE, q).and(active3.compare(VectorOperators.GE, ne)).and(safe)
                .trueCount() + unsafe) << 8 | wrong3.trueCount() << 4 | wrong3.firstTrue();
        return r0 | r1 << 16 | r2 << 32 | r3 << 48;
    }

    /** Whether {@link #evaluateQuad} applies: rows of four digit groups, and at most 8 lanes (4 bits per count). */
    boolean quadApplies() {
        return groupsPerRow == 4 && lanes <= 8;
    }

    /** In a result of {@link #evaluateQuad}: whether all four candidates were decided and rejected. */
    static boolean quadRejected(long result, int maxErrors) {
        boolean all = true;
        for (int k = 0; k < QUAD; k++) {
            all &= quadDecided(result, k) && quadWrong(result, k) > maxErrors;
        }
        return all;
    }

    /** In a result of {@link #evaluateQuad}: whether candidate k was decided on the whole block. */
    static boolean quadDecided(long result, int k) {
        return (result >>> (16 * k) & 0x1F00) == 0;
    }

    /** In a result of {@link #evaluateQuad}, for a decided candidate k: its mistakes on the block. */
    static int quadWrong(long result, int k) {
        return (int) (result >>> (16 * k + 4)) & 0xF;
    }

    /** In a result of {@link #evaluateQuad}, for a decided candidate k with mistakes: its first mistaken lane. */
    static int quadFirstWrong(long result, int k) {
        return (int) (result >>> (16 * k)) & 0xF;
    }

    /** {@link #evaluate} with the per-candidate bound B, for blocks where Q_p leaves a lane open. */
    private int evaluateWithBound(int b, int[] m, int live, int[] codes) {
        final int gpr = groupsPerRow;
        final int blockBase = b * gpr * stride;
        IntVector zero = IntVector.zero(IS);
        IntVector ne = IntVector.fromArray(IS, negE, b * lanes);
        IntVector f = zero;
        IntVector ticks = zero;
        for (int t = 0, cb = 0; t < live; t++, cb += gpr) {
            preActivations(blockBase, codes, cb, 1);
            IntVector h = IntVector.fromArray(IS, hLanes, 0);
            f = f.add(h.max(zero).mul(IntVector.broadcast(IS, m[t])));
            ticks = ticks.add(zero.blend(IntVector.broadcast(IS, Math.abs(m[t])), h.compare(VectorOperators.GE, ne)));
        }
        IntVector bound = ticks.mul(IntVector.fromArray(IS, unitBound, b * lanes));
        IntVector y = IntVector.fromArray(IS, ySafe, b * lanes);
        VectorMask<Integer> pos = f.compare(VectorOperators.GT, bound);
        VectorMask<Integer> neg = f.compare(VectorOperators.LT, bound.neg()).or(bound.compare(VectorOperators.EQ, zero));
        // f > B >= 0 and (f < -B or B = 0) never hold together (B = 0 makes f, a sum of relu(h) of units
        // with h < -E_p, exactly 0).
        VectorMask<Integer> wrong = pos.and(y.compare(VectorOperators.LT, zero))
                .or(neg.and(y.compare(VectorOperators.GT, zero)));
        int count = wrong.trueCount();
        firstWrong = count > 0 ? wrong.firstTrue() : -1;
        VectorMask<Integer> open = f.abs().compare(VectorOperators.LE, bound)
                .and(bound.compare(VectorOperators.NE, zero)).and(y.compare(VectorOperators.NE, zero));
        opened = open.anyTrue() || hasUnsafe[b];
        if (opened) {
            f.intoArray(fLane, 0);
            bound.intoArray(bLane, 0);
        }
        return count;
    }

    /** After {@link #evaluate}: the first lane of a decided mistake, or -1. */
    int firstWrong() {
        return firstWrong;
    }

    /**
     * After {@link #evaluate}: whether lane q of block b must be decided by the caller (and was not
     * counted): a point within the bound, or an unsafe point. Call only when {@link #opened()}.
     */
    boolean open(int b, int q) {
        int s = b * lanes + q;
        if (!valid[s]) {
            return false;
        }
        if (ySafe[s] == 0) {
            return true;
        }
        return Math.abs(fLane[q]) <= bLane[q] && bLane[q] != 0;
    }

    /** After {@link #evaluate}: whether some lane of the block is left to the caller. */
    boolean opened() {
        return opened;
    }

    /**
     * A unit's pre-activations on a block, into hLanes: its groups' partial sums, codes at
     * codes[cb + c * step]. Through an array and not as a returned vector: a helper returning a vector
     * that C2 does not inline (it happened once this method had been compiled on its own) boxes it,
     * which slows the whole filter down (README, Benchmarks).
     */
    private void preActivations(int blockBase, int[] codes, int cb, int step) {
        IntVector h = IntVector.fromArray(IS, tab, (blockBase + codes[cb]) * lanes);
        for (int c = 1; c < groupsPerRow; c++) {
            h = h.add(IntVector.fromArray(IS, tab, (blockBase + c * stride + codes[cb + c * step]) * lanes));
        }
        h.intoArray(hLanes, 0);
    }

    /** Whether the point in lane q of block b has label +1. */
    boolean positive(int b, int q) {
        return yLabel[b * lanes + q] > 0;
    }
}
