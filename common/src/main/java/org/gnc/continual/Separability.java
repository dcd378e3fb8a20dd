package org.gnc.continual;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

/**
 * Decides whether the offline max-margin problem {w : a_i.w >= 1 for every row} is feasible, with a
 * finite linear program (commons-math3's simplex), so that an infeasible family is reported instead
 * of sent to the dual method, whose multipliers would grow without bound.
 *
 * <p>LP: maximize t over (w, t) subject to a_i.w >= t for every i, -1 <= w_j <= 1, t <= 1. The
 * polyhedron is non-empty iff t* > 0 (then w/t* is feasible; conversely a feasible w scaled into the
 * box gives t > 0). {@link #margin} returns t*, the best margin of a linear separator in the unit
 * L-infinity ball; {@link #separable} tests t* > {@value #RELATIVE_EPS} * max_i ||a_i||_1, the
 * scale below which t* cannot be told from 0 in double precision.
 */
public final class Separability {
    /** Relative threshold on t* (see the class comment). */
    public static final double RELATIVE_EPS = 1e-9;

    private Separability() {
    }

    /** t* of the class comment for the rows of the row-major {@code a} (n x d). */
    public static double margin(double[] a, int d) {
        int n = a.length / d;
        double[] obj = new double[d + 1];
        obj[d] = 1;
        List<LinearConstraint> cons = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] row = new double[d + 1];
            System.arraycopy(a, i * d, row, 0, d);
            row[d] = -1;
            cons.add(new LinearConstraint(row, Relationship.GEQ, 0));
        }
        for (int j = 0; j <= d; j++) {
            double[] e = new double[d + 1];
            e[j] = 1;
            cons.add(new LinearConstraint(e, Relationship.LEQ, 1));
            if (j < d) {
                cons.add(new LinearConstraint(e, Relationship.GEQ, -1));
            }
        }
        PointValuePair p = new SimplexSolver().optimize(new MaxIter(1_000_000),
                new LinearObjectiveFunction(obj, 0), new LinearConstraintSet(cons), GoalType.MAXIMIZE,
                new NonNegativeConstraint(false));
        return p.getValue();
    }

    /** Whether {a_i.w >= 1 for every row} is non-empty (t* above the rounding threshold). */
    public static boolean separable(double[] a, int d) {
        double scale = 0;
        for (int i = 0; i < a.length / d; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += Math.abs(a[i * d + j]);
            }
            scale = Math.max(scale, s);
        }
        return scale > 0 && margin(a, d) > RELATIVE_EPS * scale;
    }
}
