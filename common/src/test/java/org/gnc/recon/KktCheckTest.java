package org.gnc.recon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gnc.rng.CounterRng;
import org.gnc.spec.ReconstructSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The KKT check at depth 2 and with C outputs: the Gram matrix and q agree with the residual evaluated
 * directly, Euler's identity holds, and the report of a trained network is consistent.
 */
class KktCheckTest {
    private static final int D = 5;

    private static double[] gaussian(int n, long seed) {
        CounterRng rng = CounterRng.of(seed, "kkt-check-test");
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = CounterRng.standardNormal(rng.word(i));
        }
        return x;
    }

    /** ||theta - sum mu_k J_k||^2 = ||theta||^2 - 2 mu.q + mu^T K mu for any mu, with the residual evaluated directly. */
    private static void normalEquationsMatchTheResidual(ReluNet net, int[] labels, double alpha) {
        int n = labels.length;
        double[] x = gaussian(n * D, 11);
        KktCheck.Columns cols = KktCheck.Columns.of(net, x, labels, net.outputs() > 1, false);
        KktCheck.Normal normal = KktCheck.normal(net, x, cols, alpha);
        int k = cols.point().length;
        double[] mu = gaussian(k, 12);
        int c = net.outputs();
        double[] u = new double[n * c];
        for (int j = 0; j < k; j++) {
            for (int o = 0; o < c; o++) {
                u[cols.point()[j] * c + o] += mu[j] * cols.direction()[j * c + o];
            }
        }
        AttackLoss loss = new AttackLoss(net, alpha, -1, 1, 0, false, labels);
        double direct = loss.residual(Points.matrix(x, D), Nd4j.createFromArray(u).reshape('c', n, c));
        double viaGram = net.norm() * net.norm();
        for (int i = 0; i < k; i++) {
            viaGram -= 2 * mu[i] * normal.q()[i];
            for (int j = 0; j < k; j++) {
                viaGram += mu[i] * normal.k()[i * k + j] * mu[j];
            }
        }
        assertEquals(direct, viaGram, 1e-9 * (1 + direct), "depth " + net.depth() + ", outputs " + c);
        if (Double.isInfinite(alpha)) {
            // Euler: q_k = <J_k, theta> = (L + 1) u_k . Phi(x_k)
            double[] f = net.outputs(x);
            for (int j = 0; j < k; j++) {
                double uf = 0;
                for (int o = 0; o < c; o++) {
                    uf += cols.direction()[j * c + o] * f[cols.point()[j] * c + o];
                }
                assertEquals(net.homogeneity() * uf, normal.q()[j], 1e-9 * (1 + Math.abs(uf)));
            }
        }
    }

    @Test
    void theGramMatrixAgreesWithTheDirectResidual() {
        int[] signs = {-1, 1, -1, 1};
        int[] classes = {0, 1, 2, 0};
        for (int depth = 1; depth <= 2; depth++) {
            ReluNet binary = ReluNet.gaussian(D, 6, depth, 1, 0.7, CounterRng.of(depth, "binary"));
            normalEquationsMatchTheResidual(binary, signs, Double.POSITIVE_INFINITY);
            normalEquationsMatchTheResidual(binary, signs, 4.0);
            ReluNet multi = ReluNet.gaussian(D, 6, depth, 3, 0.7, CounterRng.of(depth, "multi"));
            normalEquationsMatchTheResidual(multi, classes, Double.POSITIVE_INFINITY);
            normalEquationsMatchTheResidual(multi, classes, 4.0);
        }
    }

    @Test
    void aTrainedMulticlassDepthTwoNetworkReportsPositiveMarginsAndAResidualBelowOne() {
        int m = 12;
        double[] x = gaussian(m * D, 5);
        int[] y = new int[m];
        for (int i = 0; i < m; i++) {
            y[i] = i % 3;
            x[i * D + y[i]] += 3; // class c is far along coordinate c
        }
        ReluNet init = ReluNet.gaussian(D, 16, 2, 3, 0.3, CounterRng.of(2, "init"));
        ReluNetTrainer.Trained t = ReluNetTrainer.train(init, x, y,
                new ReconstructSpec.Train(4000, 0.2, new double[] {0}, 1e-2), 0);
        assertTrue(t.finite() && t.loss() < 1e-2, "loss " + t.loss());
        assertTrue(t.epochs() < 4000);
        KktCheck.Report r = KktCheck.report(t.net(), x, y);
        assertEquals(t.loss(), r.loss(), 1e-12);
        double min = Double.POSITIVE_INFINITY;
        for (double g : r.margins()) {
            min = Math.min(min, g);
        }
        assertTrue(min > 0, "every point classified: " + min);
        assertEquals(min / Math.pow(t.net().norm(), 3), r.minNormalizedMargin(), 1e-12);
        assertTrue(r.kktResidual() >= 0 && r.kktResidual() < 1, "residual " + r.kktResidual());
        assertTrue(KktCheck.report(init, x, y).kktResidual() <= 1 + 1e-12);
        for (double l : r.lambdas()) {
            assertTrue(l >= 0);
        }
        assertTrue(r.kinkFraction() >= 0 && r.kinkFraction() < 0.5);
    }
}
