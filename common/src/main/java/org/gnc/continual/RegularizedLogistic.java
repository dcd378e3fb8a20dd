package org.gnc.continual;

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
 * <p><b>Solver.</b> Gradient descent in ND4J (double precision) with Barzilai-Borwein step sizes
 * s.s / s.y, clamped to [1/L, 1/lambda] with L = ||A||_F^2 / 4 + lambda (an upper bound on the
 * curvature), starting at w_{t-1}. F_t is lambda-strongly convex, so
 * ||w - argmin F_t|| <= ||grad F_t(w)|| / lambda; the method stops when ||grad F_t(w)|| <= eps lambda,
 * which certifies that the returned point is within {@code eps} of the exact minimizer, and throws
 * if that takes more than {@code maxIterations} steps. ND4J is pinned to one thread (one Spark task,
 * one core).
 */
public final class RegularizedLogistic {
    private static volatile boolean pinned;

    private RegularizedLogistic() {
    }

    /** Limits ND4J's native thread pools and BLAS to one thread (idempotent). */
    public static void pinToOneThread() {
        if (!pinned) {
            synchronized (RegularizedLogistic.class) {
                if (!pinned) {
                    Nd4j.getEnvironment().setMaxThreads(1);
                    Nd4j.getEnvironment().setMaxMasterThreads(1);
                    Nd4j.factory().blas().setMaxThreads(1);
                    pinned = true;
                }
            }
        }
    }

    /** The minimizer of F_t from {@code wPrev} for task {@code m} of the family, within {@code eps}. */
    public static double[] step(TaskFamily family, int m, double[] wPrev, double lambda, double eps, int maxIterations) {
        pinToOneThread();
        int d = family.dim();
        int n = family.task(m).size();
        INDArray a = Nd4j.create(family.constraints(m), new long[] {n, d}, 'c').castTo(DataType.DOUBLE);
        INDArray at = a.transpose().dup();
        INDArray prev = Nd4j.createFromArray(wPrev).reshape(d, 1);
        double lipschitz = a.norm2Number().doubleValue();
        lipschitz = lipschitz * lipschitz / 4 + lambda;
        INDArray w = prev.dup();
        INDArray g = gradient(a, at, w, prev, lambda);
        double step = 1 / lipschitz;
        for (int it = 0; it < maxIterations; it++) {
            if (g.norm2Number().doubleValue() <= eps * lambda) {
                return w.data().asDouble();
            }
            INDArray wNext = w.sub(g.mul(step));
            INDArray gNext = gradient(a, at, wNext, prev, lambda);
            INDArray s = wNext.sub(w);
            INDArray y = gNext.sub(g);
            double sy = s.mul(y).sumNumber().doubleValue();
            double ss = s.mul(s).sumNumber().doubleValue();
            step = sy > 0 ? Math.min(1 / lambda, Math.max(1 / lipschitz, ss / sy)) : 1 / lipschitz;
            w = wNext;
            g = gNext;
        }
        throw new IllegalStateException("regularized logistic step did not reach gradient norm " + eps * lambda
                + " in " + maxIterations + " iterations (lambda " + lambda + ")");
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

    /** grad F = -A^T sigmoid(-A w) + lambda (w - prev), for the constraint rows A (a_i = y_i x_i). */
    private static INDArray gradient(INDArray a, INDArray at, INDArray w, INDArray prev, double lambda) {
        INDArray margins = a.mmul(w);
        INDArray weights = Transforms.sigmoid(margins.neg(), false);
        return at.mmul(weights).negi().addi(w.sub(prev).muli(lambda));
    }
}
