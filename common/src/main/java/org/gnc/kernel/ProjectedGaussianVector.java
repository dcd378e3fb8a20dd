package org.gnc.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.gnc.model.ProjectedGaussian;
import org.gnc.rng.CounterRng;
import org.gnc.rng.SplitMixLanes;
import org.gnc.simd.VectorModule;
import org.gnc.simd.VectorShapes;

/**
 * The Vector API form of the bracket path of {@link ProjectedGaussianFilter}: L hidden units at once,
 * one unit per lane (L = the machine's preferred number of double lanes; the width is a multiple of L).
 *
 * <p>Lane l of group q is unit j = q L + l. Its word at point p is word(b + j n + p), so the lane
 * states are z0 + (j n + p) GAMMA and the SplitMix64 finalizer runs lane by lane; the bucket
 * (top K bits) indexes two gathers, the midpoint and the radius of {@link org.gnc.model.NormalBrackets}.
 * Lanes of the two unbounded buckets (radius +inf) are recorded and replaced by their exact normal
 * (radius 0) once no vector is live (a vector live across a call that is not inlined is boxed on
 * Java 17). The interval arithmetic is the scalar path's ({@link ProjectedGaussianFilter}) lane by
 * lane; its rounding allowances do not depend on the order of the sums, so lane-wise partial sums and
 * the final lane reduction are covered by the same bound.
 *
 * <p>Loaded only when the module {@code jdk.incubator.vector} is present ({@link #lanes}).
 */
final class ProjectedGaussianVector {
    private static final VectorSpecies<Double> DS = VectorShapes.DOUBLES;
    private static final VectorSpecies<Long> LS = VectorShapes.LONGS;
    private static final VectorSpecies<Integer> IS = VectorShapes.HALF_INTS;

    private final int n;
    private final int hidden;
    private final int lanes;
    private final int groups;
    private final int tailOffset;
    private final double std;
    private final double absStd;
    private final double[] l;
    private final double[] absL;
    private final double[] cp;
    private final double[] mid;
    private final double[] rad;
    private final int shift;
    private final double up;
    private final double half;
    private final double relQ;
    private final double eaFactor;
    private final double magFactor;
    private final double[] gm;
    private final double[] gr;
    private final double[] am;
    private final double[] ar;
    /** (j n) GAMMA and j GAMMA by unit j: the lane offsets of the g words and of the output words. */
    private final long[] rowOffsets;
    private final long[] unitOffsets;
    private final int[] idx;
    private final long[] words;
    private final int[] edgeAt;
    private final long[] edgeWord;
    private long exactDraws;

    /** Lanes of the preferred double vector, or 0 when too narrow; only when {@link VectorModule#present()}. */
    static int lanes() {
        int lanes = VectorShapes.DOUBLES.length();
        return lanes >= 4 && LS.length() == lanes && IS.length() == lanes ? lanes : 0;
    }

    /**
     * Reads the cell's constants from {@code layout} (copied into final fields of its own) and shares the
     * scanner's bracket arrays gm, gr, am, ar (see {@link ProjectedGaussianFilter}).
     */
    ProjectedGaussianVector(ProjectedGaussianLayout layout, double[] gm, double[] gr, double[] am, double[] ar) {
        this.lanes = DS.length();
        this.hidden = layout.hidden;
        if (hidden % lanes != 0 || LS.length() != lanes || IS.length() != lanes) {
            throw new IllegalArgumentException(hidden + " hidden units are not a multiple of " + lanes + " lanes");
        }
        this.n = layout.n;
        this.groups = hidden / lanes;
        this.tailOffset = layout.tailOffset;
        this.std = layout.std;
        this.absStd = layout.absStd;
        this.l = layout.l;
        this.absL = layout.absL;
        this.cp = layout.cp;
        this.mid = layout.mid;
        this.rad = layout.rad;
        this.shift = layout.shift;
        this.up = layout.up;
        this.half = layout.half;
        this.relQ = layout.relQ;
        this.eaFactor = layout.eaFactor;
        this.magFactor = layout.magFactor;
        this.gm = gm;
        this.gr = gr;
        this.am = am;
        this.ar = ar;
        this.rowOffsets = new long[hidden];
        this.unitOffsets = new long[hidden];
        for (int j = 0; j < hidden; j++) {
            rowOffsets[j] = (long) j * n * CounterRng.GAMMA;
            unitOffsets[j] = (long) j * CounterRng.GAMMA;
        }
        this.idx = new int[lanes];
        this.words = new long[lanes];
        this.edgeAt = new int[hidden];
        this.edgeWord = new long[hidden];
    }

    long exactDraws() {
        return exactDraws;
    }

    /** Brackets of the output weights into am, ar (as the scalar path); returns sum_j (|am_j| + ar_j). */
    double drawOutput(long z0) {
        final long zt = z0 + (long) tailOffset * CounterRng.GAMMA;
        int edges = 0;
        for (int q = 0, o = 0; q < groups; q++, o += lanes) {
            LongVector z = LongVector.fromArray(LS, unitOffsets, o).add(zt);
            LongVector w = SplitMixLanes.mix64(z);
            ((IntVector) w.lanewise(VectorOperators.LSHR, shift).convertShape(VectorOperators.L2I, IS, 0))
                    .intoArray(idx, 0);
            DoubleVector m = DoubleVector.fromArray(DS, mid, 0, idx, 0);
            DoubleVector r = DoubleVector.fromArray(DS, rad, 0, idx, 0);
            m.mul(std).intoArray(am, o);
            r.mul(absStd).add(relQ).mul(up).intoArray(ar, o);
            if (r.compare(VectorOperators.EQ, Double.POSITIVE_INFINITY).anyTrue()) {
                w.intoArray(words, 0);
                for (int t = 0; t < lanes; t++) {
                    if (rad[idx[t]] == Double.POSITIVE_INFINITY) {
                        edgeAt[edges] = o + t;
                        edgeWord[edges++] = words[t];
                    }
                }
            }
        }
        for (int e = 0; e < edges; e++) {
            am[edgeAt[e]] = std * CounterRng.standardNormal(edgeWord[e]);
            ar[edgeAt[e]] = relQ * up;
        }
        exactDraws += edges;
        DoubleVector s = DoubleVector.zero(DS);
        for (int o = 0; o < hidden; o += lanes) {
            s = s.add(DoubleVector.fromArray(DS, am, o).abs().add(DoubleVector.fromArray(DS, ar, o)));
        }
        return s.reduceLanes(VectorOperators.ADD);
    }

    /** The label of point p by brackets: +1 or -1 when known, 0 when open (the scalar path's rule). */
    int decide(long z0, int p, double cm, double cr, double sumA) {
        int edges = draw(z0, p);
        for (int e = 0; e < edges; e++) {
            gm[edgeAt[e]] = CounterRng.standardNormal(edgeWord[e]);
            gr[edgeAt[e]] = 0;
        }
        exactDraws += edges;
        return evaluate(p, cm, cr, sumA);
    }

    /**
     * Brackets of g_j[p] for every unit into gm, gr; returns how many lanes fell in an unbounded bucket
     * (recorded in edgeAt, edgeWord). Draw and evaluation are separate methods, each small enough for
     * the JIT to inline every vector operation (a larger method got its vectors boxed, much slower; README,
     * Benchmarks).
     */
    private int draw(long z0, int p) {
        final long zp = z0 + (long) p * CounterRng.GAMMA;
        final int base = p * hidden;
        int edges = 0;
        for (int o = 0; o < hidden; o += lanes) {
            LongVector z = LongVector.fromArray(LS, rowOffsets, o).add(zp);
            LongVector w = SplitMixLanes.mix64(z);
            ((IntVector) w.lanewise(VectorOperators.LSHR, shift).convertShape(VectorOperators.L2I, IS, 0))
                    .intoArray(idx, 0);
            DoubleVector m = DoubleVector.fromArray(DS, mid, 0, idx, 0);
            DoubleVector r = DoubleVector.fromArray(DS, rad, 0, idx, 0);
            m.intoArray(gm, base + o);
            r.intoArray(gr, base + o);
            if (r.compare(VectorOperators.EQ, Double.POSITIVE_INFINITY).anyTrue()) {
                w.intoArray(words, 0);
                for (int t = 0; t < lanes; t++) {
                    if (rad[idx[t]] == Double.POSITIVE_INFINITY) {
                        edgeAt[edges] = base + o + t;
                        edgeWord[edges++] = words[t];
                    }
                }
            }
        }
        return edges;
    }

    /** The interval sums of point p over the brackets in gm, gr, am, ar, and the decision. */
    private int evaluate(int p, double cm, double cr, double sumA) {
        final int lr = p * n;
        final double cpp = cp[p];
        DoubleVector fm = DoubleVector.zero(DS);
        DoubleVector fr = DoubleVector.zero(DS);
        DoubleVector mag = DoubleVector.zero(DS);
        for (int o = 0; o < hidden; o += lanes) {
            DoubleVector zm = DoubleVector.zero(DS);
            DoubleVector zr = DoubleVector.zero(DS);
            for (int k = 0, t = o; k <= p; k++, t += hidden) {
                zm = zm.add(DoubleVector.fromArray(DS, gm, t).mul(l[lr + k]));
                zr = zr.add(DoubleVector.fromArray(DS, gr, t).mul(absL[lr + k]));
            }
            zm = zm.mul(std);
            zr = zr.mul(absStd).add(cpp).mul(up);
            VectorMask<Double> neg = zm.compare(VectorOperators.LT, 0.0);
            DoubleVector cut = zm.add(zr).max(0.0).mul(half);
            DoubleVector rm = zm.blend(cut, neg);
            DoubleVector rr = zr.blend(cut, neg);
            DoubleVector a = DoubleVector.fromArray(DS, am, o);
            DoubleVector aa = a.abs();
            DoubleVector ra = DoubleVector.fromArray(DS, ar, o);
            DoubleVector rs = rm.add(rr);
            fm = fm.add(a.mul(rm));
            fr = fr.add(aa.mul(rr)).add(ra.mul(rs));
            mag = mag.add(aa.add(ra).mul(rs));
        }
        // thr is linear in FR and Mag, so one reduction of fr (1 + rel) + mag magFactor serves both.
        double f = fm.reduceLanes(VectorOperators.ADD) + cm;
        double thr = (fr.mul(up).add(mag.mul(magFactor)).reduceLanes(VectorOperators.ADD)
                + cr * up + (Math.abs(cm) + cr) * magFactor + eaFactor * sumA) * up;
        if (f > thr) {
            return 1;
        }
        if (f < -thr) {
            return -1;
        }
        return 0;
    }
}
