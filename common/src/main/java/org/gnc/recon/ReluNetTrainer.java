package org.gnc.recon;

import org.gnc.simd.Nd4jScratch;
import org.gnc.spec.ReconstructSpec;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Full-batch gradient descent on a {@link ReluNet} in float64 with ND4J GEMMs: the objective is
 * J(theta) = L(theta) + (wd / 2) ||theta||^2 with L the mean loss (1/n) sum_i l(Phi(x_i), y_i), and each
 * step is theta -= eta grad J. For one output l is the logistic loss ln(1 + exp(-y Phi)) (y = +-1); for C
 * outputs the cross-entropy logsumexp(Phi) - Phi_y (y the class index). With U = dl/dPhi / n (N x C:
 * -y sigmoid(-y Phi) / n, or (softmax(Phi) - e_y) / n), grad J = G(U) + wd theta, G the exact backprop of
 * {@link Pass} (three GEMMs of n x d x H per step at depth 1).
 *
 * <p>The step size eta: {@link ReconstructSpec.Step#CONSTANT} eta = lr, the reference's rule. Its
 * logistic loss then only falls like 1/t once the data are separated (the gradient vanishes with the
 * loss), and the direction theta / ||theta|| approaches the max-margin KKT point like 1/log t.
 * {@link ReconstructSpec.Step#LOSS_NORMALIZED} eta = a / L(theta), the loss-based schedule of Lyu and
 * Li ("Gradient Descent Maximizes the Margin of Homogeneous Neural Networks", ICLR 2020, their
 * experiments; for linear models normalized GD is Nacson et al., "Convergence of Gradient Descent on
 * Separable Data", AISTATS 2019): the step grows as the loss's gradient vanishes, so ln(1/L) grows about
 * linearly in t instead of like ln t. The factor a starts at lr and adapts (bold driver): a step that
 * does not lower J (or makes it non-finite) is undone and a halves; an accepted step multiplies a by
 * {@link #GROW}. Why it converges to the same points: eta is a positive scalar, so the fixed points
 * grad J = 0 are those of constant-step GD; every accepted step lowers J, so the accepted iterates are
 * GD on J with a varying step. For wd = 0 Lyu and Li prove convergence in direction to a KKT point of the
 * max-margin problem for gradient flow and for GD with small steps, once a homogeneous network's loss is
 * below ln 2 / n; for this adaptive step that is their experiments' evidence, not a proof. For wd &gt; 0
 * the limit is a stationary point of J (Buzaglo et al. 2023's condition). Every step tried, accepted or
 * undone, counts as an epoch.
 *
 * <p>Training stops after {@code epochs} steps, once the loss is below the threshold, once ||grad J|| is
 * at most the gradient threshold, when the loss is not finite (constant step), or when it is below the
 * smallest normal float64 (loss-normalized: the step a / L would overflow). A pure function of its
 * arguments. A caller that must be able to stop it (a Spark task that is cancelled) passes a stop check,
 * run before every epoch: whatever it throws ends training there.
 *
 * <p><b>Weight decay and the KKT identity.</b> For one output, grad L = sum_i (l'(y_i Phi_i) / n) y_i
 * grad Phi(x_i) with l'(m) = -sigmoid(-m) &lt; 0, so with lambda*_i = -l'(y_i Phi_i) / (n wd) &gt; 0,
 * grad J = wd (theta - sum_i lambda*_i y_i grad Phi(x_i)) exactly, at every theta (grad Phi with
 * relu'(0) = 0, as everywhere here). Hence the KKT residual at the truth, minimized over lambda &gt;= 0
 * by {@link KktCheck}, is at most ||grad J|| / (wd ||theta||) ({@link Trained#kktBound}), and a
 * stationary point of J (grad J = 0) is an exact KKT point with lambda = lambda* (the mean's 1 / n is
 * folded into lambda*). For C outputs the same holds with lambda*_ij = softmax_j(Phi_i) / (n wd) on the
 * columns e_{y_i} - e_j, since U_i = (softmax(Phi_i) - e_{y_i}) / n = -sum_{j != y_i} softmax_j (e_{y_i} - e_j) / n.
 */
public final class ReluNetTrainer {
    /** The factor a {@link ReconstructSpec.Step#LOSS_NORMALIZED} step size grows by after an accepted step. */
    static final double GROW = 1.1;

    /** The name of the training loop's scratch memory. */
    private static final String SCRATCH = "gnc-train";

    private ReluNetTrainer() {
    }

    /**
     * A trained network and how training went; {@code loss} is the mean loss (no decay term),
     * {@code gradientNorm} ||grad J|| at the returned network (NaN where not known: a model table written
     * before it was recorded).
     */
    public record Trained(ReluNet net, double weightDecay, int epochs, double loss, double gradientNorm,
                          boolean finite, double seconds) implements java.io.Serializable {
        /**
         * ||grad J|| / (wd ||theta||), an upper bound on the KKT residual at the true points for wd &gt; 0
         * (the class comment); +infinity for wd = 0.
         */
        public double kktBound() {
            return weightDecay > 0 ? gradientNorm / (weightDecay * net.norm()) : Double.POSITIVE_INFINITY;
        }
    }

    /** The network at theta, its mean loss L, objective J and the loss's derivative in the outputs. */
    private record Point(Params theta, Pass pass, double loss, double objective, double[] u) {
        static Point at(Params theta, INDArray xs, int[] labels, int outputs, double weightDecay) {
            Pass pass = new Pass(theta, xs, Double.POSITIVE_INFINITY);
            double[] u = new double[labels.length * outputs];
            double loss = ReluNetTrainer.loss(Points.flat(pass.outputs()), labels, outputs, u);
            return new Point(theta, pass, loss, loss + weightDecay / 2 * theta.squaredNorm(), u);
        }

        Params gradient(int n, int outputs, double weightDecay) {
            return pass.backprop(Nd4j.createFromArray(u).reshape('c', n, outputs), true).gradient()
                    .plus(weightDecay, theta);
        }
    }

    /** Trains {@code init} on the n x d points {@code x} (row-major) with labels (+-1, or class indices). */
    public static Trained train(ReluNet init, double[] x, int[] labels, ReconstructSpec.Train spec,
                                double weightDecay) {
        return train(init, x, labels, spec, weightDecay, () -> { });
    }

    /** As {@link #train(ReluNet, double[], int[], ReconstructSpec.Train, double)}, running {@code stopCheck} before every epoch. */
    public static Trained train(ReluNet init, double[] x, int[] labels, ReconstructSpec.Train spec,
                                double weightDecay, Runnable stopCheck) {
        long t0 = System.nanoTime();
        INDArray xs = Points.matrix(x, init.dim());
        int c = init.outputs();
        boolean normalized = spec.step() == ReconstructSpec.Step.LOSS_NORMALIZED;
        // theta has its own memory, overwritten by each accepted step; everything else an epoch makes is
        // scratch (Nd4jScratch), so an epoch's arrays do not pile up off the heap. Each epoch evaluates
        // its point afresh from theta: the same numbers as keeping the last epoch's, one forward pass more
        // on a loss-normalized step.
        Params theta = init.params().copy();
        double a = spec.learningRate();
        double loss;
        double gradientNorm;
        int epoch = 0;
        try {
            while (true) {
                stopCheck.run();
                try (MemoryWorkspace scratch = Nd4jScratch.iteration(SCRATCH)) {
                    Point at = Point.at(theta, xs, labels, c, weightDecay);
                    loss = at.loss();
                    Params grad = at.gradient(labels.length, c, weightDecay);
                    gradientNorm = Math.sqrt(grad.squaredNorm());
                    if (!(Double.isFinite(loss) && epoch < spec.epochs() && loss >= spec.lossThreshold()
                            && gradientNorm > spec.gradientThreshold() && !(normalized && loss < Double.MIN_NORMAL))) {
                        break;
                    }
                    epoch++;
                    if (!normalized) {
                        theta.assign(theta.plus(-a, grad));
                        continue;
                    }
                    Params next = theta.plus(-a / loss, grad);
                    if (Point.at(next, xs, labels, c, weightDecay).objective() < at.objective()) {
                        theta.assign(next);
                        a *= GROW;
                    } else {
                        a /= 2;
                    }
                }
            }
        } finally {
            Nd4jScratch.release(SCRATCH);
        }
        return new Trained(init.with(theta), weightDecay, epoch, loss, gradientNorm, Double.isFinite(loss),
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
