package org.gnc.recon;

import java.util.Arrays;

/**
 * Non-negative least squares in normal-equation form: the mu &gt;= 0 minimizing mu^T K mu - 2 q^T mu for a
 * symmetric positive semi-definite K (n x n, row-major), which is min ||theta - J mu||^2 for K = J^T J and
 * q = J^T theta without forming J. Lawson and Hanson's active-set method: a variable enters the passive
 * set while the negative half-gradient w = q - K mu has a positive entry outside it; the passive
 * subproblem K_PP s = q_P is solved by Cholesky (with a jitter of 1e-12 trace / n on the diagonal, so a
 * rank-deficient K still solves), and a step back to the feasible boundary drops variables that would go
 * negative. At the end mu is feasible and w_j &lt;= tol outside the passive set (the KKT conditions of the
 * problem up to tol). Stateless.
 */
public final class Nnls {
    private Nnls() {
    }

    /** The solution mu &gt;= 0; {@code tol} bounds the remaining positive gradient. */
    public static double[] solve(double[] k, double[] q, double tol) {
        int n = q.length;
        double[] mu = new double[n];
        boolean[] passive = new boolean[n];
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += k[i * n + i];
        }
        double jitter = 1e-12 * Math.max(trace, 1e-300) / Math.max(n, 1);
        for (int outer = 0; outer < 3 * n + 10; outer++) {
            double[] g = gradient(k, q, mu);
            int enter = -1;
            for (int j = 0; j < n; j++) {
                if (!passive[j] && g[j] > tol && (enter < 0 || g[j] > g[enter])) {
                    enter = j;
                }
            }
            if (enter < 0) {
                break;
            }
            passive[enter] = true;
            for (int inner = 0; inner < 3 * n + 10; inner++) {
                double[] s = solvePassive(k, q, passive, jitter);
                double step = 1;
                int blocking = -1;
                for (int j = 0; j < n; j++) {
                    if (passive[j] && s[j] <= 0) {
                        double t = mu[j] / (mu[j] - s[j]);
                        if (t < step) {
                            step = t;
                            blocking = j;
                        }
                    }
                }
                if (blocking < 0) {
                    mu = s;
                    break;
                }
                for (int j = 0; j < n; j++) {
                    mu[j] += step * (s[j] - mu[j]);
                    if (passive[j] && (mu[j] <= 1e-300 || j == blocking)) {
                        mu[j] = 0;
                        passive[j] = false;
                    }
                }
            }
        }
        return mu;
    }

    /** q - K mu. */
    static double[] gradient(double[] k, double[] q, double[] mu) {
        int n = q.length;
        double[] g = q.clone();
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += k[i * n + j] * mu[j];
            }
            g[i] -= s;
        }
        return g;
    }

    /** The solution of K_PP s_P = q_P with s = 0 outside P. */
    private static double[] solvePassive(double[] k, double[] q, boolean[] passive, double jitter) {
        int n = q.length;
        int[] idx = new int[n];
        int p = 0;
        for (int j = 0; j < n; j++) {
            if (passive[j]) {
                idx[p++] = j;
            }
        }
        double[] l = new double[p * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = k[idx[i] * n + idx[j]] + (i == j ? jitter : 0);
                for (int t = 0; t < j; t++) {
                    sum -= l[i * p + t] * l[j * p + t];
                }
                l[i * p + j] = i == j ? Math.sqrt(Math.max(sum, jitter)) : sum / l[j * p + j];
            }
        }
        double[] y = new double[p];
        for (int i = 0; i < p; i++) {
            double sum = q[idx[i]];
            for (int t = 0; t < i; t++) {
                sum -= l[i * p + t] * y[t];
            }
            y[i] = sum / l[i * p + i];
        }
        double[] sp = new double[p];
        for (int i = p - 1; i >= 0; i--) {
            double sum = y[i];
            for (int t = i + 1; t < p; t++) {
                sum -= l[t * p + i] * sp[t];
            }
            sp[i] = sum / l[i * p + i];
        }
        double[] s = new double[n];
        Arrays.fill(s, 0);
        for (int i = 0; i < p; i++) {
            s[idx[i]] = sp[i];
        }
        return s;
    }
}
