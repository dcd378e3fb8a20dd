package org.gnc.continual;

import java.util.ArrayList;
import java.util.List;
import org.gnc.data.Dataset;
import org.gnc.rng.CounterRng;
import org.gnc.spec.ContinualSpec;
import org.gnc.spec.ContinualSpec.InputKind;

/**
 * Generates a jointly separable task family, a pure function of (base seed, replicate s, settings).
 *
 * <p>A teacher direction u is drawn standard Gaussian in R^d (stream "continual-teacher"). Task m
 * draws its inputs from its own distribution: {@code subspace}: x = B_m z with z ~ N(0, I_r) and B_m
 * an orthonormal basis (Gram-Schmidt of a Gaussian d x r matrix) of a random r-dimensional subspace;
 * {@code covariance}: x = A_m g with g ~ N(0, I_d) and A_m a d x d matrix of N(0, 1/d) entries, so
 * cov(x) = A_m A_m^T. Labels follow the engine's rule y = +1 if u.x > 0, else -1, so every task is
 * separated by u, and {w : y_i w.x_i >= 1 for all i of all tasks} contains a multiple of u whenever
 * no input has u.x = 0 (probability 1). Gaussians are Phi^-1 of open uniforms of the counter-based
 * generator, each keyed by (task, example, coordinate), so one task never shifts another's draws.
 */
public final class TaskGenerator {
    private TaskGenerator() {
    }

    /** The family of replicate {@code replicate} of a config with base seed {@code seed}. */
    public static TaskFamily generate(ContinualSpec.Tasks.Generated g, long seed, int replicate) {
        CounterRng root = CounterRng.of(seed, "continual-family", replicate);
        int d = g.dim();
        double[] u = gaussians(root.child(0), d);
        List<Dataset> tasks = new ArrayList<>();
        for (int m = 0; m < g.count(); m++) {
            CounterRng taskRng = root.child(1 + m);
            double[] map; // d x k, row-major: x = map * z
            int k;
            if (g.input() == InputKind.SUBSPACE) {
                k = g.subspaceDim();
                map = orthonormalColumns(gaussians(taskRng.child(0), d * k), d, k);
            } else {
                k = d;
                map = gaussians(taskRng.child(0), d * d);
                double s = 1 / Math.sqrt(d);
                for (int i = 0; i < map.length; i++) {
                    map[i] *= s;
                }
            }
            double[] x = new double[g.size() * d];
            int[] y = new int[g.size()];
            for (int i = 0; i < g.size(); i++) {
                double[] z = gaussians(taskRng.child(1 + i), k);
                double dot = 0;
                for (int r = 0; r < d; r++) {
                    double v = 0;
                    for (int c = 0; c < k; c++) {
                        v += map[r * k + c] * z[c];
                    }
                    x[i * d + r] = v;
                    dot += u[r] * v;
                }
                y[i] = dot > 0 ? 1 : -1;
            }
            tasks.add(new Dataset(d, x, y));
        }
        return new TaskFamily(tasks);
    }

    /** n standard Gaussians from words 0..n-1 of {@code rng}. */
    static double[] gaussians(CounterRng rng, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = CounterRng.standardNormal(rng.word(i));
        }
        return out;
    }

    /** Gram-Schmidt (twice, for stability) on the k columns of a row-major d x k matrix. */
    static double[] orthonormalColumns(double[] m, int d, int k) {
        double[] q = m.clone();
        for (int c = 0; c < k; c++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int p = 0; p < c; p++) {
                    double dot = 0;
                    for (int r = 0; r < d; r++) {
                        dot += q[r * k + c] * q[r * k + p];
                    }
                    for (int r = 0; r < d; r++) {
                        q[r * k + c] -= dot * q[r * k + p];
                    }
                }
            }
            double norm = 0;
            for (int r = 0; r < d; r++) {
                norm += q[r * k + c] * q[r * k + c];
            }
            norm = Math.sqrt(norm);
            for (int r = 0; r < d; r++) {
                q[r * k + c] /= norm;
            }
        }
        return q;
    }
}
