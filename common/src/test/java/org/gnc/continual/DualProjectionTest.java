package org.gnc.continual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/** The dual projection against ojAlgo's QP solver, and its KKT conditions checked directly. */
class DualProjectionTest {

    /** ojAlgo's convex QP solver: min (1/2)||w - w0||^2 s.t. a_i.w >= 1. */
    static double[] ojalgo(double[] w0, double[] a) {
        int d = w0.length;
        ExpressionsBasedModel model = new ExpressionsBasedModel();
        Variable[] v = new Variable[d];
        for (int j = 0; j < d; j++) {
            v[j] = model.addVariable("w" + j);
        }
        Expression obj = model.addExpression("objective").weight(1);
        for (int j = 0; j < d; j++) {
            obj.set(v[j], v[j], 0.5);
            obj.set(v[j], -w0[j]);
        }
        for (int i = 0; i < a.length / d; i++) {
            Expression c = model.addExpression("c" + i).lower(1);
            for (int j = 0; j < d; j++) {
                c.set(v[j], a[i * d + j]);
            }
        }
        Optimisation.Result r = model.minimise();
        assertTrue(r.getState().isOptimal(), "ojAlgo: " + r.getState());
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = r.doubleValue(j);
        }
        return w;
    }

    @Test
    void matchesOjAlgoOnSeededTaskProjectionsAndTheOfflineOptimum() {
        int checked = 0;
        for (int rep = 0; rep < 6; rep++) {
            TaskFamily f = rep % 2 == 0 ? Instances.subspaces(3, 8, 6, 3, 11, rep) : Instances.covariances(3, 8, 6, 11, rep);
            double[] w0 = TaskGenerator.gaussians(org.gnc.rng.CounterRng.of(5, "w0", rep), f.dim());
            for (int m = 0; m < f.count(); m++) {
                double[] a = f.constraints(m);
                DualProjection.Result mine = DualProjection.project(w0, a, Instances.TOL, Instances.SWEEPS);
                double[] ref = ojalgo(w0, a);
                double scale = 1 + norm(ref);
                assertTrue(SequentialMaxMargin.distance(mine.w(), ref) <= 1e-6 * scale,
                        "rep " + rep + " task " + m + ": " + SequentialMaxMargin.distance(mine.w(), ref));
                checked++;
            }
            double[] wStar = SequentialMaxMargin.offlineOptimum(f, Instances.TOL, Instances.SWEEPS).w();
            double[] ref = ojalgo(new double[f.dim()], f.unionConstraints());
            assertTrue(SequentialMaxMargin.distance(wStar, ref) <= 1e-6 * (1 + norm(ref)), "w* rep " + rep);
        }
        assertEquals(18, checked);
    }

    @Test
    void kktConditionsHoldToTheStatedTolerance() {
        double tol = 1e-10;
        for (int rep = 0; rep < 8; rep++) {
            TaskFamily f = Instances.subspaces(2, 6, 9, 4, 3, rep);
            double[] w0 = TaskGenerator.gaussians(org.gnc.rng.CounterRng.of(9, "w0", rep), f.dim());
            double[] a = f.unionConstraints();
            DualProjection.Result r = DualProjection.project(w0, a, tol, Instances.SWEEPS);
            double[] w = r.w();
            double[] lambda = r.lambda();
            int d = f.dim();
            // stationarity: w = w0 + sum lambda_i a_i
            double[] rebuilt = w0.clone();
            for (int i = 0; i < lambda.length; i++) {
                assertTrue(lambda[i] >= 0, "dual feasibility");
                for (int j = 0; j < d; j++) {
                    rebuilt[j] += lambda[i] * a[i * d + j];
                }
            }
            assertTrue(SequentialMaxMargin.distance(rebuilt, w) <= 1e-9 * (1 + norm(w)), "stationarity");
            int active = 0;
            for (int i = 0; i < lambda.length; i++) {
                double slack = DualProjection.dot(a, i, w, d) - 1;
                assertTrue(slack >= -tol, "primal feasibility " + slack);
                double rowNorm = Math.sqrt(DualProjection.dot(a, i, slice(a, i, d), d));
                assertTrue(lambda[i] * rowNorm * Math.abs(slack) <= tol, "complementary slackness");
                if (lambda[i] > 0) {
                    active++;
                }
            }
            assertTrue(active >= 1 && r.kkt() <= tol, "w0 is infeasible, so some constraint is active");
            // optimality against perturbations: no feasible point nearby is closer to w0
            assertTrue(norm(sub(w, w0)) <= norm(sub(scaled(w, 1.01), w0)) + 1e-12);
        }
    }

    @Test
    void aFeasiblePointIsItsOwnProjection() {
        DualProjection.Result r = DualProjection.project(new double[] {3, 3}, Instances.twoLines().unionConstraints(),
                1e-12, 10);
        assertEquals(0, r.sweeps());
        assertEquals(3, r.w()[0]);
    }

    @Test
    void anInfeasibleSystemStopsAtTheSweepBudgetInsteadOfLooping() {
        double[] a = {1, 0, -1, 0}; // w1 >= 1 and -w1 >= 1
        DualProjection.NotConverged e = assertThrows(DualProjection.NotConverged.class,
                () -> DualProjection.project(new double[2], a, 1e-10, 10_000));
        assertTrue(e.getMessage().contains("infeasible"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DualProjection.project(new double[2], new double[] {0, 0},
                1e-10, 10));
    }

    static double[] slice(double[] a, int i, int d) {
        return java.util.Arrays.copyOfRange(a, i * d, i * d + d);
    }

    static double norm(double[] v) {
        return Math.sqrt(SequentialMaxMargin.dot(v, v));
    }

    static double[] sub(double[] a, double[] b) {
        double[] o = a.clone();
        for (int j = 0; j < o.length; j++) {
            o[j] -= b[j];
        }
        return o;
    }

    static double[] scaled(double[] a, double s) {
        double[] o = a.clone();
        for (int j = 0; j < o.length; j++) {
            o[j] *= s;
        }
        return o;
    }

}
