package org.gnc.sample;

import org.gnc.data.Dataset;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.Prior;
import org.gnc.model.ProjectedGaussian;
import org.gnc.rng.CounterRng;

/**
 * The filter of the projected encoding ({@link ProjectedGaussian}): decides each candidate from Z =
 * W X^T and the output weights alone, never drawing the d-dimensional rows W_j of rejected candidates.
 *
 * <p><b>Evaluate.</b> Points are visited in their natural order p = 0, 1, ...; since L is lower
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
 * (a factor 2 of margin). Where |f~| &gt; B, label(f~) = label(f). Where |f~| &lt;= B, the filter
 * completes the candidate's weights and takes the reference's own forward pass on that point. So every
 * per-point decision is the reference's, and this filter accepts exactly the indices
 * {@link ReferenceFilter} accepts on the same candidates, with the same error counts.
 */
public final class ProjectedGaussianFilter implements InterpolatorFilter {
    private static final double EPS = 0x1.0p-53;

    private final CandidateWeights candidates;
    private final ProjectedGaussian proj;
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
    /** Lower Cholesky factor, row-major n x n. */
    private final double[] l;
    private final double unitBound;
    private final double gamma;
    private final double[] a;
    /** g[j * n + k] of the current candidate. */
    private final double[] g;
    private final double[] full;
    private final double[] scratch;
    private long fallbacks;

    public ProjectedGaussianFilter(CandidateWeights candidates, Dataset train, int maxTrainErrors) {
        this(candidates, train, maxTrainErrors, 1.0);
    }

    /** As the public constructor, with the bound multiplied by {@code boundScale} (tests force fallbacks). */
    ProjectedGaussianFilter(CandidateWeights candidates, Dataset train, int maxTrainErrors, double boundScale) {
        this.proj = candidates.projected();
        if (proj == null) {
            throw new IllegalArgumentException("ProjectedGaussianFilter needs candidates in the projected encoding");
        }
        this.candidates = candidates;
        this.prior = candidates.prior();
        this.arch = candidates.architecture();
        this.train = new Points(train, arch, "training");
        if (this.train.n != proj.points()) {
            throw new IllegalArgumentException("the projected encoding was built for " + proj.points()
                    + " training points, the filter got " + this.train.n);
        }
        this.maxTrainErrors = maxTrainErrors;
        this.key = candidates.rng().key();
        this.n = proj.points();
        this.hidden = proj.hidden();
        this.outputBias = arch.outputBias();
        this.std = proj.std();
        this.tailOffset = proj.tailOffset();
        this.l = new double[n * n];
        for (int p = 0; p < n; p++) {
            for (int k = 0; k <= p; k++) {
                l[p * n + k] = proj.cholesky(p, k);
            }
        }
        this.unitBound = proj.unitErrorBound() * boundScale;
        this.gamma = (hidden + 1) * EPS * boundScale;
        this.a = new double[hidden + 1];
        this.g = new double[hidden * n];
        this.full = new double[candidates.parameterCount()];
        this.scratch = arch.newScratch();
    }

    /** Point decisions that fell inside the bound and took the completed network's forward pass. */
    long fallbacks() {
        return fallbacks;
    }

    @Override
    public Acceptances scan(long first, int count) {
        Acceptances.Builder accepted = new Acceptances.Builder();
        final int[] y = train.y;
        final int nn = n;
        final int hh = hidden;
        for (long i = first; i < first + count; i++) {
            long base = i << CandidateWeights.WORDS_PER_CANDIDATE_LOG2;
            // word(base + t) = mix64(key + (base + t + 1) * GAMMA), as CounterRng computes it.
            long z0 = key + (base + 1) * CounterRng.GAMMA;
            double sumAbsA = 0;
            int tail = hh + (outputBias ? 1 : 0);
            for (int m = 0; m < tail; m++) {
                a[m] = prior.fromWord(CounterRng.mix64(z0 + (long) (tailOffset + m) * CounterRng.GAMMA));
            }
            for (int j = 0; j < hh; j++) {
                sumAbsA += Math.abs(a[j]);
            }
            double c = outputBias ? a[hh] : 0.0;
            int mistakes = 0;
            boolean rejected = false;
            boolean completed = false;
            for (int p = 0; p < nn; p++) {
                double f = 0;
                double fa = 0;
                int lr = p * nn;
                for (int j = 0; j < hh; j++) {
                    int gr = j * nn;
                    g[gr + p] = ProjectedGaussian.standardNormal(
                            CounterRng.mix64(z0 + (long) (gr + p) * CounterRng.GAMMA));
                    double s = 0;
                    for (int k = 0; k <= p; k++) {
                        s += l[lr + k] * g[gr + k];
                    }
                    double z = std * s;
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
                } else {
                    fallbacks++;
                    if (!completed) {
                        candidates.fill(i, full, 0);
                        completed = true;
                    }
                    label = Architecture.label(arch.output(full, 0, train.x, p * train.dim, scratch));
                }
                if (label != y[p] && ++mistakes > maxTrainErrors) {
                    rejected = true;
                    break;
                }
            }
            if (!rejected) {
                accepted.add(i, mistakes);
            }
        }
        return accepted.build();
    }
}
