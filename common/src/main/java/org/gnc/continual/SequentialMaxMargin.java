package org.gnc.continual;

import java.util.ArrayList;
import java.util.List;
import org.gnc.data.Dataset;

/**
 * Sequential max-margin (SMM) on a task family: w_0 = 0 and w_t = P_{C_tau(t)}(w_{t-1}), the exact
 * projection of the previous weights onto the feasible set of step t's task
 * (C_m = {w : y_i w.x_i >= 1 for all i in task m}), each solved by {@link DualProjection} to KKT
 * residual {@code tol}. Records a {@link StepRecord} per step. Deterministic; no shared state.
 */
public final class SequentialMaxMargin {

    /** A finished run: one record per step, the iterates w_1..w_k when kept, and w_k. */
    public record Run(List<StepRecord> steps, List<double[]> iterates, double[] last) {
        public Run {
            steps = List.copyOf(steps);
            iterates = List.copyOf(iterates);
            last = last.clone();
        }

        @Override
        public double[] last() {
            return last.clone();
        }
    }

    private SequentialMaxMargin() {
    }

    /** The offline max-margin solution w* = argmin ||w|| over the intersection of all tasks' feasible sets. */
    public static DualProjection.Result offlineOptimum(TaskFamily family, double tol, long maxSweeps) {
        return DualProjection.project(new double[family.dim()], family.unionConstraints(), tol, maxSweeps);
    }

    /**
     * Runs SMM along {@code tau} (0-based task indices), measuring against {@code wStar}.
     *
     * @param keepIterates whether to return every iterate (tests); the job does not
     */
    public static Run run(TaskFamily family, int[] tau, double[] wStar, double tol, long maxSweeps,
                          boolean keepIterates) {
        int tasks = family.count();
        int d = family.dim();
        double[][] cons = new double[tasks][];
        for (int m = 0; m < tasks; m++) {
            cons[m] = family.constraints(m);
        }
        long[] visits = new long[tasks];
        double[] w = new double[d];
        List<StepRecord> records = new ArrayList<>(tau.length);
        List<double[]> iterates = new ArrayList<>();
        for (int s = 0; s < tau.length; s++) {
            int m = tau[s];
            DualProjection.Result p = DualProjection.project(w, cons[m], tol, maxSweeps);
            w = p.w();
            visits[m]++;
            double forgetting = 0;
            double maxViolation = 0;
            double[] errors = new double[tasks];
            double errorSum = 0;
            int seen = 0;
            for (int j = 0; j < tasks; j++) {
                if (visits[j] == 0) {
                    errors[j] = Double.NaN;
                    continue;
                }
                double v = violation(cons[j], w, d);
                forgetting += visits[j] * v * v;
                maxViolation = Math.max(maxViolation, v);
                errors[j] = trainError(family.task(j), w);
                errorSum += errors[j];
                seen++;
            }
            records.add(new StepRecord(s + 1, m, forgetting / (s + 1), maxViolation, errors, errorSum / seen,
                    distance(w, wStar), Math.sqrt(dot(w, w)), p.sweeps()));
            if (keepIterates) {
                iterates.add(w.clone());
            }
        }
        return new Run(records, iterates, w);
    }

    /** max_i (1 - a_i.w)_+ over the rows of {@code a}: how far w is from satisfying a task's margins. */
    public static double violation(double[] a, double[] w, int d) {
        double v = 0;
        for (int i = 0; i < a.length / d; i++) {
            v = Math.max(v, 1 - DualProjection.dot(a, i, w, d));
        }
        return v;
    }

    /** The fraction of a task's examples misclassified by sign(w.x) (label +1 iff w.x > 0). */
    public static double trainError(Dataset t, double[] w) {
        double[] x = t.features();
        int d = t.dim();
        int wrong = 0;
        for (int i = 0; i < t.size(); i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += x[i * d + j] * w[j];
            }
            if ((s > 0 ? 1 : -1) != t.label(i)) {
                wrong++;
            }
        }
        return (double) wrong / t.size();
    }

    public static double distance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (a[j] - b[j]) * (a[j] - b[j]);
        }
        return Math.sqrt(s);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }
}
