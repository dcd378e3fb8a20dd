package org.gnc.recon;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * How close a trained {@link ShallowNet} is to a KKT point of the max-margin problem at its training
 * points, and the attack loss at the true points.
 *
 * <p>The residual is min over lambda &gt;= 0 of ||theta - sum_i lambda_i y_i grad_theta Phi(x_i)|| / ||theta||
 * (relu'(0) = 0), found by {@link Nnls} on the Gram matrix of the columns J_i = y_i grad Phi(x_i):
 * K = diag(y) (A A^T + (X X^T + 1) * (S diag(v^2) S^T)) diag(y) and q = J^T theta, q_i = y_i sum_h v_h
 * (A_ih + S_ih Z_ih) (= 2 y_i Phi(x_i) by Euler when S = relu'(Z)); the residual itself is evaluated
 * directly (the KKT term of {@link AttackLoss}), not from the Gram identity, so it does not cancel.
 * A (point, unit) pair is on a kink when |Z_ih| &lt;= 1e-9 (||w_h|| ||x_i|| + |b_h|). Stateless.
 */
public final class KktCheck {
    private KktCheck() {
    }

    /**
     * The per-model report: mean logistic loss, min_i y_i Phi(x_i) / ||theta||^2, the relative KKT
     * residual, the kink fraction, and per point its margin y_i Phi(x_i) and multiplier lambda_i.
     */
    public record Report(double loss, double minNormalizedMargin, double kktResidual, double kinkFraction,
                         double[] margins, double[] lambdas) implements java.io.Serializable {
    }

    /** The report of {@code net} at the n x d points {@code x} with labels +-1. */
    public static Report report(ShallowNet net, double[] x, int[] labels) {
        int n = labels.length;
        double[] f = net.outputs(x);
        double[] margins = new double[n];
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            margins[i] = labels[i] * f[i];
            min = Math.min(min, margins[i]);
        }
        double norm = net.norm();
        double[] mu = multipliers(net, x, labels, Double.POSITIVE_INFINITY, 0, false);
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = n * mu[i]; // AttackLoss divides lambda by the number of points
        }
        AttackLoss kkt = new AttackLoss(net, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY, 0, false, labels);
        double residual = kkt.evaluate(Points.matrix(x, net.dim()), Points.column(lambda), false).kkt();
        return new Report(ShallowTrainer.loss(net, x, labels), min / (norm * norm), Math.sqrt(residual) / norm,
                kinkFraction(net, x), margins, mu);
    }

    /**
     * The multipliers mu minimizing ||theta - sum_i mu_i s_i grad_alpha Phi(x_i)|| over mu_i &gt;= lower
     * (s = labels), or over every real mu with s = 1 when {@code signed}; grad_alpha uses sigmoid(alpha z)
     * for relu' (alpha = +infinity: relu' itself).
     */
    public static double[] multipliers(ShallowNet net, double[] x, int[] labels, double alpha, double lower,
                                       boolean signed) {
        int n = labels.length;
        INDArray xs = Points.matrix(x, net.dim());
        INDArray z = net.preActivations(xs);
        INDArray a = Transforms.relu(z, true);
        INDArray s = Double.isInfinite(alpha) ? z.gt(0).castTo(DataType.DOUBLE)
                : Transforms.sigmoid(z.mul(alpha), false);
        INDArray v = Nd4j.createFromArray(net.v()).reshape(1, net.width());
        INDArray sv = s.mulRowVector(v);
        INDArray gram = a.mmul(a.transpose()).addi(xs.mmul(xs.transpose()).addi(1).muli(sv.mmul(sv.transpose())));
        double[] qv = a.add(s.mul(z)).mulRowVector(v).sum(1).toDoubleVector();
        double[] k = Points.flat(gram);
        double[] sign = new double[n];
        for (int i = 0; i < n; i++) {
            sign[i] = signed ? 1 : labels[i];
            qv[i] *= sign[i];
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                k[i * n + j] *= sign[i] * sign[j];
            }
        }
        double tol = 1e-12 * (1 + max(qv));
        if (signed) {
            // mu = mu+ - mu-, both >= 0: K2 = [[K, -K], [-K, K]], q2 = [q, -q]
            double[] k2 = new double[4 * n * n];
            double[] q2 = new double[2 * n];
            for (int i = 0; i < 2 * n; i++) {
                q2[i] = i < n ? qv[i] : -qv[i - n];
                for (int j = 0; j < 2 * n; j++) {
                    k2[i * 2 * n + j] = ((i < n) == (j < n) ? 1 : -1) * k[(i % n) * n + j % n];
                }
            }
            double[] mu2 = Nnls.solve(k2, q2, tol);
            double[] mu = new double[n];
            for (int i = 0; i < n; i++) {
                mu[i] = mu2[i] - mu2[n + i];
            }
            return mu;
        }
        double[] shifted = qv.clone();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                shifted[i] -= k[i * n + j] * lower;
            }
        }
        double[] nu = Nnls.solve(k, shifted, tol);
        for (int i = 0; i < n; i++) {
            nu[i] += lower;
        }
        return nu;
    }

    /** The fraction of (point, unit) pairs with |Z_ih| &lt;= 1e-9 (||w_h|| ||x_i|| + |b_h|). */
    public static double kinkFraction(ShallowNet net, double[] x) {
        int d = net.dim();
        int n = x.length / d;
        double[] z = Points.flat(net.preActivations(Points.matrix(x, d)));
        double[] w = net.w();
        double[] b = net.b();
        double[] wNorm = new double[net.width()];
        for (int h = 0; h < net.width(); h++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += w[h * d + j] * w[h * d + j];
            }
            wNorm[h] = Math.sqrt(s);
        }
        long kinks = 0;
        for (int i = 0; i < n; i++) {
            double xn = 0;
            for (int j = 0; j < d; j++) {
                xn += x[i * d + j] * x[i * d + j];
            }
            xn = Math.sqrt(xn);
            for (int h = 0; h < net.width(); h++) {
                if (Math.abs(z[i * net.width() + h]) <= 1e-9 * (wNorm[h] * xn + Math.abs(b[h]))) {
                    kinks++;
                }
            }
        }
        return (double) kinks / ((long) n * net.width());
    }

    private static double max(double[] a) {
        double m = 0;
        for (double x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
