package org.gnc.recon;

import org.gnc.spec.ReconstructSpec;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Full-batch gradient descent on a {@link ReluNet} in float64 with ND4J GEMMs: the objective is the
 * mean loss (1/n) sum_i l(Phi(x_i), y_i) plus (wd / 2) ||theta||^2, and each step is theta -= lr grad.
 * For one output l is the logistic loss ln(1 + exp(-y Phi)) (y = +-1); for C outputs the cross-entropy
 * logsumexp(Phi) - Phi_y (y the class index). With U = dl/dPhi / n (N x C: -y sigmoid(-y Phi) / n, or
 * (softmax(Phi) - e_y) / n), grad = G(U) + wd theta, G the exact backprop of {@link Pass} (three GEMMs of
 * n x d x H per step at depth 1). Training stops after {@code epochs} steps, once the loss is below the
 * threshold, or when the loss is not finite. A pure function of its arguments.
 */
public final class ReluNetTrainer {
    private ReluNetTrainer() {
    }

    /** A trained network and how training went; {@code loss} is the mean loss (no decay term). */
    public record Trained(ReluNet net, double weightDecay, int epochs, double loss, boolean finite,
                          double seconds) implements java.io.Serializable {
    }

    /** Trains {@code init} on the n x d points {@code x} (row-major) with labels (+-1, or class indices). */
    public static Trained train(ReluNet init, double[] x, int[] labels, ReconstructSpec.Train spec,
                                double weightDecay) {
        long t0 = System.nanoTime();
        INDArray xs = Points.matrix(x, init.dim());
        Params theta = init.params();
        int epoch = 0;
        double loss;
        while (true) {
            Pass pass = new Pass(theta, xs, Double.POSITIVE_INFINITY);
            double[] u = new double[labels.length * init.outputs()];
            loss = loss(Points.flat(pass.outputs()), labels, init.outputs(), u);
            if (!Double.isFinite(loss) || epoch >= spec.epochs() || loss < spec.lossThreshold()) {
                break;
            }
            Params grad = pass.backprop(Nd4j.createFromArray(u).reshape('c', labels.length, init.outputs()), true)
                    .gradient().plus(weightDecay, theta);
            theta = theta.plus(-spec.learningRate(), grad);
            epoch++;
        }
        return new Trained(init.with(theta), weightDecay, epoch, loss, Double.isFinite(loss),
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The mean loss of outputs {@code f} (n x c, row-major) with {@code labels}; fills {@code u} (n x c)
     * with its derivative in f.
     */
    static double loss(double[] f, int[] labels, int c, double[] u) {
        int n = labels.length;
        double loss = 0;
        for (int i = 0; i < n; i++) {
            if (c == 1) {
                double m = labels[i] * f[i];
                loss += Math.max(-m, 0) + Math.log1p(Math.exp(-Math.abs(m)));
                u[i] = -labels[i] / (1 + Math.exp(m)) / n;
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, f[i * c + j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                sum += Math.exp(f[i * c + j] - max);
            }
            loss += max + Math.log(sum) - f[i * c + labels[i]];
            for (int j = 0; j < c; j++) {
                u[i * c + j] = (Math.exp(f[i * c + j] - max) / sum - (j == labels[i] ? 1 : 0)) / n;
            }
        }
        return loss / n;
    }

    /** The mean loss of {@code net} on the points. */
    public static double loss(ReluNet net, double[] x, int[] labels) {
        return loss(net.outputs(x), labels, net.outputs(), new double[labels.length * net.outputs()]);
    }
}
