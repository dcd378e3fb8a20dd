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
 * What a cell's {@link Bounds} need of the cell, computed once when the cell is set up: the training-set
 * size n, max-train-errors m, ln p*, eps(n) and delta. Each kind of result then adds its PAC-Bayes bound:
 * {@link #sampled} from the Clopper-Pearson lower end of the acceptance rate (delta split in two, see
 * {@link PacBayesBound}; NaN when nothing was attempted), {@link #exact} from the exact acceptance
 * probability, {@link #estimated} from an estimate ln p-hat (sequential Monte Carlo; the PAC-Bayes formula
 * with p-hat in place of p, an estimate and not a certified bound), {@link #teacherOnly} none (for rows,
 * such as trained networks, that are not draws from the Guess &amp; Check posterior). The empirical error
 * is at most m / n.
 *
 * <p>ln p* needs teacher-student data and a finite student prior that can represent the teacher
 * ({@link TeacherEquivalence}); the teacher fits the data with no mistake, so p* bounds the acceptance
 * probability for any m. eps(n) assumes interpolation and is NaN when m &gt; 0. NaN means "does not apply"
 * (written as null). Every {@link Bounds} made from it checks 0 &lt; delta &lt; 1. Immutable and
 * serializable (it travels with the cell's sampler).
 */
public record CellBounds(int trainSize, int maxTrainErrors, double logPStar, double pStarEpsilon, double delta)
        implements java.io.Serializable {

    /** The bounds of {@code cell} on {@code data} at confidence 1 - {@code delta}. */
    public static CellBounds of(CellSpec cell, CellData data, double delta) {
        int n = data.train().size();
        double logPStar = pStar(cell, data).logPStar();
        double eps = Double.isNaN(logPStar) || cell.maxTrainErrors() > 0 ? Double.NaN
                : TeacherEquivalence.epsilon(logPStar, n, delta);
        return new CellBounds(n, cell.maxTrainErrors(), logPStar, eps, delta);
    }

    /** Bounds of a sampled cell with acceptance statistics {@code a}. */
    public Bounds sampled(AcceptanceStatistics a) {
        return withPacBayes(a.attempts() == 0 ? Double.NaN
                : PacBayesBound.sampled(a.accepted(), a.attempts(), maxTrainErrors, trainSize, delta));
    }

    /** Bounds of an exactly enumerated cell. */
    public Bounds exact(ExactPosterior e) {
        return withPacBayes(PacBayesBound.exact(e.interpolators(), e.configurations(), maxTrainErrors, trainSize,
                delta));
    }

    /**
     * Bounds of a cell whose acceptance probability is estimated as ln p-hat = {@code logAcceptance}
     * (sequential Monte Carlo): {@code PacBayesBound.bound(-logAcceptance, m, n, delta)}, the whole delta to
     * the PAC-Bayes step. Not a certified bound: nothing of delta is spent on the error of p-hat, whose
     * interval is only the spread between replicates; it is the bound p-hat would give if it were p.
     * ln p-hat = -infinity (every replicate died) gives 1, the vacuous bound; NaN gives NaN.
     */
    public Bounds estimated(double logAcceptance) {
        return withPacBayes(Double.isNaN(logAcceptance) ? Double.NaN
                : PacBayesBound.bound(-logAcceptance, maxTrainErrors, trainSize, delta));
    }

    /** The bounds that are properties of the cell alone (ln p*, eps(n)), with no PAC-Bayes bound. */
    public Bounds teacherOnly() {
        return withPacBayes(Double.NaN);
    }

    /** {@code of(cell, data, delta).sampled(a)}. */
    public static Bounds sampled(CellSpec cell, CellData data, AcceptanceStatistics a, double delta) {
        return of(cell, data, delta).sampled(a);
    }

    /** {@code of(cell, data, delta).exact(e)}. */
    public static Bounds exact(CellSpec cell, CellData data, ExactPosterior e, double delta) {
        return of(cell, data, delta).exact(e);
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

    private Bounds withPacBayes(double pacBayesBound) {
        return new Bounds(pacBayesBound, logPStar, pStarEpsilon, delta);
    }
}
