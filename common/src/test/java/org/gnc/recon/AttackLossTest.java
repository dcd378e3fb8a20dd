package org.gnc.recon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gnc.rng.CounterRng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The hand-derived gradients of the attack loss against central finite differences. */
class AttackLossTest {
    private static final int D = 7;
    private static final int H = 5;
    private static final int N = 6;

    private static double[] gaussian(int n, double scale, long seed) {
        CounterRng rng = CounterRng.of(seed, "attack-loss-test");
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = scale * CounterRng.standardNormal(rng.word(i));
        }
        return x;
    }

    private static void check(double alpha, boolean signed, double boxLow, double boxHigh) {
        check(ReluNet.gaussian(D, H, 1, 1, 1.0, CounterRng.of(3, "net")), new int[] {-1, -1, -1, 1, 1, 1}, alpha,
                signed, boxLow, boxHigh);
    }

    private static void check(ReluNet net, int[] labels, double alpha, boolean signed, double boxLow, double boxHigh) {
        AttackLoss loss = new AttackLoss(net, alpha, boxLow, boxHigh, 0.3, signed, labels);
        // a point away from every kink (relu at Z = 0, the box edges, lambda_min), so the loss is smooth
        // over the difference stencil
        double[] x = null;
        double[] lambda = null;
        for (long seed = 1; x == null || !smoothAt(net, labels, x, lambda, boxLow, boxHigh); seed += 2) {
            x = gaussian(N * D, 0.7, seed);
            lambda = gaussian(N, 0.5, seed + 1);
            for (int i = 0; i < N; i++) {
                lambda[i] = signed ? lambda[i] : 0.1 + Math.abs(lambda[i]) * (i % 2 == 0 ? 1 : 0.1);
            }
        }
        AttackLoss.Value v = loss.evaluate(Points.matrix(x, D), Points.column(lambda), true);
        assertTrue(v.kkt() > 1e-3, "a loss worth differentiating: " + v.kkt());
        double[] gx = Points.flat(v.gradX());
        double[] gl = v.gradLambda().toDoubleVector();
        double h = 5e-4;
        double worst = 0;
        for (int k = 0; k < x.length + lambda.length; k++) {
            // five-point central difference: error O(h^4) from truncation, O(eps |L| / h) from rounding
            double fd = (-shifted(loss, x, lambda, k, 2 * h) + 8 * shifted(loss, x, lambda, k, h)
                    - 8 * shifted(loss, x, lambda, k, -h) + shifted(loss, x, lambda, k, -2 * h)) / (12 * h);
            double an = k < x.length ? gx[k] : gl[k - x.length];
            worst = Math.max(worst, Math.abs(fd - an) / Math.max(1e-2, Math.abs(an)));
        }
        assertTrue(worst < 1e-8, "relative error " + worst + " (alpha " + alpha + ", signed " + signed + ", depth "
                + net.depth() + ", outputs " + net.outputs() + ")");
    }

    /** The multiclass labels of the tests' N candidates. */
    private static int[] labels(ReluNet net) {
        return new int[] {0, 0, 1, 1, 2, 2};
    }

    private static boolean smoothAt(ReluNet net, int[] labels, double[] x, double[] lambda, double boxLow, double boxHigh) {
        Pass pass = new Pass(net.params(), Points.matrix(x, D), Double.POSITIVE_INFINITY);
        for (int l = 1; l <= net.depth(); l++) {
            for (double zi : Points.flat(pass.preActivations(l))) {
                if (Math.abs(zi) < 0.05) {
                    return false;
                }
            }
        }
        // the top competing logit must not change within the stencil
        double[] f = Points.flat(pass.outputs());
        int c = net.outputs();
        for (int i = 0; c > 1 && i < N; i++) {
            double[] rest = new double[c];
            for (int j = 0; j < c; j++) {
                rest[j] = j == labels[i] ? Double.NEGATIVE_INFINITY : f[i * c + j];
            }
            java.util.Arrays.sort(rest);
            if (rest[c - 1] - rest[c - 2] < 0.05) {
                return false;
            }
        }
        for (double xi : x) {
            if (Math.abs(xi - boxLow) < 0.01 || Math.abs(xi - boxHigh) < 0.01) {
                return false;
            }
        }
        for (double l : lambda) {
            if (Math.abs(l - 0.3) < 0.01) {
                return false;
            }
        }
        return true;
    }

    /** The loss with coordinate k of (x, lambda) moved by {@code by}. */
    private static double shifted(AttackLoss loss, double[] x, double[] lambda, int k, double by) {
        double[] xs = x.clone();
        double[] ls = lambda.clone();
        if (k < x.length) {
            xs[k] += by;
        } else {
            ls[k - x.length] += by;
        }
        return loss.evaluate(Points.matrix(xs, D), Points.column(ls), false).loss();
    }

    @Test
    void gradientsMatchFiniteDifferencesInXAndLambda() {
        check(Double.POSITIVE_INFINITY, false, -10, 10);
        check(3.0, false, -10, 10);
        check(3.0, false, -1, 1);
        check(3.0, false, -0.5, 0.5); // box penalty active
        check(3.0, true, -1, 1);
        check(Double.POSITIVE_INFINITY, false, -1, 1);
    }

    @Test
    void gradientsMatchFiniteDifferencesAtDepthTwoAndWithClasses() {
        ReluNet deep = ReluNet.gaussian(D, H, 2, 1, 1.0, CounterRng.of(3, "deep"));
        int[] signs = {-1, -1, -1, 1, 1, 1};
        check(deep, signs, Double.POSITIVE_INFINITY, false, -10, 10);
        check(deep, signs, 3.0, false, -0.5, 0.5);
        check(deep, signs, 3.0, true, -1, 1);
        ReluNet classes = ReluNet.gaussian(D, H, 1, 3, 1.0, CounterRng.of(3, "classes"));
        check(classes, labels(classes), Double.POSITIVE_INFINITY, false, -10, 10);
        check(classes, labels(classes), 3.0, false, -0.5, 0.5);
        ReluNet both = ReluNet.gaussian(D, H, 2, 3, 1.0, CounterRng.of(3, "both"));
        check(both, labels(both), 3.0, false, -0.5, 0.5);
        check(both, labels(both), Double.POSITIVE_INFINITY, false, -10, 10);
    }

    @Test
    void theKktTermIsZeroWhereThetaIsTheCombination() {
        // one unit, one point x with z = w.x + b > 0: theta = c grad Phi(x) needs W = c v x^T, b = c v, v = c a
        double[] x = {1.0, 2.0};
        double c = 0.5;
        // choose v = 1: W = c x^T, b = c, then a = relu(c |x|^2 + c) = c (|x|^2 + 1) and v = c a must hold:
        // c^2 (|x|^2 + 1) = 1 -> c = 1 / sqrt(6)
        c = 1 / Math.sqrt(6);
        ReluNet net = ReluNet.shallow(2, 1, new double[] {c * x[0], c * x[1]}, new double[] {c}, new double[] {1});
        AttackLoss loss = new AttackLoss(net, Double.POSITIVE_INFINITY, -10, 10, 0, false, new int[] {1});
        INDArray xs = Points.matrix(x, 2);
        assertEquals(0, loss.evaluate(xs, Points.column(new double[] {c}), false).kkt(), 1e-28);
        double[] mu = KktCheck.multipliers(net, x, new int[] {1}, Double.POSITIVE_INFINITY, 0, false);
        assertEquals(c, mu[0], 1e-12);
    }
}
