package org.gnc.sample;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.gnc.rng.CounterRng;

/**
 * The Vector API path of {@link PackedLevelsFilter}: one candidate at a time, its hidden units in the
 * lanes (L = the machine's preferred number of double lanes; unit j is lane j mod L of block j / L).
 * Nothing is allocated per candidate, and no vector crosses a call that might not be inlined (Java 17
 * boxes such vectors), which is why the evaluation loops are written out in each method.
 *
 * <p><b>Draw.</b> Word w of unit j's row has counter base + j q + w, so the SplitMix64 states of a
 * block's lanes are z0 + (j q + w) GAMMA and the finalizer runs lanewise on 64-bit lanes, the
 * operations of {@link CounterRng#mix64}. The word's m digits, most significant first, are the base-k
 * digits of N = floor(u k^m / 2^64) &lt; 2^32, the high word of a 128-bit product built from 32-bit
 * halves: with u = u_h 2^32 + u_l, p_h = u_h k^m and p_l = u_l k^m are exact (each &lt; 2^64 unsigned)
 * and N = (p_h + (p_l &gt;&gt;&gt; 32)) &gt;&gt;&gt; 32 (the sum stays below 2^64); for k^m = 2^32, N = u &gt;&gt;&gt; 32.
 * N is exact as a double. Its quotients Q_t = floor(N / k^t) are read with one fused multiply-add
 * and a rounding: y = fma(N, fl(k^-t), fl(0.5 k^-t - 0.5)) lies within k^m 2^-51 of
 * N/k^t + 0.5/k^t - 0.5, which is at least 0.5/k^t away from every half-integer, so y + 1.5 2^52
 * rounds to exactly 1.5 2^52 + Q_t (k^m &lt;= 2^32 makes the error below 2^-19 of that margin). Digit
 * t is Q_t - k Q_(t+1) and the weight is L0 + s digit for levels in arithmetic progression (checked
 * exactly at construction; other priors take the scalar path). With s = 1 and an integer L0 the
 * offsets beta_t = k beta_(t+1) + L0 (beta_m = 0) are subtracted together with
 * the rounding constant, so that (Q_t + beta_t) - k (Q_(t+1) + beta_(t+1)) is the level itself;
 * otherwise one more fused multiply-add applies s and L0. Every step is an operation on integers
 * below 2^53, or that one rounding, checked against the level table, so each weight is exactly the
 * level {@link org.gnc.model.Prior#draw} gives. When all output weights lie in one word and one vector
 * (H &lt;= L, H &lt;= m, k^L &lt; 2^32: R1), lane j reads its output digit from that word u as
 * floor(u k^(j+1) / 2^64) - k floor(u k^j / 2^64), both high products built from 32-bit halves as above,
 * then L0 + s digit; lanes j &gt;= H are multiplied by 0. Otherwise the output weights are read by the
 * scalar chain of {@link org.gnc.model.Prior#draw}, a digit group at a time, each group adding a table
 * row that holds its units' levels in their lanes and 0 elsewhere. (A level -0.0 would become +0.0 or
 * the reverse, which changes no product's value, only a zero's sign, and the label of a zero f is -1
 * either way.)
 *
 * <p><b>Evaluate.</b> A block's pre-activations on point p are h = sum_c w_c x_c in four interleaved
 * chains of fused multiply-adds (columns c = 0, 1, 2, 3 mod 4), added pairwise at the end
 * ({@link #output2} does two points in one pass over the weights, each in the same way): every
 * product passes through at most d/4 + 3 &lt;= d + 1 roundings, so h is within gamma(d+1) sum |w x| of
 * the exact value, as the reference's sequential sum is; the pair is within the eps_p of
 * {@link PackedLevelsFilter}. The output f = sum a_j relu(h_j) is a lanewise product reduced across
 * lanes in some order, a term passing through at most H roundings (adding an exact 0 does not round).
 * Lanes of units beyond the width and of units whose output weight is 0 have a = 0 and |a| = 0: they
 * add 0 * relu(h) = +0 to f (h is finite on the points this path decides: see
 * {@link PackedLevelsFilter}) and 0 to the bounds. {@link #output} also records whether some lane with
 * a_j != 0 has h_j &gt;= -eps_p ({@link #near}); when none has, every live unit is exactly 0 in the
 * reference as well (h_ref &lt;= h + eps_p &lt; 0), f_ref is a sum of zeros and the label is -1.
 * {@link #decide} applies the per-lane bound B of {@link PackedLevelsFilter} and returns a decision
 * within it undecided (0), for the caller to settle with the reference's forward pass.
 *
 * <p>Loaded only when the module {@code jdk.incubator.vector} is present ({@link #lanes}).
 */
final class PackedLevelsVector {
    /** Constants, so that the JIT compiles vector operations to vector instructions. */
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> LS = VectorSpecies.of(long.class, DS.vectorShape());
    /** The lane count L, a constant. */
    private static final int L = DS.length();
    private static final long LOW32 = 0xFFFFFFFFL;
    /** 1.5 2^52: y + ROUND rounds y to the nearest integer, for |y| &lt; 2^51. */
    private static final double ROUND = 0x1.8p52;

    private final int blocks;
    private final long key;
    private final int wordsPerRow;
    private final int digitsPerWord;
    private final int d;
    /** k^m (the digits of a word), or 0 for k^m = 2^32. */
    private final long wordRadix;
    private final double negK;
    /** Per digit position t (from the least significant): fl(k^-t), fl(0.5 k^-t - 0.5), ROUND - beta_t. */
    private final double[] inv;
    private final double[] bias;
    private final double[] unround;
    /** Level = L0 + step digit; when {@code folded}, L0 is folded into the beta_t and the step is 1. */
    private final boolean folded;
    private final double level0;
    private final double step;
    /** laneOffsets[b L + l] = (b L + l) q GAMMA: lane l's state offset in block b. */
    private final long[] laneOffsets;
    private final double[] x;
    /**
     * The lanewise output decoding ({@link #drawOutputLanewise}): applies when H &lt;= L, H &lt;= m and
     * k^L &lt; 2^32; per lane k^(j+1) and k^j (capped at lane H-1), 1 or 0 for j &lt; H, k, s, L0.
     */
    private final boolean outLanewise;
    private final long[] outPowNext;
    private final long[] outPow;
    private final double[] outMask;
    private final long outK;
    private final double outStep;
    private final double outLevel0;

    /** Output digit groups in unit order: word (relative to the candidate's base), radix, table. */
    private final long[] outWordOf;
    private final long[] outRadix;
    private final int[] outBlockEnd;
    /** Group g's rows: outTable[(outBase[g] + code) L + l]. */
    private final int[] outBase;
    private final double[] outTable;

    /**
     * The candidate drawn last: weights w[(b d + c) L + l] of unit b L + l in column c; a and |a| per
     * lane; -infinity in the lanes with a_j = 0, else 0 (dead); and whether the last {@link #output} met
     * a lane with a_j != 0 and h_j &gt;= -eps_p.
     */
    private final double[] w;
    private final double[] a;
    private final double[] absA;
    private final double[] dead;
    private boolean near;
    private double second;
    private boolean secondNear;
    /** The bound sum of the last {@link #evaluate} with a bound. */
    private double lastBound;

    /** Lanes of the preferred double vector, or 0 when unusable; only when {@link VectorSupport#present()}. */
    static int lanes() {
        int l = DoubleVector.SPECIES_PREFERRED.length();
        return l >= 4 && VectorSpecies.of(long.class, DoubleVector.SPECIES_PREFERRED.vectorShape()).length() == l
                ? l : 0;
    }

    /**
     * True when the levels are an arithmetic progression L0 + s t (t = 0 .. k-1) that one fused
     * multiply-add reproduces exactly, which this path's weight decoding needs.
     */
    static boolean supportsLevels(double[] levels) {
        if (levels.length < 2) {
            return false;
        }
        double l0 = levels[0];
        double s = levels[1] - levels[0];
        for (int t = 0; t < levels.length; t++) {
            if (Math.fma(s, t, l0) != levels[t] || !Double.isFinite(levels[t])) {
                return false;
            }
        }
        return true;
    }

    /**
     * For {@code hidden} units with rows of {@code wordsPerRow} words of {@code digitsPerWord} digits
     * (inputs x, row-major, of dimension wordsPerRow digitsPerWord), output weights packed
     * {@code digitsPerWord} to a word from word {@code outWord} on.
     */
    PackedLevelsVector(long key, int hidden, int wordsPerRow, int digitsPerWord, double[] x, int outWord,
                       double[] levels, int maxOutTable) {
        if (LS.length() != L || !supportsLevels(levels)) {
            throw new IllegalArgumentException("the vector path does not apply");
        }
        this.blocks = (hidden + L - 1) / L;
        this.key = key;
        this.wordsPerRow = wordsPerRow;
        this.digitsPerWord = digitsPerWord;
        this.d = wordsPerRow * digitsPerWord;
        this.x = x;
        int k = levels.length;
        long km = pow(k, digitsPerWord);
        this.wordRadix = km == (1L << 32) ? 0 : km;
        this.negK = -k;
        this.level0 = levels[0];
        this.step = levels[1] - levels[0];
        this.folded = step == 1 && level0 == Math.rint(level0) && Math.abs(level0) <= (1 << 16);
        int m = digitsPerWord;
        this.inv = new double[m];
        this.bias = new double[m];
        this.unround = new double[m];
        // beta_m = 0, beta_t = k beta_(t+1) + L0 when folded (else 0): P_t - k P_(t+1) = level of digit t.
        double beta = 0;
        for (int t = m - 1; t >= 0; t--) {
            beta = folded ? k * beta + level0 : 0;
            double kt = Math.pow(k, t);
            inv[t] = 1 / kt;
            bias[t] = 0.5 / kt - 0.5;
            unround[t] = ROUND - beta;
        }
        this.outLanewise = hidden <= L && hidden <= digitsPerWord && pow(k, L) < (1L << 32);
        this.outPowNext = new long[L];
        this.outPow = new long[L];
        this.outMask = new double[L];
        for (int j = 0; j < L; j++) {
            int jj = Math.min(j, hidden - 1);
            outPowNext[j] = pow(k, jj + 1);
            outPow[j] = pow(k, jj);
            outMask[j] = j < hidden ? 1 : 0;
        }
        this.outK = k;
        this.outStep = levels[1] - levels[0];
        this.outLevel0 = levels[0];
        this.laneOffsets = new long[blocks * L];
        for (int j = 0; j < laneOffsets.length; j++) {
            laneOffsets[j] = (long) j * wordsPerRow * CounterRng.GAMMA;
        }
        this.w = new double[blocks * d * L];
        this.a = new double[blocks * L];
        this.absA = new double[blocks * L];
        this.dead = new double[blocks * L];

        // Output groups: at most os digits, never across a word or a block boundary.
        int os = 1;
        while (os < digitsPerWord && pow(k, os + 1) <= maxOutTable) {
            os++;
        }
        int count = 0;
        for (int j = 0; j < hidden; count++) {
            j = groupEnd(j, hidden, os, digitsPerWord);
        }
        this.outWordOf = new long[count];
        this.outRadix = new long[count];
        this.outBlockEnd = new int[blocks];
        this.outBase = new int[count];
        int rows = 0;
        for (int j = 0, gg = 0; j < hidden; gg++) {
            int end = groupEnd(j, hidden, os, digitsPerWord);
            outBase[gg] = rows;
            rows += (int) pow(k, end - j);
            j = end;
        }
        this.outTable = new double[rows * L];
        int g = 0;
        for (int j = 0; j < hidden; g++) {
            int end = groupEnd(j, hidden, os, digitsPerWord);
            int radix = (int) pow(k, end - j);
            outWordOf[g] = outWord + j / digitsPerWord;
            outRadix[g] = radix;
            for (int code = 0; code < radix; code++) {
                int rest = code;
                int row = outBase[g] + code;
                for (int u = end - 1; u >= j; u--) {
                    outTable[row * L + u % L] = levels[rest % k];
                    rest /= k;
                }
            }
            outBlockEnd[j / L] = g + 1;
            j = end;
        }
    }

    private int groupEnd(int j, int hidden, int os, int digitsPerWord) {
        int end = Math.min(hidden, j + os);
        end = Math.min(end, (j / digitsPerWord + 1) * digitsPerWord);
        return Math.min(end, (j / L + 1) * L);
    }

    /**
     * Draws the candidate whose counters start at {@code base}: its output weights into a and |a|, and
     * its first-layer weights into w.
     */
    void draw(long base) {
        final long z0 = key + (base + 1) * CounterRng.GAMMA;
        if (outLanewise) {
            drawOutputLanewise(z0);
            drawRows(z0);
            return;
        }
        int g = 0;
        long wordIdx = -1;
        long u = 0;
        for (int b = 0; b < blocks; b++) {
            DoubleVector av = DoubleVector.zero(DS);
            for (; g < outBlockEnd[b]; g++) {
                if (outWordOf[g] != wordIdx) {
                    wordIdx = outWordOf[g];
                    // CounterRng.mix64 and unsignedMultiplyHigh, written out.
                    long c = z0 + wordIdx * CounterRng.GAMMA;
                    c = (c ^ (c >>> 30)) * 0xBF58476D1CE4E5B9L;
                    c = (c ^ (c >>> 27)) * 0x94D049BB133111EBL;
                    u = c ^ (c >>> 31);
                }
                long r = outRadix[g];
                int row = outBase[g] + (int) (Math.multiplyHigh(u, r) + ((u >> 63) & r));
                u *= r;
                av = av.add(DoubleVector.fromArray(DS, outTable, row * L));
            }
            av.intoArray(a, b * L);
            av.abs().intoArray(absA, b * L);
            markDead(b);
        }
        drawRows(z0);
    }

    /**
     * The output weights when they all lie in one word and one block: lane j reads digit j of the
     * word u as Q_(j+1) - k Q_j with Q_i = floor(u k^i / 2^64) (the 64 x 32-bit high product as in the
     * rows), then L0 + s digit; lanes j &gt;= H are multiplied by 0.
     */
    private void drawOutputLanewise(long z0) {
        long c = z0 + outWordOf[0] * CounterRng.GAMMA;
        c = (c ^ (c >>> 30)) * 0xBF58476D1CE4E5B9L;
        c = (c ^ (c >>> 27)) * 0x94D049BB133111EBL;
        c = c ^ (c >>> 31);
        final long uh = c >>> 32;
        final long ul = c & LOW32;
        LongVector r1 = LongVector.fromArray(LS, outPowNext, 0);
        LongVector r0 = LongVector.fromArray(LS, outPow, 0);
        LongVector ph1 = r1.mul(uh);
        LongVector q1 = ph1.add(r1.mul(ul).lanewise(VectorOperators.LSHR, 32)).lanewise(VectorOperators.LSHR, 32);
        LongVector ph0 = r0.mul(uh);
        LongVector q0 = ph0.add(r0.mul(ul).lanewise(VectorOperators.LSHR, 32)).lanewise(VectorOperators.LSHR, 32);
        DoubleVector digit = (DoubleVector) q1.sub(q0.mul(outK)).convert(VectorOperators.L2D, 0);
        DoubleVector av = digit.fma(DoubleVector.broadcast(DS, outStep), DoubleVector.broadcast(DS, outLevel0))
                .mul(DoubleVector.fromArray(DS, outMask, 0));
        av.intoArray(a, 0);
        av.abs().intoArray(absA, 0);
        markDead(0);
    }

    /** dead = -infinity in the lanes of block b whose output weight is 0, else 0. */
    private void markDead(int b) {
        DoubleVector av = DoubleVector.fromArray(DS, a, b * L);
        DoubleVector.zero(DS).blend(Double.NEGATIVE_INFINITY, av.compare(VectorOperators.EQ, 0.0)).intoArray(dead, b * L);
    }

    private void drawRows(long z0) {
        final LongVector gamma = LongVector.broadcast(LS, CounterRng.GAMMA);
        final DoubleVector nk = DoubleVector.broadcast(DS, negK);
        final int m = digitsPerWord;
        final long radix = wordRadix;
        for (int b = 0; b < blocks; b++) {
            LongVector z = LongVector.fromArray(LS, laneOffsets, b * L).add(z0);
            int o = b * d * L;
            for (int wq = 0; wq < wordsPerRow; wq++) {
                LongVector u = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30))
                        .mul(0xBF58476D1CE4E5B9L);
                u = u.lanewise(VectorOperators.XOR, u.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
                u = u.lanewise(VectorOperators.XOR, u.lanewise(VectorOperators.LSHR, 31));
                LongVector n;
                if (radix != 0) {
                    LongVector ph = u.lanewise(VectorOperators.LSHR, 32).mul(radix);
                    LongVector pl = u.and(LOW32).mul(radix);
                    n = ph.add(pl.lanewise(VectorOperators.LSHR, 32)).lanewise(VectorOperators.LSHR, 32);
                } else {
                    n = u.lanewise(VectorOperators.LSHR, 32);
                }
                DoubleVector nd = (DoubleVector) n.convert(VectorOperators.L2D, 0);
                DoubleVector next = DoubleVector.zero(DS);
                for (int t = m - 1; t >= 0; t--, o += L) {
                    DoubleVector q = nd.fma(DoubleVector.broadcast(DS, inv[t]), DoubleVector.broadcast(DS, bias[t]))
                            .add(ROUND).sub(unround[t]);
                    DoubleVector level = next.fma(nk, q);
                    if (!folded) {
                        level = level.fma(DoubleVector.broadcast(DS, step), DoubleVector.broadcast(DS, level0));
                    }
                    level.intoArray(w, o);
                    next = q;
                }
                z = z.add(gamma);
            }
        }
    }

    /**
     * The output f on point p of the candidate drawn last (its rounding is bounded as described above);
     * also records whether some lane with a_j != 0 has h_j &gt;= negE ({@link #near}).
     */
    double output(int p, double negE) {
        return evaluate(p, false, 0, negE, 0);
    }

    /**
     * The outputs on points p and p2 of the candidate drawn last, computed together (the weights are
     * loaded once): returns f on p, {@link #near} as for p; f on p2 and its near flag are then
     * {@link #second} and {@link #secondNear}.
     */
    double output2(int p, double negE, int p2, double negE2) {
        final double[] xs = x;
        final double[] ws = w;
        final int dd = d;
        final int d4 = dd & ~3;
        final int xo = p * dd;
        final int xo2 = p2 * dd;
        final DoubleVector zero = DoubleVector.zero(DS);
        double f = 0;
        double f2 = 0;
        boolean any = false;
        boolean any2 = false;
        for (int b = 0; b < blocks; b++) {
            final int o = b * dd * L;
            DoubleVector s0 = zero;
            DoubleVector s1 = zero;
            DoubleVector s2 = zero;
            DoubleVector s3 = zero;
            DoubleVector t0 = zero;
            DoubleVector t1 = zero;
            DoubleVector t2 = zero;
            DoubleVector t3 = zero;
            for (int c = 0; c < d4; c += 4) {
                int oc = o + c * L;
                DoubleVector w0 = DoubleVector.fromArray(DS, ws, oc);
                DoubleVector w1 = DoubleVector.fromArray(DS, ws, oc + L);
                DoubleVector w2 = DoubleVector.fromArray(DS, ws, oc + 2 * L);
                DoubleVector w3 = DoubleVector.fromArray(DS, ws, oc + 3 * L);
                s0 = w0.fma(DoubleVector.broadcast(DS, xs[xo + c]), s0);
                s1 = w1.fma(DoubleVector.broadcast(DS, xs[xo + c + 1]), s1);
                s2 = w2.fma(DoubleVector.broadcast(DS, xs[xo + c + 2]), s2);
                s3 = w3.fma(DoubleVector.broadcast(DS, xs[xo + c + 3]), s3);
                t0 = w0.fma(DoubleVector.broadcast(DS, xs[xo2 + c]), t0);
                t1 = w1.fma(DoubleVector.broadcast(DS, xs[xo2 + c + 1]), t1);
                t2 = w2.fma(DoubleVector.broadcast(DS, xs[xo2 + c + 2]), t2);
                t3 = w3.fma(DoubleVector.broadcast(DS, xs[xo2 + c + 3]), t3);
            }
            for (int c = d4; c < dd; c++) {
                DoubleVector w0 = DoubleVector.fromArray(DS, ws, o + c * L);
                s0 = w0.fma(DoubleVector.broadcast(DS, xs[xo + c]), s0);
                t0 = w0.fma(DoubleVector.broadcast(DS, xs[xo2 + c]), t0);
            }
            DoubleVector av = DoubleVector.fromArray(DS, a, b * L);
            DoubleVector dv = DoubleVector.fromArray(DS, dead, b * L);
            DoubleVector h = s0.add(s1).add(s2.add(s3));
            DoubleVector h2 = t0.add(t1).add(t2.add(t3));
            f += av.mul(zero.blend(h, h.compare(VectorOperators.GT, 0.0))).reduceLanes(VectorOperators.ADD);
            f2 += av.mul(zero.blend(h2, h2.compare(VectorOperators.GT, 0.0))).reduceLanes(VectorOperators.ADD);
            any |= h.add(dv).compare(VectorOperators.GE, negE).anyTrue();
            any2 |= h2.add(dv).compare(VectorOperators.GE, negE2).anyTrue();
        }
        near = any;
        second = f2;
        secondNear = any2;
        return f;
    }

    /** f on the second point of the last {@link #output2}, and its near flag. */
    double second() {
        return second;
    }

    boolean secondNear() {
        return secondNear;
    }

    /**
     * False when the last {@link #output} met no lane with a_j != 0 and h_j &gt;= -eps_p: then every
     * live unit is exactly 0 in the reference too, f_ref is a sum of zeros and the label is -1.
     */
    boolean near() {
        return near;
    }

    /**
     * The label of the candidate drawn last on point p when the per-lane bound B settles it: +1 or -1;
     * 0 when |f| &lt;= B and the reference's forward pass must decide.
     */
    int decide(int p, double e1, double negE, double g2) {
        double f = evaluate(p, true, e1, negE, g2);
        double bound = 2 * lastBound;
        if (f > bound) {
            return 1;
        }
        if (f < -bound || bound == 0) {
            return -1;
        }
        return 0;
    }

    /**
     * f on point p, and {@link #near}; with {@code withBound}, also the sum over lanes of
     * m_j (e1 + g2 relu(h_j)), m_j = |a_j| where h_j &gt;= negE, else 0, into lastBound. One method with
     * its loops written out, so that no vector crosses a call (a vector passed to or returned from a
     * method that is not inlined is boxed on Java 17). A block's pre-activations are four interleaved
     * chains of fused multiply-adds over the columns (the lane count is the constant L, so that the
     * loops are counted and their range checks hoisted).
     */
    private double evaluate(int p, boolean withBound, double e1, double negE, double g2) {
        final double[] xs = x;
        final double[] ws = w;
        final int dd = d;
        final int d4 = dd & ~3;
        final int xo = p * dd;
        final DoubleVector zero = DoubleVector.zero(DS);
        double f = 0;
        double bound = 0;
        boolean any = false;
        for (int b = 0; b < blocks; b++) {
            final int o = b * dd * L;
            DoubleVector s0 = zero;
            DoubleVector s1 = zero;
            DoubleVector s2 = zero;
            DoubleVector s3 = zero;
            for (int c = 0; c < d4; c += 4) {
                int oc = o + c * L;
                int xc = xo + c;
                s0 = DoubleVector.fromArray(DS, ws, oc).fma(DoubleVector.broadcast(DS, xs[xc]), s0);
                s1 = DoubleVector.fromArray(DS, ws, oc + L).fma(DoubleVector.broadcast(DS, xs[xc + 1]), s1);
                s2 = DoubleVector.fromArray(DS, ws, oc + 2 * L).fma(DoubleVector.broadcast(DS, xs[xc + 2]), s2);
                s3 = DoubleVector.fromArray(DS, ws, oc + 3 * L).fma(DoubleVector.broadcast(DS, xs[xc + 3]), s3);
            }
            for (int c = d4; c < dd; c++) {
                s0 = DoubleVector.fromArray(DS, ws, o + c * L).fma(DoubleVector.broadcast(DS, xs[xo + c]), s0);
            }
            DoubleVector h = s0.add(s1).add(s2.add(s3));
            DoubleVector r = zero.blend(h, h.compare(VectorOperators.GT, 0.0));
            f += DoubleVector.fromArray(DS, a, b * L).mul(r).reduceLanes(VectorOperators.ADD);
            any |= h.add(DoubleVector.fromArray(DS, dead, b * L)).compare(VectorOperators.GE, negE).anyTrue();
            if (withBound) {
                DoubleVector m = zero.blend(DoubleVector.fromArray(DS, absA, b * L),
                        h.compare(VectorOperators.GE, negE));
                bound += m.mul(r.mul(g2).add(e1)).reduceLanes(VectorOperators.ADD);
            }
        }
        near = any;
        lastBound = bound;
        return f;
    }

    /** The weight of unit j in column c of the candidate drawn last (for tests). */
    double weight(int j, int c) {
        return w[((j / L) * d + c) * L + j % L];
    }

    /** The output weight of unit j of the candidate drawn last (for tests). */
    double outputWeight(int j) {
        return a[j];
    }

    private static long pow(int k, int s) {
        long r = 1;
        for (int t = 0; t < s; t++) {
            r *= k;
        }
        return r;
    }
}
