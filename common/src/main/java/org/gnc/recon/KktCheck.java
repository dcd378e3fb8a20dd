package org.gnc.recon;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * How close a trained {@link ReluNet} is to a KKT point of the max-margin problem at its training
 * points, and the multipliers the attack loss uses at the true points.
 *
 * <p>The KKT condition is theta = sum_k mu_k grad_theta (u_k . Phi(x_{i_k})) over columns k, each a point
 * i_k and an output direction u_k: for one output u = y_i (Haim et al. 2022); for C outputs one column
 * per (i, j != y_i) with u = e_{y_i} - e_j (Buzaglo et al. 2023), or, as the attack uses it, one column
 * per point on its top competing logit. The residual is min over mu &gt;= 0 of ||theta - sum_k mu_k J_k|| /
 * ||theta|| (J_k = grad_theta(u_k . Phi(x_{i_k})), relu'(0) = 0), found by {@link Nnls} on the Gram
 * matrix: by the layer structure of the gradient (G_V = u A_L^T, G_Wl = Delta_l A_{l-1}^T, G_b = Delta_1),
 * K = (U U^T) * (A_L A_L^T) + sum_l (Delta_l Delta_l^T) * (A_{l-1} A_{l-1}^T [+ 1 for l = 1]) with the
 * backprop deltas of {@link Pass} at the columns' points, and q_k = &lt;J_k, theta&gt; = u_k . Fdot_k, the
 * tangent pass in direction theta (= (L + 1) u_k . Phi(x_{i_k}) by Euler when S = relu'(Z)). The residual
 * itself is evaluated directly (the KKT term of {@link AttackLoss}), not from the Gram identity, so it
 * does not cancel. A (point, unit) pair of hidden layer l is on a kink when |Z_ih| &lt;= 1e-9
 * (||w_h|| ||a_i|| + |b_h|), a_i the layer's input; the fraction counts every hidden unit. Stateless.
 */
public final class KktCheck {
    private KktCheck() {
    }

    /**
     * The per-model report: mean training loss, min_i margin_i / ||theta||^(L+1) ({@link ReluNet#margins}),
     * the relative KKT residual, the kink fraction, and per point its margin and multiplier (the sum of
     * its columns' multipliers).
     */
    public record Report(double loss, double minNormalizedMargin, double kktResidual, double kinkFraction,
                         double[] margins, double[] lambdas) implements java.io.Serializable {
    }

    /** The report of {@code net} at the n x d points {@code x} with their labels. */
    public static Report report(ReluNet net, double[] x, int[] labels) {
        int n = labels.length;
        double[] margins = net.margins(x, labels);
        double min = Double.POSITIVE_INFINITY;
        for (double m : margins) {
            min = Math.min(min, m);
        }
        Columns cols = Columns.of(net, x, labels, net.outputs() > 1, false);
        double[] mu = multipliers(net, x, cols, Double.POSITIVE_INFINITY, 0, false);
        int c = net.outputs();
        double[] u = new double[n * c];
        double[] lambdas = new double[n];
        for (int k = 0; k < mu.length; k++) {
            lambdas[cols.point()[k]] += mu[k];
            for (int j = 0; j < c; j++) {
                u[cols.point()[k] * c + j] += mu[k] * cols.direction()[k * c + j];
            }
        }
        AttackLoss kkt = new AttackLoss(net, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY, 0, false, labels);
        double residual = kkt.residual(Points.matrix(x, net.dim()), Nd4j.createFromArray(u).reshape('c', n, c));
        double norm = net.norm();
        return new Report(ReluNetTrainer.loss(net, x, labels), min / Math.pow(norm, net.homogeneity()),
                Math.sqrt(residual) / norm, kinkFraction(net, x), margins, lambdas);
    }

    /**
     * The columns of the KKT condition: column k is point {@code point[k]} with output direction row k
     * of {@code direction} (k x C, row-major).
     */
    record Columns(int[] point, double[] direction) {
        /**
         * For one output one column per point, u = y_i (1 when {@code signed}); for C outputs one per
         * (i, j != y_i) when {@code allPairs}, else one per point on its top competitor at the truth.
         */
        static Columns of(ReluNet net, double[] x, int[] labels, boolean allPairs, boolean signed) {
            int n = labels.length;
            int c = net.outputs();
            if (c == 1) {
                int[] point = new int[n];
                double[] dir = new double[n];
                for (int i = 0; i < n; i++) {
                    point[i] = i;
                    dir[i] = signed ? 1 : labels[i];
                }
                return new Columns(point, dir);
            }
            double[] f = net.outputs(x);
            int per = allPairs ? c - 1 : 1;
            int[] point = new int[n * per];
            double[] dir = new double[n * per * c];
            int k = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < c; j++) {
                    if (allPairs ? j != labels[i] : j == ReluNet.topCompetitor(f, i, labels[i], c)) {
                        point[k] = i;
                        dir[k * c + labels[i]] = 1;
                        dir[k * c + j] = -1;
                        k++;
                    }
                }
            }
            return new Columns(point, dir);
        }
    }

    /**
     * The multipliers mu of one column per point (for C outputs on the point's top competitor, as the
     * attack uses them) minimizing ||theta - sum_k mu_k J_k|| over mu_k &gt;= lower, or over every real mu
     * with u = 1 when {@code signed} (one output); J uses sigmoid(alpha z) for relu' (alpha = +infinity:
     * relu' itself).
     */
    public static double[] multipliers(ReluNet net, double[] x, int[] labels, double alpha, double lower,
                                       boolean signed) {
        return multipliers(net, x, Columns.of(net, x, labels, false, signed), alpha, lower, signed);
    }

    /** The Gram matrix K (n x n, row-major) of the columns J_k and q_k = &lt;J_k, theta&gt;. */
    record Normal(double[] k, double[] q) {
    }

    /** The normal equations of the columns {@code cols}; the class comment has the formulas. */
    static Normal normal(ReluNet net, double[] x, Columns cols, double alpha) {
        int d = net.dim();
        int c = net.outputs();
        int n = cols.point().length;
        double[] rows = new double[n * d];
        for (int k = 0; k < n; k++) {
            System.arraycopy(x, cols.point()[k] * d, rows, k * d, d);
        }
        Params theta = net.params();
        Pass pass = new Pass(theta, Points.matrix(rows, d), alpha);
        INDArray u = Nd4j.createFromArray(cols.direction()).reshape('c', n, c);
        Pass.Backprop bp = pass.backprop(u, false);
        INDArray top = pass.layerInput(pass.depth() + 1);
        INDArray gram = u.mmul(u.transpose()).muli(top.mmul(top.transpose()));
        for (int l = 1; l <= pass.depth(); l++) {
            INDArray in = pass.layerInput(l);
            INDArray delta = bp.delta()[l];
            gram.addi(delta.mmul(delta.transpose()).muli(in.mmul(in.transpose()).addi(l == 1 ? 1 : 0)));
        }
        return new Normal(Points.flat(gram), pass.tangent(theta)[0].mul(u).sum(1).toDoubleVector());
    }

    private static double[] multipliers(ReluNet net, double[] x, Columns cols, double alpha, double lower,
                                        boolean signed) {
        Normal normal = normal(net, x, cols, alpha);
        int n = cols.point().length;
        double[] k = normal.k();
        double[] qv = normal.q().clone();
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

    /**
     * The fraction of (point, hidden unit) pairs, over every hidden layer, with |Z_ih| &lt;= 1e-9
     * (||w_h|| ||a_i|| + |b_h|).
     */
    public static double kinkFraction(ReluNet net, double[] x) {
        Params theta = net.params();
        Pass pass = new Pass(theta, Points.matrix(x, net.dim()), Double.POSITIVE_INFINITY);
        long kinks = 0;
        long pairs = 0;
        for (int l = 1; l <= pass.depth(); l++) {
            INDArray w = l == 1 ? theta.w1() : theta.w2();
            INDArray in = pass.layerInput(l);
            INDArray scale = Transforms.sqrt(in.mul(in).sum(1), false).reshape(in.rows(), 1)
                    .mmul(Transforms.sqrt(w.mul(w).sum(1), false).reshape(1, w.rows()));
            if (l == 1) {
                scale.addiRowVector(Transforms.abs(theta.b(), true));
            }
            INDArray z = pass.preActivations(l);
            kinks += Transforms.abs(z, true).subi(scale.muli(1e-9)).lte(0).castTo(DataType.DOUBLE).sumNumber().longValue();
            pairs += z.length();
        }
        return (double) kinks / pairs;
    }

    private static double max(double[] a) {
        double m = 0;
        for (double x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
