package org.gnc.kernel;

import org.gnc.data.Dataset;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.NormalBrackets;
import org.gnc.model.Prior;
import org.gnc.model.ProjectedGaussian;
import org.gnc.rng.CounterRng;

/**
 * The filter of the projected encoding ({@link ProjectedGaussian}): decides each candidate from Z =
 * W X^T and the output weights alone, never drawing the d-dimensional rows W_j of rejected candidates.
 *
 * <p><b>Evaluate.</b> Points are visited in the encoding's pivot order p = 0, 1, ... (training point
 * {@link ProjectedGaussian#point}(p)); since L is lower
 * triangular, z_j[p] = s sum_{k &lt;= p} L[p][k] g_j[k] needs only g_j[0..p], so g_j[p] is drawn when
 * point p is reached and a candidate rejected at its first point costs h normals for Z plus the
 * output weights. f~ = sum_j a_j relu(z_j[p]) (+ c), and a candidate leaves at its
 * (max-train-errors + 1)-th mistake.
 *
 * <p><b>Exactness.</b> The network of candidate i is its completed weights ({@link CandidateWeights#fill});
 * the reference decides label(f) with f its {@link Architecture#output} on x_p. With E the bound of
 * {@link ProjectedGaussian#unitErrorBound} on |h_j - z_j[p]| (h_j the reference's pre-activation),
 * relu being 1-Lipschitz and both outputs summed over h (+1) terms, |f - f~| &lt;= B with
 * B = 2 [(1 + gamma) E sum_j |a_j| + gamma (2 sum_j |a_j| relu(z_j[p]) + 2 |c|)], gamma = (h + 1) 2^-53
 * (a factor 2 of margin). Where |f~| &gt; B, label(f~) = label(f). Where every z_j[p] &lt; -E, every
 * h_j is negative, the reference's f is exactly c (0 without an output bias) and its label is label(c).
 * Otherwise, where |f~| &lt;= B, the filter completes the candidate's weights and takes the reference's own forward pass on that point. So every
 * per-point decision is the reference's, and this filter accepts exactly the indices
 * {@link ReferenceFilter} accepts on the same candidates, with the same error counts.
 *
 * <p><b>Brackets first.</b> Turning words into normals (AS241) is most of the cost, so each candidate is
 * first decided from brackets ({@link NormalBrackets}, K = 11): the top K bits of a word give
 * g in [gm - gr, gm + gr] for every word of all but the two outer buckets, whose normals (probability
 * 2^-(K-1) per draw) are computed exactly (gr = 0). Then, with rel = 16 (n + h + 8) 2^-53, Q =
 * {@link NormalBrackets#MAX_ABS} &gt;= |g|, and everything computed in doubles:
 * <ul>
 *   <li>a_j in am_j +- ar_j with am_j = s gm, ar_j = (|s| gr + rel |s| Q)(1 + rel) (the same for c);</li>
 *   <li>z_j[p] in zm +- zr with zm = s sum_k L[p][k] gm_jk and zr = (|s| sum_k |L[p][k]| gr_jk + C_p)(1 + rel),
 *       C_p = rel |s| Q sum_k |L[p][k]|: C_p covers the rounding of both the filter's z (from the exact
 *       g) and zm, at most 2 (n + 1) 2^-53 |s| Q sum_k |L[p][k]|, and the factor the rounding of zr;</li>
 *   <li>relu(z) in rm +- rr: (zm, zr) if zm &gt;= 0 (then 0 is inside too), else rm = rr =
 *       max(zm + zr, 0)(1 + rel)/2;</li>
 *   <li>f* = sum_j a_j relu(z_j) + c in Fm +- FR, Fm = sum am rm + cm,
 *       FR = sum (|am| rr + ar (rm + rr)) + cr, with Mag = sum (|am| + ar)(rm + rr) + |cm| + cr
 *       bounding sum |a_j| relu(z_j) + |c| and rel Mag the rounding of Fm;</li>
 *   <li>|f - f*| &lt;= (1 + gamma) E sum |a_j| + gamma (sum |a_j| relu(z_j) + |c|) for the reference's f.</li>
 * </ul>
 * When |Fm| &gt; thr = (FR (1 + rel) + Mag (rel + 4 gamma) + 2 (1 + gamma) E A)(1 + rel), A = sum (|am| + ar),
 * f has the sign of Fm and the label is known. Otherwise (about one candidate in 90 on the R2g-like cell)
 * the candidate takes the exact path above from that point on: its exact normals, the same f~ and B,
 * and the reference's forward pass inside B. Every per-point decision is still the reference's, so
 * the accepted indices and error counts do not change. With the Vector API (module
 * {@code jdk.incubator.vector}) and a width that is a multiple of its lanes,
 * {@link ProjectedGaussianVector} runs the bracket path with one unit per lane; otherwise it runs in
 * scalar code. The encoding, and hence every completed network, is untouched.
 *
 * <p><b>Layout and scanner.</b> Everything computed once per cell (the points in pivot order, L, the
 * bounds, the bracket tables, the path) is in an immutable {@link ProjectedGaussianLayout}; this class
 * is the scanner, with the brackets, normals and counters of the candidate being decided. Not
 * thread-safe: one scanner per thread, any number of them on one layout.
 */
public final class ProjectedGaussianFilter implements InterpolatorFilter {
    /** How a candidate is decided: the exact normals only, or brackets first (scalar or Vector API). */
    enum Path { EXACT, SCALAR, VECTOR }

    /*
     * The layout's values that the hot loops read, copied into final fields of this scanner (never
     * written here): the loops read them as fields of this, with no extra indirection.
     */
    private final CandidateWeights candidates;
    private final Prior prior;
    private final Architecture arch;
    private final Points train;
    private final int maxTrainErrors;
    private final long key;
    private final int n;
    private final int hidden;
    private final boolean outputBias;
    private final double std;
    private final int tailOffset;
    private final double[] l;
    private final double unitBound;
    private final double gamma;
    private final Path path;
    private final double[] mid;
    private final double[] rad;
    private final int shift;
    private final double absStd;
    private final double up;
    private final double half;
    private final double relQ;
    private final double[] absL;
    private final double[] cp;
    private final double eaFactor;
    private final double magFactor;

    /* Scratch of this scanner: the current candidate's output weights, normals and completed weights. */
    private final double[] a;
    /** g[j * n + k] of the current candidate. */
    private final double[] g;
    private final double[] full;
    private final double[] scratch;
    /** Brackets of the current candidate: gm/gr[p * hidden + j], am/ar[j], the output bias. */
    private final double[] gm;
    private final double[] gr;
    private final double[] am;
    private final double[] ar;
    /** Per unit: the sums of a pre-activation's midpoint and radius (scalar path). */
    private final double[] zMid;
    private final double[] zRad;
    /** The output bias's bracket. */
    private final double[] biasMid = new double[1];
    private final double[] biasRad = new double[1];
    private double cm;
    private double cr;
    private double sumA;
    private final ProjectedGaussianVector vector;
    private long fallbacks;
    private long undecided;
    private long exactDraws;

    /** A scanner with a layout of its own ({@link ProjectedGaussianLayout#ProjectedGaussianLayout(CandidateWeights, Dataset, int)}). */
    public ProjectedGaussianFilter(CandidateWeights candidates, Dataset train, int maxTrainErrors) {
        this(new ProjectedGaussianLayout(candidates, train, maxTrainErrors));
    }

    /** As the public constructor, with the bound multiplied by {@code boundScale} (tests force fallbacks). */
    ProjectedGaussianFilter(CandidateWeights candidates, Dataset train, int maxTrainErrors, double boundScale) {
        this(candidates, train, maxTrainErrors, boundScale, null);
    }

    /**
     * As the public constructor, with the bound multiplied by {@code boundScale} and the path forced
     * ({@code null}: the fastest available; VECTOR falls back to SCALAR where the Vector API is absent
     * or the width is not a multiple of its lanes).
     */
    ProjectedGaussianFilter(CandidateWeights candidates, Dataset train, int maxTrainErrors, double boundScale,
                            Path path) {
        this(candidates, train, maxTrainErrors, boundScale, path, NormalBrackets.standard());
    }

    ProjectedGaussianFilter(CandidateWeights candidates, Dataset train, int maxTrainErrors, double boundScale,
                            Path path, NormalBrackets brackets) {
        this(new ProjectedGaussianLayout(candidates, train, maxTrainErrors, boundScale, path, brackets));
    }

    /** A scanner of the cell laid out in {@code layout}, which it only reads (one layout may serve many threads). */
    public ProjectedGaussianFilter(ProjectedGaussianLayout layout) {
        this.candidates = layout.candidates;
        this.prior = layout.prior;
        this.arch = layout.arch;
        this.train = layout.train;
        this.maxTrainErrors = layout.maxTrainErrors;
        this.key = layout.key;
        this.n = layout.n;
        this.hidden = layout.hidden;
        this.outputBias = layout.outputBias;
        this.std = layout.std;
        this.tailOffset = layout.tailOffset;
        this.l = layout.l;
        this.unitBound = layout.unitBound;
        this.gamma = layout.gamma;
        this.path = layout.path;
        this.mid = layout.mid;
        this.rad = layout.rad;
        this.shift = layout.shift;
        this.absStd = layout.absStd;
        this.up = layout.up;
        this.half = layout.half;
        this.relQ = layout.relQ;
        this.absL = layout.absL;
        this.cp = layout.cp;
        this.eaFactor = layout.eaFactor;
        this.magFactor = layout.magFactor;

        this.a = new double[hidden + 1];
        this.g = new double[hidden * n];
        this.full = new double[candidates.parameterCount()];
        this.scratch = arch.newScratch();
        this.gm = new double[n * hidden];
        this.gr = new double[n * hidden];
        this.am = new double[hidden];
        this.ar = new double[hidden];
        this.zMid = new double[hidden];
        this.zRad = new double[hidden];
        this.vector = path == Path.VECTOR ? new ProjectedGaussianVector(layout, gm, gr, am, ar) : null;
    }

    /** Point decisions that fell inside the bound and took the completed network's forward pass. */
    long fallbacks() {
        return fallbacks;
    }

    /** Point decisions the brackets left open, after which the candidate took the exact normals. */
    long undecided() {
        return undecided;
    }

    /** Normals of the two unbounded buckets, computed exactly on the bracket path. */
    long exactDraws() {
        return exactDraws + (vector == null ? 0 : vector.exactDraws());
    }

    /** The path this filter runs. */
    Path path() {
        return path;
    }

    @Override
    public Acceptances scan(long first, int count) {
        Acceptances.Builder accepted = new Acceptances.Builder();
        for (long i = first; i < first + count; i++) {
            long base = CandidateWeights.firstCounter(i);
            // word(base + t) = mix64(key + (base + t + 1) * GAMMA), as CounterRng computes it.
            long z0 = key + (base + 1) * CounterRng.GAMMA;
            int mistakes = path == Path.EXACT ? exactFrom(i, z0, 0, 0) : brackets(i, z0);
            if (mistakes >= 0) {
                accepted.add(i, mistakes);
            }
        }
        return accepted.build();
    }

    /** The bracket path for candidate i: its error count, or -1 when it is rejected. */
    private int brackets(long i, long z0) {
        final int[] y = train.y;
        if (outputBias) {
            bracket(CounterRng.mix64(z0 + (long) (tailOffset + hidden) * CounterRng.GAMMA), biasMid, biasRad, 0);
            cm = std * biasMid[0];
            cr = (absStd * biasRad[0] + relQ) * up;
        } else {
            cm = 0;
            cr = 0;
        }
        sumA = vector != null ? vector.drawOutput(z0) : drawOutput(z0);
        int mistakes = 0;
        for (int p = 0; p < n; p++) {
            int label = vector != null ? vector.decide(z0, p, cm, cr, sumA) : decide(z0, p);
            if (label == 0) {
                undecided++;
                return exactFrom(i, z0, p, mistakes);
            }
            if (label != y[p] && ++mistakes > maxTrainErrors) {
                return -1;
            }
        }
        return mistakes;
    }

    /**
     * The bracket of the standard normal of word w: midpoint into m[at] and radius into r[at], the exact
     * normal with radius 0 in the unbounded buckets.
     */
    private void bracket(long w, double[] m, double[] r, int at) {
        int b = (int) (w >>> shift);
        double gmv = mid[b];
        double grv = rad[b];
        if (grv == Double.POSITIVE_INFINITY) {
            gmv = CounterRng.standardNormal(w);
            grv = 0;
            exactDraws++;
        }
        m[at] = gmv;
        r[at] = grv;
    }

    /** Brackets of the output weights into am, ar; returns sum_j (|am_j| + ar_j). */
    private double drawOutput(long z0) {
        double s = 0;
        long zt = z0 + (long) tailOffset * CounterRng.GAMMA;
        for (int j = 0; j < hidden; j++) {
            bracket(CounterRng.mix64(zt + (long) j * CounterRng.GAMMA), am, ar, j);
            am[j] = std * am[j];
            ar[j] = (absStd * ar[j] + relQ) * up;
            s += Math.abs(am[j]) + ar[j];
        }
        return s;
    }

    /** The label of point p by brackets (scalar): +1 or -1 when known, 0 when the brackets leave it open. */
    private int decide(long z0, int p) {
        final int hh = hidden;
        final int nn = n;
        final int o = p * hh;
        for (int j = 0; j < hh; j++) {
            bracket(CounterRng.mix64(z0 + (long) (j * nn + p) * CounterRng.GAMMA), gm, gr, o + j);
        }
        final int lr = p * nn;
        final double[] zmA = zMid;
        final double[] zrA = zRad;
        java.util.Arrays.fill(zmA, 0.0);
        java.util.Arrays.fill(zrA, 0.0);
        // k outer, units inner: sums in increasing k, contiguous in j (the JIT vectorizes the inner loops).
        for (int k = 0; k <= p; k++) {
            final double lk = l[lr + k];
            final double ak = absL[lr + k];
            final int t = k * hh;
            for (int j = 0; j < hh; j++) {
                zmA[j] += lk * gm[t + j];
                zrA[j] += ak * gr[t + j];
            }
        }
        final double cpp = cp[p];
        double fm = cm;
        double fr = cr;
        double mag = Math.abs(cm) + cr;
        for (int j = 0; j < hh; j++) {
            double zm = zmA[j] * std;
            double zr = (zrA[j] * absStd + cpp) * up;
            double cut = Math.max(zm + zr, 0.0) * half;
            boolean neg = zm < 0;
            double rm = neg ? cut : zm;
            double rr = neg ? cut : zr;
            double aa = Math.abs(am[j]);
            double rs = rm + rr;
            fm += am[j] * rm;
            fr += aa * rr + ar[j] * rs;
            mag += (aa + ar[j]) * rs;
        }
        double thr = (fr * up + mag * magFactor + eaFactor * sumA) * up;
        if (fm > thr) {
            return 1;
        }
        if (fm < -thr) {
            return -1;
        }
        return 0;
    }

    /**
     * The exact path of candidate i from point p0 on, after {@code mistakes} mistakes on points 0 .. p0-1:
     * its error count, or -1 when it is rejected. With p0 = 0 it decides the whole candidate.
     */
    private int exactFrom(long i, long z0, int p0, int mistakes) {
        final int[] y = train.y;
        final int nn = n;
        final int hh = hidden;
        double sumAbsA = 0;
        int tail = hh + (outputBias ? 1 : 0);
        for (int m = 0; m < tail; m++) {
            a[m] = prior.fromWord(CounterRng.mix64(z0 + (long) (tailOffset + m) * CounterRng.GAMMA));
        }
        for (int j = 0; j < hh; j++) {
            sumAbsA += Math.abs(a[j]);
        }
        double c = outputBias ? a[hh] : 0.0;
        for (int j = 0; j < hh; j++) {
            int gr0 = j * nn;
            for (int k = 0; k < p0; k++) {
                g[gr0 + k] = CounterRng.standardNormal(CounterRng.mix64(z0 + (long) (gr0 + k) * CounterRng.GAMMA));
            }
        }
        boolean completed = false;
        for (int p = p0; p < nn; p++) {
            double f = 0;
            double fa = 0;
            boolean live = false;
            int lr = p * nn;
            for (int j = 0; j < hh; j++) {
                int gr0 = j * nn;
                g[gr0 + p] = CounterRng.standardNormal(
                        CounterRng.mix64(z0 + (long) (gr0 + p) * CounterRng.GAMMA));
                double s = 0;
                for (int k = 0; k <= p; k++) {
                    s += l[lr + k] * g[gr0 + k];
                }
                double z = std * s;
                live |= z >= -unitBound;
                double r = z > 0 ? z : 0.0;
                f += a[j] * r;
                fa += Math.abs(a[j]) * r;
            }
            if (outputBias) {
                f += c;
            }
            double bound = 2 * ((1 + gamma) * unitBound * sumAbsA + gamma * (2 * fa + 2 * Math.abs(c)));
            int label;
            if (Math.abs(f) > bound) {
                label = Architecture.label(f);
            } else if (!live) {
                // Every h_j <= z_j[p] + E < 0: the reference adds exact zeros, so its f is c (or +-0).
                label = Architecture.label(c);
            } else {
                fallbacks++;
                if (!completed) {
                    candidates.fill(i, full, 0);
                    completed = true;
                }
                label = Architecture.label(arch.output(full, 0, train.x, p * train.dim, scratch));
            }
            if (label != y[p] && ++mistakes > maxTrainErrors) {
                return -1;
            }
        }
        return mistakes;
    }
}
