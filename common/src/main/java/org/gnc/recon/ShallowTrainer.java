package org.gnc.recon;

import org.gnc.spec.ReconstructSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Full-batch gradient descent on a {@link ShallowNet} in float64 with ND4J GEMMs (three of n x d x H
 * per step): the objective is the mean logistic loss (1/n) sum_i ln(1 + exp(-y_i Phi(x_i))) plus
 * (wd / 2) ||theta||^2, and each step is theta -= lr grad. With g_i = -y_i sigmoid(-y_i Phi(x_i)) / n and
 * D = (g v^T) * 1[Z &gt; 0] (relu'(0) = 0): grad v = relu(Z)^T g + wd v, grad W = D^T X + wd W,
 * grad b = 1^T D + wd b. Training stops after {@code epochs} steps, once the logistic loss is below the
 * threshold, or when the loss is not finite. A pure function of its arguments.
 */
public final class ShallowTrainer {
    private ShallowTrainer() {
    }

    /** A trained network and how training went; {@code loss} is the mean logistic loss (no decay term). */
    public record Trained(ShallowNet net, double weightDecay, int epochs, double loss, boolean finite,
                          double seconds) implements java.io.Serializable {
    }

    /** Trains {@code init} on the n x d points {@code x} (row-major) with labels +-1. */
    public static Trained train(ShallowNet init, double[] x, int[] labels, ReconstructSpec.Train spec,
                                double weightDecay) {
        long t0 = System.nanoTime();
        int d = init.dim();
        INDArray xs = Points.matrix(x, d);
        double[] y = new double[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels[i];
        }
        INDArray w = init.wMatrix();
        INDArray b = init.bRow();
        INDArray v = init.vColumn();
        int epoch = 0;
        double loss = Double.NaN;
        while (true) {
            INDArray z = xs.mmul(w.transpose()).addiRowVector(b);
            INDArray a = Transforms.relu(z, true);
            double[] f = a.mmul(v).toDoubleVector();
            double[] g = new double[f.length];
            loss = logistic(f, y, g);
            if (!Double.isFinite(loss) || epoch >= spec.epochs() || loss < spec.lossThreshold()) {
                break;
            }
            INDArray gc = Points.column(g);
            INDArray dz = gc.mmul(v.transpose()).muli(z.gt(0).castTo(DataType.DOUBLE));
            INDArray gv = a.transpose().mmul(gc).addi(v.mul(weightDecay));
            INDArray gw = dz.transpose().mmul(xs).addi(w.mul(weightDecay));
            INDArray gb = dz.sum(0).reshape(1, b.columns()).addi(b.mul(weightDecay));
            w.subi(gw.muli(spec.learningRate()));
            b.subi(gb.muli(spec.learningRate()));
            v.subi(gv.muli(spec.learningRate()));
            epoch++;
        }
        ShallowNet net = new ShallowNet(d, init.width(), Points.flat(w), b.toDoubleVector(), v.toDoubleVector());
        return new Trained(net, weightDecay, epoch, loss, Double.isFinite(loss), (System.nanoTime() - t0) / 1e9);
    }

    /** The mean logistic loss of outputs f, labels y; fills g with its derivative in f. */
    static double logistic(double[] f, double[] y, double[] g) {
        int n = f.length;
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double m = y[i] * f[i];
            loss += Math.max(-m, 0) + Math.log1p(Math.exp(-Math.abs(m)));
            g[i] = -y[i] / (1 + Math.exp(m)) / n;
        }
        return loss / n;
    }

    /** The mean logistic loss of {@code net} on the points. */
    public static double loss(ShallowNet net, double[] x, int[] labels) {
        double[] f = net.outputs(x);
        double[] y = new double[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels[i];
        }
        return logistic(f, y, new double[f.length]);
    }

}
