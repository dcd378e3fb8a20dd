package org.gnc.kernel;

import org.gnc.data.Dataset;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.NormalBrackets;
import org.gnc.model.Prior;
import org.gnc.model.ProjectedGaussian;
import org.gnc.model.Rounding;
import org.gnc.simd.VectorModule;

/**
 * The per-cell part of {@link ProjectedGaussianFilter}: everything computed once from the cell's
 * projected encoding, prior and training points, and nothing that changes while candidates are
 * scanned. The training points in the encoding's pivot order, the Cholesky factor L and |L|, the bound
 * E and gamma of the exact path, the bracket tables and the constants of the bracket path (rel,
 * 1 + rel, (1 + rel) / 2, rel |s| Q, C_p and the threshold factors; the filter's class comment derives
 * them), and the path that runs.
 *
 * <p>Immutable: no field or array is written after the constructor returns, so one layout may serve
 * the scanners ({@link ProjectedGaussianFilter#ProjectedGaussianFilter(ProjectedGaussianLayout)}) of
 * many threads. The arrays are package-private for the scanner and its Vector API form, which copy
 * them into final fields of their own.
 */
public final class ProjectedGaussianLayout {
    final CandidateWeights candidates;
    final Prior prior;
    final Architecture arch;
    /** The training points in the encoding's row order: point p is training point proj.point(p). */
    final Points train;
    final int maxTrainErrors;
    final long key;
    final int n;
    final int hidden;
    final boolean outputBias;
    final double std;
    final int tailOffset;
    /** Lower Cholesky factor, row-major n x n. */
    final double[] l;
    /** E (times the bound scale) and gamma of the exact path. */
    final double unitBound;
    final double gamma;
    /** Bracket tables (copies of {@link NormalBrackets}) and the shift that reads a word's bucket. */
    final double[] mid;
    final double[] rad;
    final int shift;
    /** |s|, the relative slack rel, 1 + rel, (1 + rel) / 2, rel |s| MAX_ABS. */
    final double absStd;
    final double rel;
    final double up;
    final double half;
    final double relQ;
    /** |L[p][k]| and the per-point rounding allowance C_p of a pre-activation. */
    final double[] absL;
    final double[] cp;
    /** Threshold factors: 2 (1 + gamma) E on sum |a|, rel + 4 gamma on the magnitude. */
    final double eaFactor;
    final double magFactor;
    /** The path the scanners run. */
    final ProjectedGaussianFilter.Path path;

    /** The layout of a cell whose candidates use the projected encoding: the proven bound, the fastest path. */
    public ProjectedGaussianLayout(CandidateWeights candidates, Dataset train, int maxTrainErrors) {
        this(candidates, train, maxTrainErrors, 1.0, null, NormalBrackets.standard());
    }

    /**
     * As the public constructor, with the bound multiplied by {@code boundScale} (tests force fallbacks),
     * the path forced ({@code null}: the fastest available; VECTOR falls back to SCALAR where the Vector
     * API is absent or the width is not a multiple of its lanes) and the given brackets.
     */
    ProjectedGaussianLayout(CandidateWeights candidates, Dataset train, int maxTrainErrors, double boundScale,
                            ProjectedGaussianFilter.Path path, NormalBrackets brackets) {
        ProjectedGaussian proj = candidates.projected();
        if (proj == null) {
            throw new IllegalArgumentException("ProjectedGaussianFilter needs candidates in the projected encoding");
        }
        this.candidates = candidates;
        this.prior = candidates.prior();
        this.arch = candidates.architecture();
        if (train.size() != proj.points()) {
            throw new IllegalArgumentException("the projected encoding was built for " + proj.points()
                    + " training points, the filter got " + train.size());
        }
        // Point p of this filter is row p of the encoding: training point proj.point(p).
        int[] rows = new int[proj.points()];
        for (int p = 0; p < rows.length; p++) {
            rows[p] = proj.point(p);
        }
        this.train = new Points(train.rows(rows), arch, "training");
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
        this.gamma = (hidden + 1) * Rounding.U_DOUBLE * boundScale;

        this.mid = brackets.mids();
        this.rad = brackets.radii();
        this.shift = 64 - brackets.bits();
        this.absStd = Math.abs(std);
        this.rel = 16.0 * (n + hidden + 8) * Rounding.U_DOUBLE;
        this.up = 1 + rel;
        this.half = 0.5 * up;
        this.relQ = rel * absStd * NormalBrackets.MAX_ABS;
        this.absL = new double[n * n];
        this.cp = new double[n];
        for (int p = 0; p < n; p++) {
            double s = 0;
            for (int k = 0; k <= p; k++) {
                absL[p * n + k] = Math.abs(l[p * n + k]);
                s += absL[p * n + k];
            }
            cp[p] = rel * absStd * NormalBrackets.MAX_ABS * s;
        }
        this.eaFactor = 2 * (1 + gamma) * unitBound;
        this.magFactor = rel + 4 * gamma;
        ProjectedGaussianFilter.Path chosen = path == null ? ProjectedGaussianFilter.Path.VECTOR : path;
        // The module check comes first: without the module, ProjectedGaussianVector cannot even be initialized.
        int lanes = chosen == ProjectedGaussianFilter.Path.VECTOR && VectorModule.present()
                ? ProjectedGaussianVector.lanes() : 0;
        if (chosen == ProjectedGaussianFilter.Path.VECTOR && (lanes == 0 || hidden % lanes != 0)) {
            chosen = ProjectedGaussianFilter.Path.SCALAR;
        }
        this.path = chosen;
    }
}
