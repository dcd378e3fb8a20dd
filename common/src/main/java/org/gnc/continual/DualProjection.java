package org.gnc.continual;

/**
 * The exact Euclidean projection of a point w0 onto a polyhedron {w : a_i.w >= 1, i = 1..n}, by
 * Hildreth's method (coordinate ascent on the dual).
 *
 * <p><b>Problem.</b> minimize (1/2)||w - w0||^2 subject to a_i.w >= 1. Its Lagrangian dual is
 * maximize D(lambda) = sum_i lambda_i (1 - a_i.w0) - (1/2)||sum_i lambda_i a_i||^2 over lambda >= 0,
 * with the primal point recovered as w(lambda) = w0 + sum_i lambda_i a_i.
 *
 * <p><b>Method.</b> Start from lambda = 0, w = w0. A sweep visits i = 1..n in order and maximizes D
 * exactly in lambda_i: delta = max(-lambda_i, (1 - a_i.w) / ||a_i||^2), lambda_i += delta,
 * w += delta a_i. Stationarity w = w0 + sum lambda_i a_i and dual feasibility lambda >= 0 hold
 * exactly (up to rounding) after every update; the sweeps drive the two remaining KKT conditions
 * to zero (Hildreth 1957; linear convergence for a feasible polyhedron).
 *
 * <p><b>KKT tolerance.</b> After each sweep the residual
 * {@code kkt = max( max_i (1 - a_i.w)_+ , max_i lambda_i ||a_i|| |a_i.w - 1| )}
 * (primal infeasibility in margin units; complementary slackness weighted by the length
 * lambda_i ||a_i|| of constraint i's contribution to w - w0) is computed; the method stops as soon
 * as kkt <= tol. If that does not happen within {@code maxSweeps} sweeps (for instance because the
 * polyhedron is empty and the dual is unbounded), it throws {@link NotConverged} rather than
 * looping. A row a_i = 0 makes the polyhedron empty (0 >= 1) and is refused at once.
 *
 * <p>The offline max-margin solution w* (min ||w|| subject to every constraint of every task) is
 * the same projection with w0 = 0. Stateless; the result is immutable.
 */
public final class DualProjection {

    /** A projection: the point, the dual multipliers, the sweeps used and the final KKT residual. */
    public record Result(double[] w, double[] lambda, long sweeps, double kkt) {
        public Result {
            w = w.clone();
            lambda = lambda.clone();
        }

        @Override
        public double[] w() {
            return w.clone();
        }

        @Override
        public double[] lambda() {
            return lambda.clone();
        }
    }

    /** The projection did not reach the KKT tolerance within the sweep budget. */
    public static final class NotConverged extends RuntimeException {
        public NotConverged(String message) {
            super(message);
        }
    }

    private DualProjection() {
    }

    /**
     * Projects {@code w0} onto {a_i.w >= 1} for the rows of the row-major {@code a} (n x w0.length).
     *
     * @throws NotConverged          after {@code maxSweeps} sweeps without kkt <= tol
     * @throws IllegalArgumentException on a zero row (the polyhedron is empty) or a shape mismatch
     */
    public static Result project(double[] w0, double[] a, double tol, long maxSweeps) {
        int d = w0.length;
        if (d == 0 || a.length % d != 0) {
            throw new IllegalArgumentException("constraint rows hold " + a.length + " values, not a multiple of "
                    + "the dimension " + d);
        }
        int n = a.length / d;
        double[] sq = new double[n];
        double[] norm = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += a[i * d + j] * a[i * d + j];
            }
            if (s == 0) {
                throw new IllegalArgumentException("constraint " + i + " has a zero row: 0 >= 1 cannot hold, so the "
                        + "feasible set is empty (an example with all features 0)");
            }
            sq[i] = s;
            norm[i] = Math.sqrt(s);
        }
        double[] w = w0.clone();
        double[] lambda = new double[n];
        double kkt = residual(w, lambda, a, norm, d);
        long sweeps = 0;
        while (kkt > tol) {
            if (sweeps >= maxSweeps) {
                throw new NotConverged("the projection did not reach KKT residual " + tol + " in " + maxSweeps
                        + " dual sweeps (residual " + kkt + "); the constraints may be infeasible or badly conditioned");
            }
            for (int i = 0; i < n; i++) {
                double m = dot(a, i, w, d);
                double delta = Math.max(-lambda[i], (1 - m) / sq[i]);
                if (delta != 0) {
                    lambda[i] += delta;
                    for (int j = 0; j < d; j++) {
                        w[j] += delta * a[i * d + j];
                    }
                }
            }
            sweeps++;
            kkt = residual(w, lambda, a, norm, d);
        }
        return new Result(w, lambda, sweeps, kkt);
    }

    /** The KKT residual of the class comment for a point w = w0 + sum lambda_i a_i. */
    public static double residual(double[] w, double[] lambda, double[] a, double[] rowNorms, int d) {
        double r = 0;
        for (int i = 0; i < lambda.length; i++) {
            double slack = dot(a, i, w, d) - 1;
            r = Math.max(r, Math.max(-slack, lambda[i] * rowNorms[i] * Math.abs(slack)));
        }
        return r;
    }

    static double dot(double[] a, int row, double[] w, int d) {
        double s = 0;
        int o = row * d;
        for (int j = 0; j < d; j++) {
            s += a[o + j] * w[j];
        }
        return s;
    }
}
