package org.gnc.sample;

import org.gnc.data.CellData;
import org.gnc.data.TeacherStudentGenerator;
import org.gnc.spec.CellSpec;
import org.gnc.spec.DataSpec;
import org.gnc.stats.AcceptanceStatistics;
import org.gnc.theory.Bounds;
import org.gnc.theory.PacBayesBound;
import org.gnc.theory.TeacherEquivalence;

/**
 * The {@link Bounds} of a cell, from its spec, data and result. The PAC-Bayes bound uses the exact
 * acceptance probability for exact cells and the Clopper-Pearson lower end (delta split in two, see
 * {@link PacBayesBound}) for sampled ones, with n = the training-set size and empirical error at most
 * max-train-errors / n; it is null when nothing was attempted. ln p* needs teacher-student data and a
 * finite student prior that can represent the teacher ({@link TeacherEquivalence}); the teacher fits the
 * data with no mistake, so p* bounds the acceptance probability for any max-train-errors. eps(n) assumes
 * interpolation and is null when max-train-errors &gt; 0.
 */
public final class CellBounds {
    private CellBounds() {
    }

    /** Bounds of a sampled cell. */
    public static Bounds sampled(CellSpec cell, CellData data, AcceptanceStatistics a, double delta) {
        int n = data.train().size();
        double pac = a.attempts() == 0 ? Double.NaN
                : PacBayesBound.sampled(a.accepted(), a.attempts(), cell.maxTrainErrors(), n, delta);
        return withPStar(cell, data, pac, delta);
    }

    /** Bounds of an exactly enumerated cell. */
    public static Bounds exact(CellSpec cell, CellData data, ExactPosterior e, double delta) {
        double pac = PacBayesBound.exact(e.interpolators(), e.configurations(), cell.maxTrainErrors(),
                data.train().size(), delta);
        return withPStar(cell, data, pac, delta);
    }

    /**
     * The bounds of a cell that are properties of the cell alone (ln p*, eps(n)), with no PAC-Bayes bound:
     * for rows, such as trained networks, that are not draws from the Guess &amp; Check posterior.
     */
    public static Bounds teacherOnly(CellSpec cell, CellData data, double delta) {
        return withPStar(cell, data, Double.NaN, delta);
    }

    /** The teacher-equivalence count of a cell (not applicable without a known teacher). */
    public static TeacherEquivalence.PStar pStar(CellSpec cell, CellData data) {
        if (!(cell.data() instanceof DataSpec.TeacherStudent ts)) {
            return new TeacherEquivalence.PStar(Double.NaN, "the teacher is unknown (data.kind = "
                    + cell.data().kind() + ")");
        }
        double[] teacher = TeacherStudentGenerator.teacherWeights(ts, data.teacherRedraws());
        return TeacherEquivalence.logPStar(ts.teacher().architecture(ts.dim()), teacher,
                cell.student().architecture(ts.dim()), cell.student().prior());
    }

    private static Bounds withPStar(CellSpec cell, CellData data, double pac, double delta) {
        double logPStar = pStar(cell, data).logPStar();
        double eps = Double.isNaN(logPStar) || cell.maxTrainErrors() > 0 ? Double.NaN
                : TeacherEquivalence.epsilon(logPStar, data.train().size(), delta);
        return new Bounds(pac, logPStar, eps, delta);
    }
}
