package org.gnc.sample;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.gnc.rng.VectorModule;
import org.gnc.rng.VectorShapes;

/**
 * The Vector API path of {@link PackedLevelsFilter}: the training points in the lanes. Points are
 * grouped in blocks of L (the lanes of a double vector), hardest first, and for each block, digit group
 * c and code, one vector holds the L partial sums T[p][c][code] of the block's points. A live unit's
 * pre-activations on a whole block are then the sum of its groups' vectors, one load per group, with no
 * dependence on which point comes first, and all of a block's outputs f come out at once. Each lane is
 * decided first by the candidate-independent bound Q_p (|f| &gt; Q_p) or the all-inactive test (no live
 * unit has h &gt;= -eps_p, so f is exactly 0 and the label -1); only a block with a lane left open is
 * evaluated again with the per-candidate bound B. A candidate stops after the block in which its
 * mistakes exceed the allowed number. The units come either as the scalar draw's list of live units or
 * as a slot of a {@link PackedLevelsBatch} (every unit, those with a_j = 0 reading the dead code, whose
 * h = -infinity adds exactly 0 and is kept out of the activity test). Batch candidates go through
 * block 0 four at a time ({@link #evaluateQuad}), so that their chains of dependent vector operations
 * overlap. The arithmetic per point is
 * that of the scalar path (the same table values
 * summed over the groups in the same order, f += a_j relu(h_j), the same bounds), so the exactness
 * argument of {@link PackedLevelsFilter} holds lane by lane; lanes within B, and points where a sum
 * could overflow, are decided by the caller's reference forward pass.
 *
 * <p>Loaded only when {@link VectorModule#present()}.
 */
final class PackedLevelsBlocks {
    /** The shared double species ({@link VectorShapes}: 4-point blocks would be faster, see there). */
    private static final VectorSpecies<Double> DS = VectorShapes.DOUBLES;
    /** Batch candidates that {@link #evaluateQuad} takes through a block at once. */
    static final int QUAD = 4;

    private final int lanes = DS.length();
    private final int n;
    private final int blocks;
    private final int groupsPerRow;
    /** Codes per digit group in the scalar path's tables, and entries per group here (one more). */
    private final int codesPerGroup;
    private final int stride;
    /**
     * tab[((b * groupsPerRow + c) * stride + code) * lanes + lane]; entry {@link #deadCode()} of group 0
     * is -infinity in every lane, for the units with output weight 0 of a batch candidate.
     */
    private final double[] tab;
    /** Per block lane: the point, -eps, eps (1 + 2 gamma), y &gt; 0, and whether the lane holds a safe point. */
    private final int[] point;
    private final double[] negEps;
    private final double[] e1;
    /** Per block lane: the candidate-independent bound Q_p &gt;= B of {@link PackedLevelsFilter}. */
    private final double[] quick;
    private final boolean[] valid;
    private final double g2;
    /** Per block lane: y of a safe point, 0 for unsafe points and padding; y of any point. */
    private final double[] ySafe;
    private final int[] yLabel;
    /** Per block: whether it holds a point where a sum could overflow. */
    private final boolean[] hasUnsafe;
    /** The last {@link #evaluate}: first mistaken lane, whether lanes are open, and f and B per lane. */
    private int firstWrong;
    private boolean opened;
    private final double[] fLane;
    /** A unit's pre-activations on a block ({@link #preActivations}). */
    private final double[] hLanes;
    private final double[] bLane;
    /** The live units of a batch candidate, compacted for {@link #evaluateWithBound}. */
    private double[] liveA = new double[0];
    private int[] liveCodes = new int[0];

    PackedLevelsBlocks(int n, int groupsPerRow, int codesPerGroup, double gammaOut) {
        this.n = n;
        this.blocks = (n + lanes - 1) / lanes;
        this.groupsPerRow = groupsPerRow;
        this.codesPerGroup = codesPerGroup;
        this.stride = codesPerGroup + 1;
        this.tab = new double[blocks * groupsPerRow * stride * lanes];
        int slots = blocks * lanes;
        this.point = new int[slots];
        this.negEps = new double[slots];
        this.e1 = new double[slots];
        this.quick = new double[slots];
        this.valid = new boolean[slots];
        this.g2 = 2 * gammaOut;
        this.ySafe = new double[slots];
        this.yLabel = new int[slots];
        this.hasUnsafe = new boolean[blocks];
        this.fLane = new double[lanes];
        this.hLanes = new double[lanes];
        this.bLane = new double[lanes];
    }

    /** Room for the compacted live units of a batch candidate with {@code hidden} units. */
    void reserveUnits(int hidden) {
        liveA = new double[hidden];
        liveCodes = new int[hidden * groupsPerRow];
    }

    /** Lanes of the preferred double vector (points per block). */
    static int lanes() {
        return DS.length();
    }

    int blocks() {
        return blocks;
    }

    /**
     * The group-0 code read for a batch unit with output weight 0: its h is -infinity in every lane, so
     * it adds exactly 0 to f (relu(-infinity) = 0, times a = 0) and never counts as active.
     */
    int deadCode() {
        return codesPerGroup;
    }

    /** The point in lane q of block b, or -1 for a padding lane. */
    int point(int b, int q) {
        int s = b * lanes + q;
        return valid[s] ? point[s] : -1;
    }

    /**
     * Lays the points out in blocks in the visiting order {@code order}, from the scalar path's tables
     * (T[(p * groupsPerRow + c) * codesPerGroup + code]) and per-point constants.
     */
    void layout(int[] order, double[] tables, double[] eps, double[] e1PerPoint, double[] quickPerPoint,
                boolean[] unsafe, int[] y) {
        java.util.Arrays.fill(quick, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(valid, false);
        java.util.Arrays.fill(tab, 0.0);
        for (int b = 0; b < blocks; b++) {
            int dead = b * groupsPerRow * stride + deadCode();
            java.util.Arrays.fill(tab, dead * lanes, (dead + 1) * lanes, Double.NEGATIVE_INFINITY);
        }
        java.util.Arrays.fill(ySafe, 0.0);
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
            negEps[s] = unsafe[p] ? 0 : -eps[p];
            e1[s] = unsafe[p] ? 0 : e1PerPoint[p];
            quick[s] = unsafe[p] ? Double.POSITIVE_INFINITY : quickPerPoint[p];
            if (unsafe[p]) {
                continue;
            }
            for (int c = 0; c < groupsPerRow; c++) {
                int src = (p * groupsPerRow + c) * codesPerGroup;
                int dst = (b * groupsPerRow + c) * stride * lanes + q;
                for (int code = 0; code < codesPerGroup; code++) {
                    tab[dst + code * lanes] = tables[src + code];
                }
            }
        }
    }

    /**
     * Evaluates block b for the live units (their output weights a[0..live), codes
     * codes[t * groupsPerRow + c]) and returns the number of its decided mistakes; when
     * {@link #opened()}, {@link #open} tells which lanes the caller must still decide.
     */
    int evaluate(int b, double[] a, int live, int[] codes) {
        final int gpr = groupsPerRow;
        final int blockBase = b * gpr * stride;
        DoubleVector zero = DoubleVector.zero(DS);
        DoubleVector f = zero;
        DoubleVector active = DoubleVector.broadcast(DS, Double.NEGATIVE_INFINITY);
        for (int t = 0, cb = 0; t < live; t++, cb += gpr) {
            preActivations(blockBase, codes, cb, 1);
            DoubleVector h = DoubleVector.fromArray(DS, hLanes, 0);
            f = f.add(h.max(zero).mul(a[t]));
            active = active.max(h);
        }
        DoubleVector q = DoubleVector.fromArray(DS, quick, b * lanes);
        DoubleVector y = DoubleVector.fromArray(DS, ySafe, b * lanes);
        VectorMask<Double> pos = f.compare(VectorOperators.GT, q);
        VectorMask<Double> neg = f.compare(VectorOperators.LT, q.neg())
                .or(active.compare(VectorOperators.LT, DoubleVector.fromArray(DS, negEps, b * lanes)));
        VectorMask<Double> open = f.abs().compare(VectorOperators.LE, q)
                .and(active.compare(VectorOperators.GE, DoubleVector.fromArray(DS, negEps, b * lanes)))
                .and(y.compare(VectorOperators.NE, 0.0));
        if (open.anyTrue() || hasUnsafe[b]) {
            return evaluateWithBound(b, a, live, codes);
        }
        // Every valid lane is decided: f > Q_p &gt;= B, or f &lt; -Q_p, or no live unit has h &gt;= -eps_p (so
        // f is exactly 0 in both and the label is -1).
        VectorMask<Double> wrong = pos.and(y.compare(VectorOperators.LT, 0.0)).or(neg.and(y.compare(VectorOperators.GT, 0.0)));
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
     * ({@link #deadCode}: h = -infinity).
     */
    int evaluate(int b, PackedLevelsBatch batch, int slot) {
        final int gpr = groupsPerRow;
        final int blockBase = b * gpr * stride;
        final int hidden = batch.hidden();
        final int[] codes = batch.codes;
        final double[] aw = batch.a;
        final int step = PackedLevelsBatch.BATCH;
        DoubleVector zero = DoubleVector.zero(DS);
        DoubleVector f = zero;
        DoubleVector active = DoubleVector.broadcast(DS, Double.NEGATIVE_INFINITY);
        for (int j = 0; j < hidden; j++) {
            int cb = j * gpr * step + slot;
            double aj = aw[j * step + slot];
            preActivations(blockBase, codes, cb, step);
            DoubleVector h = DoubleVector.fromArray(DS, hLanes, 0);
            f = f.add(h.max(zero).mul(aj));
            active = active.max(h);
        }
        DoubleVector q = DoubleVector.fromArray(DS, quick, b * lanes);
        DoubleVector y = DoubleVector.fromArray(DS, ySafe, b * lanes);
        DoubleVector negE = DoubleVector.fromArray(DS, negEps, b * lanes);
        VectorMask<Double> open = f.abs().compare(VectorOperators.LE, q)
                .and(active.compare(VectorOperators.GE, negE)).and(y.compare(VectorOperators.NE, 0.0));
        if (open.anyTrue() || hasUnsafe[b]) {
            int live = 0;
            for (int j = 0; j < hidden; j++) {
                double v = aw[j * step + slot];
                if (v != 0) {
                    liveA[live] = v;
                    for (int c = 0; c < gpr; c++) {
                        liveCodes[live * gpr + c] = codes[(j * gpr + c) * step + slot];
                    }
                    live++;
                }
            }
            return evaluateWithBound(b, liveA, live, liveCodes);
        }
        VectorMask<Double> pos = f.compare(VectorOperators.GT, q);
        VectorMask<Double> neg = f.compare(VectorOperators.LT, q.neg()).or(active.compare(VectorOperators.LT, negE));
        VectorMask<Double> wrong = pos.and(y.compare(VectorOperators.LT, 0.0)).or(neg.and(y.compare(VectorOperators.GT, 0.0)));
        return decided(wrong.trueCount(), wrong.firstTrue());
    }

    /**
     * Block b for the {@link #QUAD} candidates in batch slots {@code slot} .. {@code slot + 3} at once, as
     * {@link #evaluate(int, PackedLevelsBatch, int)} does each (the same sums, bounds and decisions):
     * their independent chains of vector operations overlap (4 measured faster than 1 and 2; 8 made the
     * method too large for Java 17 to keep its vectors in registers). Rows of four digit groups only
     * ({@link #quadApplies}). Returns the four results packed 16 bits each (open lanes, mistakes, first
     * mistaken lane), read with {@link #quadDecided}: whether every lane of candidate k was decided by
     * Q_p or the all-inactive test, and then {@link #quadWrong} and {@link #quadFirstWrong}. A candidate
     * not decided here goes through {@link #evaluate(int, PackedLevelsBatch, int)}. One long, no fields
     * and no branches: a helper storing fields is not inlined from this large method, and a branch taken
     * once in 10^8 candidates becomes an uncommon trap whose recompilations were measured to leave the
     * method several times slower.
     */
    long evaluateQuad(int b, PackedLevelsBatch batch, int slot) {
        final int blockBase = b * 4 * stride;
        final int hidden = batch.hidden();
        final int[] codes = batch.codes;
        final double[] aw = batch.a;
        final int step = PackedLevelsBatch.BATCH;
        DoubleVector zero = DoubleVector.zero(DS);
        DoubleVector f0 = zero;
        DoubleVector f1 = zero;
        DoubleVector f2 = zero;
        DoubleVector f3 = zero;
        DoubleVector active0 = DoubleVector.broadcast(DS, Double.NEGATIVE_INFINITY);
        DoubleVector active1 = active0;
        DoubleVector active2 = active0;
        DoubleVector active3 = active0;
        // Group c's partial sums of code x start at tab[gc + x * lanes]. The loads are written out here, not
        // in a helper: a helper returning a vector that C2 happens not to inline (after a recompilation,
        // say) boxes every vector, measured 3-5 times slower for a whole run.
        final int g0 = blockBase * lanes;
        final int g1 = g0 + stride * lanes;
        final int g2 = g1 + stride * lanes;
        final int g3 = g2 + stride * lanes;
        for (int j = 0; j < hidden; j++) {
            int cb = j * 4 * step + slot;
            int ab = j * step + slot;
            DoubleVector h0 = DoubleVector.fromArray(DS, tab, g0 + codes[cb] * lanes)
                    .add(DoubleVector.fromArray(DS, tab, g1 + codes[cb + step] * lanes))
                    .add(DoubleVector.fromArray(DS, tab, g2 + codes[cb + 2 * step] * lanes)
                            .add(DoubleVector.fromArray(DS, tab, g3 + codes[cb + 3 * step] * lanes)));
            DoubleVector h1 = DoubleVector.fromArray(DS, tab, g0 + codes[cb + 1] * lanes)
                    .add(DoubleVector.fromArray(DS, tab, g1 + codes[cb + 1 + step] * lanes))
                    .add(DoubleVector.fromArray(DS, tab, g2 + codes[cb + 1 + 2 * step] * lanes)
                            .add(DoubleVector.fromArray(DS, tab, g3 + codes[cb + 1 + 3 * step] * lanes)));
            DoubleVector h2 = DoubleVector.fromArray(DS, tab, g0 + codes[cb + 2] * lanes)
                    .add(DoubleVector.fromArray(DS, tab, g1 + codes[cb + 2 + step] * lanes))
                    .add(DoubleVector.fromArray(DS, tab, g2 + codes[cb + 2 + 2 * step] * lanes)
                            .add(DoubleVector.fromArray(DS, tab, g3 + codes[cb + 2 + 3 * step] * lanes)));
            DoubleVector h3 = DoubleVector.fromArray(DS, tab, g0 + codes[cb + 3] * lanes)
                    .add(DoubleVector.fromArray(DS, tab, g1 + codes[cb + 3 + step] * lanes))
                    .add(DoubleVector.fromArray(DS, tab, g2 + codes[cb + 3 + 2 * step] * lanes)
                            .add(DoubleVector.fromArray(DS, tab, g3 + codes[cb + 3 + 3 * step] * lanes)));
            f0 = f0.add(h0.max(zero).mul(aw[ab]));
            f1 = f1.add(h1.max(zero).mul(aw[ab + 1]));
            f2 = f2.add(h2.max(zero).mul(aw[ab + 2]));
            f3 = f3.add(h3.max(zero).mul(aw[ab + 3]));
            active0 = active0.max(h0);
            active1 = active1.max(h1);
            active2 = active2.max(h2);
            active3 = active3.max(h3);
        }
        // Each candidate as in evaluate: open where |f| <= Q_p and a live unit has h >= -eps_p (on a safe
        // point); a mistake where f > Q_p on a negative point, or f < -Q_p or all inactive on a positive one.
        // Written out per candidate: Java 17 boxes vectors passed to a method it does not inline.
        DoubleVector q = DoubleVector.fromArray(DS, quick, b * lanes);
        DoubleVector qNeg = q.neg();
        DoubleVector y = DoubleVector.fromArray(DS, ySafe, b * lanes);
        DoubleVector negE = DoubleVector.fromArray(DS, negEps, b * lanes);
        VectorMask<Double> safe = y.compare(VectorOperators.NE, 0.0);
        VectorMask<Double> yNeg = y.compare(VectorOperators.LT, 0.0);
        VectorMask<Double> yPos = y.compare(VectorOperators.GT, 0.0);
        final int unsafe = hasUnsafe[b] ? 1 : 0;
        VectorMask<Double> wrong0 = f0.compare(VectorOperators.GT, q).and(yNeg).or(f0.compare(VectorOperators.LT, qNeg)
                .or(active0.compare(VectorOperators.LT, negE)).and(yPos));
        long r0 = (f0.abs().compare(VectorOperators.LE, q).and(active0.compare(VectorOperators.GE, negE)).and(safe)
                .trueCount() + unsafe) << 8 | wrong0.trueCount() << 4 | wrong0.firstTrue();
        VectorMask<Double> wrong1 = f1.compare(VectorOperators.GT, q).and(yNeg).or(f1.compare(VectorOperators.LT, qNeg)
                .or(active1.compare(VectorOperators.LT, negE)).and(yPos));
        long r1 = (f1.abs().compare(VectorOperators.LE, q).and(active1.compare(VectorOperators.GE, negE)).and(safe)
                .trueCount() + unsafe) << 8 | wrong1.trueCount() << 4 | wrong1.firstTrue();
        VectorMask<Double> wrong2 = f2.compare(VectorOperators.GT, q).and(yNeg).or(f2.compare(VectorOperators.LT, qNeg)
                .or(active2.compare(VectorOperators.LT, negE)).and(yPos));
        long r2 = (f2.abs().compare(VectorOperators.LE, q).and(active2.compare(VectorOperators.GE, negE)).and(safe)
                .trueCount() + unsafe) << 8 | wrong2.trueCount() << 4 | wrong2.firstTrue();
        VectorMask<Double> wrong3 = f3.compare(VectorOperators.GT, q).and(yNeg).or(f3.compare(VectorOperators.LT, qNeg)
                .or(active3.compare(VectorOperators.LT, negE)).and(yPos));
        long r3 = (f3.abs().compare(VectorOperators.LE, q).and(active3.compare(VectorOperators.GE, negE)).and(safe)
                .trueCount() + unsafe) << 8 | wrong3.trueCount() << 4 | wrong3.firstTrue();
        return r0 | r1 << 16 | r2 << 32 | r3 << 48;
    }

    /** Whether {@link #evaluateQuad} applies: rows of four digit groups. */
    boolean quadApplies() {
        return groupsPerRow == 4;
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
    private int evaluateWithBound(int b, double[] a, int live, int[] codes) {
        final int gpr = groupsPerRow;
        final int blockBase = b * gpr * stride;
        DoubleVector zero = DoubleVector.zero(DS);
        DoubleVector negE = DoubleVector.fromArray(DS, negEps, b * lanes);
        DoubleVector e = DoubleVector.fromArray(DS, e1, b * lanes);
        DoubleVector f = zero;
        DoubleVector bound = zero;
        for (int t = 0, cb = 0; t < live; t++, cb += gpr) {
            preActivations(blockBase, codes, cb, 1);
            DoubleVector h = DoubleVector.fromArray(DS, hLanes, 0);
            double at = a[t];
            DoubleVector r = h.max(zero);
            f = f.add(r.mul(at));
            DoubleVector m = zero.blend(Math.abs(at), h.compare(VectorOperators.GE, negE));
            bound = bound.add(m.mul(r.mul(g2).add(e)));
        }
        bound = bound.mul(2.0);
        DoubleVector y = DoubleVector.fromArray(DS, ySafe, b * lanes);
        VectorMask<Double> pos = f.compare(VectorOperators.GT, bound);
        VectorMask<Double> neg = f.compare(VectorOperators.LT, bound.neg()).or(bound.compare(VectorOperators.EQ, 0.0));
        // f > B > 0 and (f < -B or B = 0) never hold together (B = 0 makes every term, so f, exactly 0).
        VectorMask<Double> wrong = pos.and(y.compare(VectorOperators.LT, 0.0))
                .or(neg.and(y.compare(VectorOperators.GT, 0.0)));
        int count = wrong.trueCount();
        firstWrong = count > 0 ? wrong.firstTrue() : -1;
        VectorMask<Double> open = f.abs().compare(VectorOperators.LE, bound)
                .and(bound.compare(VectorOperators.NE, 0.0)).and(y.compare(VectorOperators.NE, 0.0));
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
        double f = fLane[q];
        double bound = bLane[q];
        return Math.abs(f) <= bound && bound != 0;
    }

    /** After {@link #evaluate}: whether some lane of the block is left to the caller. */
    boolean opened() {
        return opened;
    }

    /**
     * A unit's pre-activations on a block, into hLanes: its groups' partial sums, ((T0 + T1) + (T2 + T3))
     * for four groups and otherwise added in order, codes at codes[cb + c * step]. Through an array and
     * not as a returned vector: a helper returning a vector that C2 does not inline (it happened once
     * this method had been compiled on its own) boxes it, measured 5 times slower for the whole filter.
     */
    private void preActivations(int blockBase, int[] codes, int cb, int step) {
        DoubleVector h;
        if (groupsPerRow == 4) {
            DoubleVector h0 = DoubleVector.fromArray(DS, tab, (blockBase + codes[cb]) * lanes);
            DoubleVector h1 = DoubleVector.fromArray(DS, tab, (blockBase + stride + codes[cb + step]) * lanes);
            DoubleVector h2 = DoubleVector.fromArray(DS, tab, (blockBase + 2 * stride + codes[cb + 2 * step]) * lanes);
            DoubleVector h3 = DoubleVector.fromArray(DS, tab, (blockBase + 3 * stride + codes[cb + 3 * step]) * lanes);
            h = h0.add(h1).add(h2.add(h3));
        } else {
            h = DoubleVector.fromArray(DS, tab, (blockBase + codes[cb]) * lanes);
            for (int c = 1; c < groupsPerRow; c++) {
                h = h.add(DoubleVector.fromArray(DS, tab, (blockBase + c * stride + codes[cb + c * step]) * lanes));
            }
        }
        h.intoArray(hLanes, 0);
    }

    /** Whether the point in lane q of block b has label +1. */
    boolean positive(int b, int q) {
        return yLabel[b * lanes + q] > 0;
    }
}
