package org.gnc.recon;

import java.util.Arrays;
import org.gnc.rng.CounterRng;
import org.gnc.simd.Nd4jScratch;
import org.gnc.spec.ReconstructSpec;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One restart of the reconstruction attack, as the reference runs it: 2m candidates, twice as many of
 * each label as the training set holds, in label order ({@link #candidateLabels}), x_0 = initScale N(0, 1)
 * and lambda_0 ~ U[0, 1) (in the general variant, whose lambda has either sign, U[-1, 1): its truth
 * has lambda_i of the sign of y_i, and from U[0, 1) at the reference's lambda learning rate of 1e-4
 * only a few of 200 multipliers turned negative in 2,000 iterations), then K steps of SGD with
 * momentum mu on both (PyTorch's rule: buf = mu buf + grad, p -= lr buf, with its own learning rate for
 * x and for lambda) on the {@link AttackLoss}. A restart whose loss becomes NaN or infinite stops as
 * {@code diverged}. The reference's early abort: at iteration k &gt;= after with k a multiple of every, the
 * score (for each candidate its nearest training image by squared distance, for each training image the
 * smallest such distance, the mean of the 10 smallest) above the threshold stops it as {@code aborted}.
 * A restart is a pure function of the network, the data, the spec and its random stream. A caller that
 * must be able to stop it (a Spark task that is cancelled) passes a stop check, run before every
 * iteration: whatever it throws ends the restart there.
 */
public final class Attack {
    /** Completed all K iterations. */
    public static final String COMPLETED = "completed";
    /** Stopped by the early-abort rule. */
    public static final String ABORTED = "aborted";
    /** The loss became NaN or infinite. */
    public static final String DIVERGED = "diverged";

    /** The name of the attack loop's scratch memory ({@link Nd4jScratch}). */
    private static final String SCRATCH = "gnc-attack";

    private Attack() {
    }

    /** The hyperparameters of one restart. */
    public record Hyper(double initScale, double learningRateX, double learningRateLambda, double lambdaMin,
                       double alpha) implements java.io.Serializable {
        /** Drawn from the spec's ranges with words 0..4 of {@code rng}. */
        public static Hyper draw(ReconstructSpec.Attack spec, CounterRng rng) {
            return new Hyper(spec.initScale().at(rng.uniform(0)), spec.learningRateX().at(rng.uniform(1)),
                    spec.learningRateLambda().at(rng.uniform(2)), spec.lambdaMin().at(rng.uniform(3)),
                    spec.alpha().at(rng.uniform(4)));
        }
    }

    /**
     * A finished restart: the loss and its KKT term at the final candidates, the loss at the true points
     * ({@link #lossAtTruth}), the status, the last abort score, and the final candidates (2m x d,
     * row-major) and multipliers.
     */
    public record Result(Hyper hyper, int iterations, double loss, double kkt, double lossAtTruth, String status,
                         double score, double[] x, double[] lambda, double seconds) implements java.io.Serializable {
        /** Whether the attack's loss is below the loss at the true points (else the run is flagged). */
        public boolean belowTruth() {
            return loss < lossAtTruth;
        }
    }

    /**
     * Labels of the 2m candidates of m training points: each label value in increasing order, twice as
     * many times as the training labels hold it (for a balanced binary set: m of -1, then m of +1).
     */
    public static int[] candidateLabels(int[] trainLabels) {
        int[] sorted = trainLabels.clone();
        Arrays.sort(sorted);
        int[] y = new int[2 * sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            y[2 * i] = sorted[i];
            y[2 * i + 1] = sorted[i];
        }
        return y;
    }

    /** Runs one restart on {@code net}; {@code train} (m x d, labels +-1 or class indices) is only read by the abort rule and the truth. */
    public static Result run(ReluNet net, double[] train, int[] trainLabels, ReconstructSpec.Attack spec, Hyper h,
                             CounterRng rng) {
        return run(net, train, trainLabels, spec, h, rng, () -> { });
    }

    /** As {@link #run(ReluNet, double[], int[], ReconstructSpec.Attack, Hyper, CounterRng)}, running {@code stopCheck} before every iteration. */
    public static Result run(ReluNet net, double[] train, int[] trainLabels, ReconstructSpec.Attack spec, Hyper h,
                             CounterRng rng, Runnable stopCheck) {
        long t0 = System.nanoTime();
        int d = net.dim();
        int[] labels = candidateLabels(trainLabels);
        int n = labels.length;
        double[] x0 = new double[n * d];
        CounterRng xs = rng.child(1);
        for (int i = 0; i < x0.length; i++) {
            x0[i] = h.initScale() * CounterRng.standardNormal(xs.word(i));
        }
        double[] l0 = new double[n];
        CounterRng ls = rng.child(2);
        for (int i = 0; i < n; i++) {
            l0[i] = spec.signed() ? 2 * ls.uniform(i) - 1 : ls.uniform(i);
        }
        AttackLoss loss = new AttackLoss(net, h.alpha(), spec.boxLow(), spec.boxHigh(), h.lambdaMin(), spec.signed(),
                labels);
        INDArray x = Points.matrix(x0, d);
        INDArray lambda = Points.column(l0);
        INDArray bufX = null;
        INDArray bufL = null;
        String status = COMPLETED;
        double score = Double.NaN;
        int k = 0;
        try {
            for (; k < spec.iterations(); k++) {
                stopCheck.run();
                // x, lambda and the momentum buffers live outside the iteration's scratch and are updated
                // in place; everything else an iteration makes is scratch.
                try (MemoryWorkspace scratch = Nd4jScratch.iteration(SCRATCH)) {
                    AttackLoss.Value v = loss.evaluate(x, lambda, true);
                    if (!Double.isFinite(v.loss())) {
                        status = DIVERGED;
                        break;
                    }
                    bufX = bufX == null ? v.gradX().detach() : bufX.muli(spec.momentum()).addi(v.gradX());
                    bufL = bufL == null ? v.gradLambda().detach() : bufL.muli(spec.momentum()).addi(v.gradLambda());
                    x.subi(bufX.mul(h.learningRateX()));
                    lambda.subi(bufL.mul(h.learningRateLambda()));
                }
                if (k >= spec.abortAfter() && k % spec.abortEvery() == 0) {
                    score = abortScore(Points.flat(x), train, d);
                    if (score > spec.abortScore()) {
                        status = ABORTED;
                        k++;
                        break;
                    }
                }
            }
        } finally {
            Nd4jScratch.release(SCRATCH);
        }
        AttackLoss.Value end = loss.evaluate(x, lambda, false);
        if (!Double.isFinite(end.loss())) {
            status = DIVERGED;
        }
        double truth = lossAtTruth(net, train, trainLabels, spec, h);
        return new Result(h, k, end.loss(), end.kkt(), truth, status, score, Points.flat(x), lambda.toDoubleVector(),
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The attack loss at the true points: the 2m candidates set to the m training images, each twice among
     * its label's candidates, and lambda chosen optimally for the KKT term by {@link KktCheck#multipliers}
     * (each image's pair shares its multiplier, every lambda &gt;= lambda_min; of either sign in the general
     * variant); an upper bound on the minimum over lambda of the loss at the truth.
     */
    public static double lossAtTruth(ReluNet net, double[] train, int[] trainLabels, ReconstructSpec.Attack spec,
                                     Hyper h) {
        int d = net.dim();
        int m = trainLabels.length;
        int n = 2 * m;
        double[] mu = KktCheck.multipliers(net, train, trainLabels, h.alpha(), 2 * h.lambdaMin() / n, spec.signed());
        int[] labels = candidateLabels(trainLabels);
        double[] x = new double[n * d];
        double[] lambda = new double[n];
        boolean[] used = new boolean[n];
        for (int copy = 0; copy < 2; copy++) {
            for (int i = 0; i < m; i++) {
                int c = 0;
                while (used[c] || labels[c] != trainLabels[i]) {
                    c++;
                }
                used[c] = true;
                System.arraycopy(train, i * d, x, c * d, d);
                lambda[c] = n * mu[i] / 2;
            }
        }
        AttackLoss loss = new AttackLoss(net, h.alpha(), spec.boxLow(), spec.boxHigh(), h.lambdaMin(), spec.signed(),
                labels);
        return loss.evaluate(Points.matrix(x, d), Points.column(lambda), false).loss();
    }

    /** The reference's extraction score: see the class comment. */
    static double abortScore(double[] candidates, double[] train, int d) {
        int n = candidates.length / d;
        int m = train.length / d;
        double[] best = new double[m];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            int nn = -1;
            double nd = Double.POSITIVE_INFINITY;
            for (int t = 0; t < m; t++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double e = candidates[i * d + j] - train[t * d + j];
                    s += e * e;
                }
                if (s < nd) {
                    nd = s;
                    nn = t;
                }
            }
            if (nn >= 0) {
                best[nn] = Math.min(best[nn], nd);
            }
        }
        double[] found = Arrays.stream(best).filter(Double::isFinite).sorted().toArray();
        int k = Math.min(10, found.length);
        return k == 0 ? Double.POSITIVE_INFINITY : Arrays.stream(found, 0, k).sum() / k;
    }
}
