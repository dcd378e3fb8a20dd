package org.gnc.kernel.conv;

import java.util.List;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.gnc.model.Prior;
import org.gnc.rng.CounterRng;
import org.gnc.rng.SplitMixLanes;
import org.gnc.simd.VectorShapes;

/**
 * The Vector API path of {@link ConvStackNetwork}, L doubles a vector (L = the machine's preferred
 * number of double lanes, 4 or 8). Every lane does the scalar path's operations on its own value, in
 * the same order, each multiply and add separate (never fused), so every bit is the scalar path's and
 * the reference's.
 * <ul>
 *   <li>{@link #convDirect}, a stride-1 conv without padding whose output rows hold at least L positions:
 *       L consecutive positions of one output row per vector, read from the input itself (the patch of
 *       position q + l is the input shifted by l), two channels and two rows (or four rows) side by side; lane q sums K[o][tap] times
 *       the tap's input value over the taps in order from 0.0, then adds the bias and applies ReLU.</li>
 *   <li>{@link #conv}, other convs, from their patches: L positions of one output channel per vector, four vectors side by side; lane
 *       q sums K[o][tap] patch[tap][q] over the taps in order from 0.0, then adds the bias and applies
 *       ReLU (z &gt; 0 ? z : 0.0 as a blend).</li>
 *   <li>{@link #dense}: L units per vector over the candidate's matrix transposed once per candidate
 *       ({@link #transpose}), four vectors side by side; lane o sums W[o][i] h[i] over i in order, the
 *       inputs h[i] = 0 left out when every weight is finite (their products are signed zeros, which
 *       leave a sum that starts at +0.0 unchanged).</li>
 *   <li>{@link #draw}: a uniform prior's weights, L at a time, the dense layers' matrices straight into
 *       their transposed layout (lanes over units): weight j = low + s ((hi_j 2^37 + lo_j) 2^-53) with
 *       hi_j the 16-bit field j mod 4 of high word j / 4 and lo_j the top 37 bits of low word H + j
 *       ({@link Prior.Uniform#draw}), each lane's counters computed from its own j. hi_j and lo_j become doubles exactly (the exponent
 *       trick: the bits 0x433 followed by an integer below 2^52 are the double 2^52 + that integer),
 *       hi_j 2^37 + lo_j is an integer below 2^53, hence exact, and the scaling by 2^-53 is exact; so the
 *       double u_j is the scalar's and s u_j and low + s u_j round as in {@link Prior.Uniform#fromParts}.
 *       Weights left over from the vectors are drawn by that method itself. A column of a transposed
 *       matrix (one input's weights) is drawn only when {@link #dense} first sums over that input for
 *       the candidate (a weight is a pure function of j and the candidate's counters, so the bits are
 *       the same; a third of LeNet's fc1 inputs and half of fc2's are 0 after ReLU).</li>
 * </ul>
 * Positions and units beyond the last multiple of L are left to the scalar path. Loaded only when
 * {@link org.gnc.simd.VectorModule#present()}.
 */
final class ConvStackVector {
    /** Constants, so that the JIT compiles vector operations to vector instructions. */
    private static final VectorSpecies<Double> DS = VectorShapes.DOUBLES;
    private static final VectorSpecies<Long> LS = VectorShapes.LONGS;
    /** The double 2^52 and its bits: (0x433 &lt;&lt; 52) | m read as a double is 2^52 + m for m &lt; 2^52. */
    private static final double TWO_52 = 0x1.0p52;
    private static final long TWO_52_BITS = Double.doubleToRawLongBits(TWO_52);

    private final int lanes;
    /** The uniform prior, or null when the candidates are drawn by {@link org.gnc.model.CandidateWeights#fill}. */
    private final Prior.Uniform uniform;
    private final long key;
    private final List<ConvStackNetwork.Dense> denseLayers;
    /** wT[t + i units + o] = W[o][i] of the dense layer whose transposed matrix starts at t. */
    private final double[] wT;
    /** l in lane l. */
    private final long[] laneIndex;
    /**
     * True when {@link #draw} leaves the vector units' matrix columns to {@link #dense} (a uniform prior
     * whose weights are all finite numbers, {@link ConvStackFilter#finiteWeights}).
     */
    private final boolean lazyColumns;
    /** Per input of all dense layers ({@link ConvStackNetwork.Dense#firstInput}): the load that drew its column. */
    private final long[] drawnFor;
    /** The input indices a dense layer sums over (its inputs that are not 0, or all). */
    private final int[] summed;
    /** The current candidate: its number among loads, and its counters (z0 and the high-word count H). */
    private long load;
    private long z0;
    private long highWords;
    /** True when the current candidate's matrix columns are drawn as {@link #dense} needs them. */
    private boolean columnsPending;
    /** True when every weight of the current dense matrices is finite, so that inputs equal to 0 can be skipped. */
    private boolean skipZeros;

    /** Lanes of the preferred double vector, or 0 when narrower than 4 or not a multiple of 4. */
    static int lanes() {
        int l = DS.length();
        return l >= 4 && l % 4 == 0 && LS.length() == l ? l : 0;
    }

    /** For these dense layers and candidates of this prior, drawn from the stream with this key. */
    ConvStackVector(List<ConvStackNetwork.Dense> denseLayers, Prior prior, long key) {
        this.lanes = lanes();
        if (lanes == 0) {
            throw new IllegalStateException("the vector path needs at least 4 double lanes");
        }
        this.uniform = prior instanceof Prior.Uniform u ? u : null;
        this.key = key;
        this.denseLayers = List.copyOf(denseLayers);
        this.wT = new double[denseLayers.stream().mapToInt(d -> d.inputs() * d.units()).sum()];
        this.laneIndex = new long[lanes];
        for (int l = 0; l < lanes; l++) {
            laneIndex[l] = l;
        }
        this.lazyColumns = uniform != null && ConvStackFilter.finiteWeights(uniform);
        int inputs = denseLayers.stream().mapToInt(ConvStackNetwork.Dense::inputs).sum();
        this.drawnFor = new long[inputs];
        this.summed = new int[denseLayers.stream().mapToInt(ConvStackNetwork.Dense::inputs).max().orElse(0)];
    }

    /**
     * The weights of the candidate whose counters start at {@code base}, as
     * {@link org.gnc.model.CandidateWeights#fill} forms them: the matrix rows of each dense layer's first
     * units (below the last multiple of L) into wT, transposed, as {@link #transpose} would put them, and
     * every other parameter into w, in the reference layout. The columns of wT (one input's weights for
     * those units) are drawn here only when the prior's weights may be infinite; else each when
     * {@link #dense} first sums over that input for this candidate (a weight is a pure function of its
     * index and the candidate's counters, so drawing it later gives the same bits; an input that is 0 for
     * every point evaluated needs none). False (nothing drawn) for a prior other than uniform.
     */
    boolean draw(long base, double[] w) {
        if (uniform == null) {
            return false;
        }
        load++;
        z0 = key + (base + 1) * CounterRng.GAMMA;
        highWords = Prior.Uniform.highWords(w.length);
        int at = 0;
        for (ConvStackNetwork.Dense d : denseLayers) {
            int vectorUnits = d.units() - d.units() % lanes;
            if (vectorUnits > 0) {
                drawRange(z0, highWords, w, at, d.weights());
                if (!lazyColumns) {
                    for (int i = 0; i < d.inputs(); i++) {
                        drawColumn(d, i);
                    }
                }
                at = d.weights() + vectorUnits * d.inputs();
            }
        }
        drawRange(z0, highWords, w, at, w.length);
        columnsPending = lazyColumns;
        skipZeros = lazyColumns;
        return true;
    }

    /** Draws every column of the current candidate's transposed matrices that {@link #dense} has not drawn yet. */
    void drawAllColumns() {
        for (ConvStackNetwork.Dense d : denseLayers) {
            for (int i = 0; i < d.inputs(); i++) {
                drawColumnOnce(d, i);
            }
        }
    }

    /** The transposed matrices of the dense layers (for tests). */
    double[] transposed() {
        return wT;
    }

    /** Parameters [from, to) into w, L consecutive ones a vector, the last to - from mod L one by one. */
    private void drawRange(long z0, long highWords, double[] w, int from, int to) {
        final double low = uniform.low();
        final double s = uniform.high() - uniform.low();
        LongVector k = LongVector.fromArray(LS, laneIndex, 0).add(from);
        LongVector zLow = k.add(highWords).mul(CounterRng.GAMMA).add(z0);
        LongVector zHigh = highStates(k, z0);
        LongVector shift = highShifts(k);
        final long lowStep = lanes * CounterRng.GAMMA;
        final long highStep = lanes / Prior.Uniform.PER_HIGH_WORD * CounterRng.GAMMA;
        int j = from;
        for (; j + lanes <= to; j += lanes) {
            weights(zHigh, shift, zLow, low, s).intoArray(w, j);
            zLow = zLow.add(lowStep);
            zHigh = zHigh.add(highStep);
        }
        for (; j < to; j++) {
            long hw = CounterRng.mix64(z0 + (j / Prior.Uniform.PER_HIGH_WORD) * CounterRng.GAMMA);
            w[j] = uniform.fromParts(Prior.Uniform.highPart(hw, j % Prior.Uniform.PER_HIGH_WORD),
                    CounterRng.mix64(z0 + (highWords + j) * CounterRng.GAMMA));
        }
    }

    /** Column i of dense layer d's transposed matrix, if this candidate's is pending and not drawn yet. */
    private void drawColumnOnce(ConvStackNetwork.Dense d, int i) {
        if (columnsPending && drawnFor[d.firstInput() + i] != load) {
            drawColumn(d, i);
            drawnFor[d.firstInput() + i] = load;
        }
    }

    /**
     * Column i of dense layer d's transposed matrix, units [0, last multiple of L): lane l of a vector is
     * unit o + l, parameter d.weights() + (o + l) n + i.
     */
    private void drawColumn(ConvStackNetwork.Dense d, int i) {
        final double low = uniform.low();
        final double s = uniform.high() - uniform.low();
        final int n = d.inputs();
        final int units = d.units() - d.units() % lanes;
        final long step = (long) lanes * n;
        LongVector k = LongVector.fromArray(LS, laneIndex, 0).mul(n).add(d.weights() + i);
        LongVector zLow = k.add(highWords).mul(CounterRng.GAMMA).add(z0);
        LongVector zHigh = highStates(k, z0);
        LongVector shift = highShifts(k);
        final long lowStep = step * CounterRng.GAMMA;
        final long highStep = step / Prior.Uniform.PER_HIGH_WORD * CounterRng.GAMMA;
        for (int o = 0, t = d.transposed() + i * d.units(); o < units; o += lanes, t += lanes) {
            weights(zHigh, shift, zLow, low, s).intoArray(wT, t);
            zLow = zLow.add(lowStep);
            zHigh = zHigh.add(highStep);
        }
    }

    /**
     * The high-word states z0 + (k / 4) GAMMA of parameters k (one per lane). A step of the k by a multiple
     * of 4 (L, or L n: L is a multiple of 4) steps k / 4 by a quarter of it, so the callers add that
     * quarter times GAMMA from one vector to the next (mod 2^64, as the states are formed).
     */
    private static LongVector highStates(LongVector k, long z0) {
        return k.lanewise(VectorOperators.LSHR, 2).mul(CounterRng.GAMMA).add(z0);
    }

    /**
     * The shift 48 - 16 (k mod 4) of the 16-bit field of parameter k in its high word (one per lane); the
     * same for k plus any multiple of 4, so the callers form it once.
     */
    private static LongVector highShifts(LongVector k) {
        return k.and(Prior.Uniform.PER_HIGH_WORD - 1).lanewise(VectorOperators.LSHL, 4).neg().add(48);
    }

    /**
     * The weights of the parameters k (one per lane) with high-word states zHigh = z0 + (k / 4) GAMMA,
     * field shifts 48 - 16 (k mod 4) and low-word states zLow = z0 + (H + k) GAMMA:
     * low + s u, u = (hi 2^37 + lo) 2^-53 with hi the 16-bit field k mod 4 of high word k / 4.
     */
    private static DoubleVector weights(LongVector zHigh, LongVector shift, LongVector zLow, double low, double s) {
        LongVector hi = SplitMixLanes.mix64(zHigh).lanewise(VectorOperators.LSHR, shift).and(0xFFFFL);
        LongVector lo = SplitMixLanes.mix64(zLow).lanewise(VectorOperators.LSHR, 64 - Prior.Uniform.LOW_BITS);
        DoubleVector hiD = hi.or(TWO_52_BITS).reinterpretAsDoubles().sub(TWO_52);
        DoubleVector loD = lo.or(TWO_52_BITS).reinterpretAsDoubles().sub(TWO_52);
        DoubleVector u = hiD.mul(0x1.0p37).add(loD).mul(0x1.0p-53);
        return u.mul(s).add(low);
    }

    /** Copies every dense layer's matrix of the candidate in w, transposed, into wT (for candidates that {@link #draw} does not draw). */
    void transpose(double[] w) {
        boolean finite = true;
        for (ConvStackNetwork.Dense d : denseLayers) {
            int n = d.inputs();
            int units = d.units();
            int at = d.transposed();
            for (int o = 0; o < units; o++) {
                int r = d.weights() + o * n;
                for (int i = 0; i < n; i++) {
                    double v = w[r + i];
                    wT[at + i * units + o] = v;
                    finite &= Double.isFinite(v);
                }
            }
        }
        columnsPending = false;
        skipZeros = finite;
    }

    /**
     * The conv layer's outputs relu(sum_tap K[o][tap] patch[tap][q] + b[o]) into out[o positions + q] for
     * the positions q below the last multiple of L; returns that multiple (the scalar path does the rest).
     */
    int conv(ConvStackNetwork.Conv c, double[] w, double[] patch, double[] out) {
        final int positions = c.positions();
        final int taps = c.taps();
        final int vectorEnd = positions - positions % lanes;
        final int step4 = 4 * lanes;
        for (int o = 0; o < c.out().channels(); o++) {
            final int k0 = c.weights() + o * taps;
            final int q0 = o * positions;
            final double b = c.biases() >= 0 ? w[c.biases() + o] : 0.0;
            int q = 0;
            for (; q + step4 <= vectorEnd; q += step4) {
                DoubleVector s0 = DoubleVector.zero(DS);
                DoubleVector s1 = DoubleVector.zero(DS);
                DoubleVector s2 = DoubleVector.zero(DS);
                DoubleVector s3 = DoubleVector.zero(DS);
                for (int tap = 0, src = q; tap < taps; tap++, src += positions) {
                    double kv = w[k0 + tap];
                    s0 = s0.add(DoubleVector.fromArray(DS, patch, src).mul(kv));
                    s1 = s1.add(DoubleVector.fromArray(DS, patch, src + lanes).mul(kv));
                    s2 = s2.add(DoubleVector.fromArray(DS, patch, src + 2 * lanes).mul(kv));
                    s3 = s3.add(DoubleVector.fromArray(DS, patch, src + 3 * lanes).mul(kv));
                }
                finish(s0, c.biases() >= 0, b).intoArray(out, q0 + q);
                finish(s1, c.biases() >= 0, b).intoArray(out, q0 + q + lanes);
                finish(s2, c.biases() >= 0, b).intoArray(out, q0 + q + 2 * lanes);
                finish(s3, c.biases() >= 0, b).intoArray(out, q0 + q + 3 * lanes);
            }
            for (; q < vectorEnd; q += lanes) {
                DoubleVector s0 = DoubleVector.zero(DS);
                for (int tap = 0, src = q; tap < taps; tap++, src += positions) {
                    s0 = s0.add(DoubleVector.fromArray(DS, patch, src).mul(w[k0 + tap]));
                }
                finish(s0, c.biases() >= 0, b).intoArray(out, q0 + q);
            }
        }
        return vectorEnd;
    }

    /** True when {@link #convDirect} applies: stride 1, no padding, an output row of at least L positions. */
    boolean readsDirectly(ConvStackNetwork.Conv c) {
        return c.direct() && c.out().width() >= lanes;
    }

    /**
     * A stride-1 conv without padding read from its input in[inOff ..] directly: output (o, r, q .. q + L - 1)
     * sums K[o][tap] in[inOff + r W + q + tapOffset[tap] ..] over the taps in order; for an even number of
     * output rows two channels and two rows side by side (each input vector read once for both channels),
     * else (and for the last channel of an odd count) four rows side by side (the last four overlapping
     * the ones before where the rows are not a multiple of 4; one row at a time when fewer than 4); writes
     * relu(sum + b[o]) into out[o positions + r W + q] for the columns below the last multiple of L of every
     * row and returns that multiple (the scalar path does the rest).
     */
    int convDirect(ConvStackNetwork.Conv c, double[] w, double[] in, int inOff, double[] out) {
        return convDirect(c, w, in, inOff, out, false);
    }

    /**
     * True when {@link #convDirectRowMaxima} applies: {@link #readsDirectly}, an even number of output rows,
     * at least four of them or an even number of channels (a last odd channel takes its rows four at a
     * time), and output rows of whole vectors.
     */
    boolean rowMaximaFit(ConvStackNetwork.Conv c) {
        int rows = c.out().height();
        return readsDirectly(c) && rows % 2 == 0 && c.out().width() % lanes == 0
                && (rows >= 4 || c.out().channels() % 2 == 0);
    }

    /**
     * {@link #convDirect}'s sums (no bias, no ReLU) for a conv that a 2 x 2 max-pool reads
     * ({@link #rowMaximaFit}), as the maxima of each pair of rows: rowMax[o (H/2) W + r W + q] =
     * max(sum at (o, 2r, q), sum at (o, 2r + 1, q)), the lanes' maximum Math.max's.
     */
    void convDirectRowMaxima(ConvStackNetwork.Conv c, double[] w, double[] in, int inOff, double[] rowMax) {
        convDirect(c, w, in, inOff, rowMax, true);
    }

    /**
     * {@link #convDirect} ({@code pairMaxima} false) or {@link #convDirectRowMaxima} (true): the sums are
     * the same, only what is written of them differs.
     */
    private int convDirect(ConvStackNetwork.Conv c, double[] w, double[] in, int inOff, double[] out,
                           boolean pairMaxima) {
        final int outW = c.out().width();
        final int outH = c.out().height();
        final int wd = c.in().width();
        final int taps = c.taps();
        final int[] tapOffsets = c.tapOffsets();
        final int columnEnd = outW - outW % lanes;
        final boolean hasBias = c.biases() >= 0;
        final int channels = c.out().channels();
        // Where channel o's outputs start in out: all its rows, or half of them as pair maxima.
        final int channelSize = pairMaxima ? c.positions() / 2 : c.positions();
        int o = 0;
        if (outH % 2 == 0) {
            // Two channels and two rows side by side: each input vector serves both channels.
            for (; o + 2 <= channels; o += 2) {
                final int k0 = c.weights() + o * taps;
                final int k1 = k0 + taps;
                final double b0 = hasBias ? w[c.biases() + o] : 0.0;
                final double b1 = hasBias ? w[c.biases() + o + 1] : 0.0;
                final int q0 = o * channelSize;
                final int q1 = q0 + channelSize;
                for (int col = 0; col < columnEnd; col += lanes) {
                    for (int r = 0; r < outH; r += 2) {
                        final int x0 = inOff + r * wd + col;
                        DoubleVector s0 = DoubleVector.zero(DS);
                        DoubleVector s1 = DoubleVector.zero(DS);
                        DoubleVector t0 = DoubleVector.zero(DS);
                        DoubleVector t1 = DoubleVector.zero(DS);
                        for (int tap = 0; tap < taps; tap++) {
                            double kv = w[k0 + tap];
                            double kw = w[k1 + tap];
                            int x = x0 + tapOffsets[tap];
                            DoubleVector a = DoubleVector.fromArray(DS, in, x);
                            DoubleVector d = DoubleVector.fromArray(DS, in, x + wd);
                            s0 = s0.add(a.mul(kv));
                            s1 = s1.add(d.mul(kv));
                            t0 = t0.add(a.mul(kw));
                            t1 = t1.add(d.mul(kw));
                        }
                        if (pairMaxima) {
                            int q = r / 2 * outW + col;
                            s0.max(s1).intoArray(out, q0 + q);
                            t0.max(t1).intoArray(out, q1 + q);
                        } else {
                            int q = r * outW + col;
                            finish(s0, hasBias, b0).intoArray(out, q0 + q);
                            finish(s1, hasBias, b0).intoArray(out, q0 + q + outW);
                            finish(t0, hasBias, b1).intoArray(out, q1 + q);
                            finish(t1, hasBias, b1).intoArray(out, q1 + q + outW);
                        }
                    }
                }
            }
        }
        for (; o < channels; o++) {
            final int k0 = c.weights() + o * taps;
            final double b = hasBias ? w[c.biases() + o] : 0.0;
            final int q0 = o * channelSize;
            for (int col = 0; col < columnEnd; col += lanes) {
                int r = 0;
                for (; r < outH && outH >= 4; r += 4) {
                    // Four rows from top; the last block, where fewer than four rows are left, overlaps the one
                    // before (its rows again, the same values) rather than taking them one at a time.
                    final int top = Math.min(r, outH - 4);
                    final int x0 = inOff + top * wd + col;
                    DoubleVector s0 = DoubleVector.zero(DS);
                    DoubleVector s1 = DoubleVector.zero(DS);
                    DoubleVector s2 = DoubleVector.zero(DS);
                    DoubleVector s3 = DoubleVector.zero(DS);
                    for (int tap = 0; tap < taps; tap++) {
                        double kv = w[k0 + tap];
                        int x = x0 + tapOffsets[tap];
                        s0 = s0.add(DoubleVector.fromArray(DS, in, x).mul(kv));
                        s1 = s1.add(DoubleVector.fromArray(DS, in, x + wd).mul(kv));
                        s2 = s2.add(DoubleVector.fromArray(DS, in, x + 2 * wd).mul(kv));
                        s3 = s3.add(DoubleVector.fromArray(DS, in, x + 3 * wd).mul(kv));
                    }
                    if (pairMaxima) {
                        // top is even here (an even number of rows, r a multiple of 4).
                        int q = q0 + top / 2 * outW + col;
                        s0.max(s1).intoArray(out, q);
                        s2.max(s3).intoArray(out, q + outW);
                    } else {
                        int q = q0 + top * outW + col;
                        finish(s0, hasBias, b).intoArray(out, q);
                        finish(s1, hasBias, b).intoArray(out, q + outW);
                        finish(s2, hasBias, b).intoArray(out, q + 2 * outW);
                        finish(s3, hasBias, b).intoArray(out, q + 3 * outW);
                    }
                }
                for (; r < outH; r++) {
                    final int x0 = inOff + r * wd + col;
                    DoubleVector s0 = DoubleVector.zero(DS);
                    for (int tap = 0; tap < taps; tap++) {
                        s0 = s0.add(DoubleVector.fromArray(DS, in, x0 + tapOffsets[tap]).mul(w[k0 + tap]));
                    }
                    finish(s0, hasBias, b).intoArray(out, q0 + r * outW + col);
                }
            }
        }
        return columnEnd;
    }

    /**
     * The dense layer's units relu(sum_i W[o][i] h[i] + b[o]) into out[o] for the units o below the last
     * multiple of L, from the transposed matrix; returns that multiple (the scalar path does the rest).
     * When every weight is finite the inputs equal to 0 are left out of the sums: their products are
     * signed zeros, and adding a signed zero to a sum that starts at +0.0 leaves it unchanged (it is never
     * -0.0: in round-to-nearest x + y is -0.0 only when both are). The columns of the other inputs are
     * drawn first where they are pending ({@link #draw}).
     */
    int dense(ConvStackNetwork.Dense d, double[] w, double[] in, int inOff, double[] out) {
        final int units = d.units();
        final int n = d.inputs();
        final int at = d.transposed();
        final int vectorEnd = units - units % lanes;
        final boolean hasBias = d.biases() >= 0;
        final int[] inputs = summed;
        final int m = summedInputs(d, in, inOff);
        int o = 0;
        for (; o + 4 * lanes <= vectorEnd; o += 4 * lanes) {
            denseBlock(d, w, in, inOff, m, o, out);
        }
        if (o < vectorEnd && vectorEnd >= 4 * lanes) {
            // The last units in one more block of four vectors, overlapping the one before (the units in both
            // are computed twice, the same values): four sums side by side rather than one to three in turn.
            denseBlock(d, w, in, inOff, m, vectorEnd - 4 * lanes, out);
            o = vectorEnd;
        }
        for (; o < vectorEnd; o += lanes) {
            DoubleVector s0 = DoubleVector.zero(DS);
            for (int j = 0; j < m; j++) {
                int i = inputs[j];
                s0 = s0.add(DoubleVector.fromArray(DS, wT, at + o + i * units).mul(in[inOff + i]));
            }
            finish(s0, hasBias, w, d.biases() + o).intoArray(out, o);
        }
        return vectorEnd;
    }

    /** Units o .. o + 4L - 1 of {@link #dense}, four vectors side by side, over the m inputs in {@link #summed}. */
    private void denseBlock(ConvStackNetwork.Dense d, double[] w, double[] in, int inOff, int m, int o, double[] out) {
        final int units = d.units();
        final int at = d.transposed();
        final boolean hasBias = d.biases() >= 0;
        final int[] inputs = summed;
        DoubleVector s0 = DoubleVector.zero(DS);
        DoubleVector s1 = DoubleVector.zero(DS);
        DoubleVector s2 = DoubleVector.zero(DS);
        DoubleVector s3 = DoubleVector.zero(DS);
        for (int j = 0; j < m; j++) {
            int i = inputs[j];
            double x = in[inOff + i];
            int src = at + o + i * units;
            s0 = s0.add(DoubleVector.fromArray(DS, wT, src).mul(x));
            s1 = s1.add(DoubleVector.fromArray(DS, wT, src + lanes).mul(x));
            s2 = s2.add(DoubleVector.fromArray(DS, wT, src + 2 * lanes).mul(x));
            s3 = s3.add(DoubleVector.fromArray(DS, wT, src + 3 * lanes).mul(x));
        }
        finish(s0, hasBias, w, d.biases() + o).intoArray(out, o);
        finish(s1, hasBias, w, d.biases() + o + lanes).intoArray(out, o + lanes);
        finish(s2, hasBias, w, d.biases() + o + 2 * lanes).intoArray(out, o + 2 * lanes);
        finish(s3, hasBias, w, d.biases() + o + 3 * lanes).intoArray(out, o + 3 * lanes);
    }

    /**
     * The inputs of dense layer d that {@link #dense} sums over into {@link #summed} (those not equal to 0
     * when {@link #skipZeros}, else all), their pending columns drawn; returns their number.
     */
    private int summedInputs(ConvStackNetwork.Dense d, double[] in, int inOff) {
        final boolean skip = skipZeros;
        final int[] inputs = summed;
        final int n = d.inputs();
        int m = 0;
        for (int i = 0; i < n; i++) {
            inputs[m] = i;
            m += skip && in[inOff + i] == 0.0 ? 0 : 1;
        }
        if (columnsPending) {
            for (int j = 0; j < m; j++) {
                drawColumnOnce(d, inputs[j]);
            }
        }
        return m;
    }

    /**
     * rowMax[j] = Math.max over the rows u &lt; size, in order, of in[rowBase + u wd + j] (a max-pool's
     * rows first, {@link ConvStackNetwork}'s pool) for j below the last multiple of L of span; returns that
     * multiple (the scalar path does the rest). The lanes' maximum is Math.max's.
     */
    int rowMaxima(double[] in, int rowBase, int wd, int size, int span, double[] rowMax) {
        final int end = span - span % lanes;
        for (int j = 0; j < end; j += lanes) {
            DoubleVector m = DoubleVector.fromArray(DS, in, rowBase + j);
            for (int u = 1; u < size; u++) {
                m = m.max(DoubleVector.fromArray(DS, in, rowBase + u * wd + j));
            }
            m.intoArray(rowMax, j);
        }
        return end;
    }

    /** relu(s + b) lane by lane, the bias added only when the layer has one. */
    private static DoubleVector finish(DoubleVector s, boolean hasBias, double b) {
        DoubleVector z = hasBias ? s.add(b) : s;
        return relu(z);
    }

    /** relu(s + w[biasAt ..]) lane by lane, the biases added only when the layer has them. */
    private static DoubleVector finish(DoubleVector s, boolean hasBias, double[] w, int biasAt) {
        DoubleVector z = hasBias ? s.add(DoubleVector.fromArray(DS, w, biasAt)) : s;
        return relu(z);
    }

    /** z &gt; 0 ? z : 0.0 lane by lane. */
    private static DoubleVector relu(DoubleVector z) {
        return DoubleVector.zero(DS).blend(z, z.compare(VectorOperators.GT, 0.0));
    }
}
