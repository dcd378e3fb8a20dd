package org.gnc.continual;

import org.gnc.simd.Nd4jThreads;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Weakly regularized continual training, the process SMM is the limit of (Evron et al. 2023): task
 * t is learned from the previous weights by minimizing
 * F_t(w) = sum_{i in S_tau(t)} log(1 + exp(-y_i w.x_i)) + (lambda/2) ||w - w_{t-1}||^2, w_0 = 0.
 * As lambda -> 0, w_t(lambda) / ln(1/lambda) -> the SMM iterate w_t, so {@link #normalized} of the
 * result is what is compared with SMM.
 *
 * <p><b>Solver.</b> Damped Newton's method in ND4J (double precision), starting at w_{t-1}: the
 * step p solves (A^T D A + lambda I) p = -grad F_t(w), D = diag(sigma(m_i) sigma(-m_i)), and is
 * shortened by halving until the Armijo condition F_t(w + a p) <= F_t(w) + a grad.p / 4 holds.
 * (Plain gradient descent needs on the order of 1/lambda steps here, since F_t's curvature is only
 * lambda along the directions that grow the margins; Newton's method needs a few dozen.) F_t is
 * lambda-strongly convex, so ||w - argmin F_t|| <= ||grad F_t(w)|| / lambda; the method stops when
 * ||grad F_t(w)|| <= eps lambda, which certifies that the returned point is within {@code eps} of the
 * exact minimizer, and throws if that takes more than {@code maxIterations} Newton steps. ND4J is
 * pinned to one thread (one Spark task, one core).
 */
public final class RegularizedLogistic {
    private RegularizedLogistic() {
    }

    /** The minimizer of F_t from {@code wPrev} for task {@code m} of the family, within {@code eps}. */
    public static double[] step(TaskFamily family, int m, double[] wPrev, double lambda, double eps, int maxIterations) {
        Nd4jThreads.pinToOne();
        int d = family.dim();
        int n = family.task(m).size();
        INDArray a = Nd4j.create(family.constraints(m), new long[] {n, d}, 'c').castTo(DataType.DOUBLE);
        INDArray at = a.transpose().dup();
        INDArray prev = Nd4j.createFromArray(wPrev).reshape(d, 1);
        INDArray w = prev.dup();
        for (int it = 0; it < maxIterations; it++) {
            INDArray margins = a.mmul(w);
            INDArray g = at.mmul(Transforms.sigmoid(margins.neg(), true)).negi().addi(w.sub(prev).muli(lambda));
            if (g.norm2Number().doubleValue() <= eps * lambda) {
                return w.data().asDouble();
            }
            INDArray p1 = Transforms.sigmoid(margins, true);
            INDArray curvature = p1.mul(p1.rsub(1)); // sigma(m) sigma(-m)
            INDArray h = at.mulRowVector(curvature.reshape(1, n)).mmul(a).addi(Nd4j.eye(d).castTo(DataType.DOUBLE).muli(lambda));
            INDArray p = Nd4j.createFromArray(choleskySolve(h.toDoubleMatrix(), g.data().asDouble())).reshape(d, 1).negi();
            double slope = g.mul(p).sumNumber().doubleValue();
            double f0 = objective(a, w, prev, lambda);
            double alpha = 1;
            while (alpha > 1e-12 && objective(a, w.add(p.mul(alpha)), prev, lambda) > f0 + alpha * slope / 4) {
                alpha /= 2;
            }
            w = w.add(p.mul(alpha));
        }
        throw new IllegalStateException("regularized logistic step did not reach gradient norm " + eps * lambda
                + " in " + maxIterations + " Newton steps (lambda " + lambda + ")");
    }

    /** F_t(w) with log(1 + exp(-m)) computed as max(-m, 0) + log1p(exp(-|m|)). */
    private static double objective(INDArray a, INDArray w, INDArray prev, double lambda) {
        double[] m = a.mmul(w).data().asDouble();
        double loss = 0;
        for (double v : m) {
            loss += Math.max(-v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
        }
        double reg = w.sub(prev).norm2Number().doubleValue();
        return loss + lambda / 2 * reg * reg;
    }

    /** w_t(lambda) for the steps of {@code tau}, from w_0 = 0: the last iterate. */
    public static double[] run(TaskFamily family, int[] tau, double lambda, double eps, int maxIterations) {
        double[] w = new double[family.dim()];
        for (int m : tau) {
            w = step(family, m, w, lambda, eps, maxIterations);
        }
        return w;
    }

    /** w / ln(1/lambda): the scaling under which the regularized iterate approaches SMM's. */
    public static double[] normalized(double[] w, double lambda) {
        double s = Math.log(1 / lambda);
        double[] out = w.clone();
        for (int j = 0; j < out.length; j++) {
            out[j] /= s;
        }
        return out;
    }

    /**
     * Solves h x = b for a symmetric positive definite h (Cholesky, h = L L^T). Pivots below 1e-13
     * times the largest diagonal entry (rounding, when lambda is far below the largest curvature) are
     * raised to that floor: a modified Cholesky, so the Newton direction stays a descent direction;
     * the stopping certificate (the gradient norm) does not depend on it.
     */
    static double[] choleskySolve(double[][] h, double[] b) {
        int d = b.length;
        double maxDiag = 0;
        for (int i = 0; i < d; i++) {
            maxDiag = Math.max(maxDiag, h[i][i]);
        }
        double floor = 1e-13 * maxDiag;
        double[][] l = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = h[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (Double.isNaN(s)) {
                        throw new IllegalStateException("Hessian has a NaN pivot");
                    }
                    l[i][i] = Math.sqrt(Math.max(s, floor));
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        double[] y = new double[d];
        for (int i = 0; i < d; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * y[k];
            }
            y[i] = s / l[i][i];
        }
        double[] x = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < d; k++) {
                s -= l[k][i] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }
}
