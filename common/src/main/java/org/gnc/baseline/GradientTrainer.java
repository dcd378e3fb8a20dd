package org.gnc.baseline;

import java.util.ArrayList;
import java.util.List;
import org.gnc.data.Dataset;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.NormalizedLoss;
import org.gnc.model.Prior;
import org.gnc.rng.CounterRng;
import org.gnc.simd.Nd4jThreads;
import org.gnc.spec.BaselineSpec;
import org.gnc.spec.LossBin;
import org.gnc.stats.NormalQuantile;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Trains a student architecture by gradient descent with ND4J (double precision, ND4J pinned to one thread).
 *
 * <p>Loss over a batch B: (1/|B|) sum_{i in B} l(y_i, f(x_i)) with l = ln(1 + exp(-y f)) (logistic),
 * max(0, 1 - y f) (hinge, subgradient 0 at the kink) or (f - y)^2 / 2 (squared). Gradients by
 * backpropagation through f(x) = a . h_L + c, h_l = act(W_l h_{l-1} + b_l) (relu'(0) = 0); the sign
 * activation has zero gradient almost everywhere and is refused. Each step is w -= learningRate * grad.
 * gd takes one full-batch step per epoch; sgd reshuffles the points every epoch (Fisher-Yates from the run's
 * random stream) and steps on consecutive batches of min(batchSize, n) points (the last one smaller).
 *
 * <p>Initial weights, from the run's {@link CounterRng} (word j for parameter j): {@code prior}: each
 * parameter i.i.d. from the student prior's scale, a continuous prior as itself and a finite prior as
 * uniform on [lowest level, highest level]; {@code standard}: hidden and output weights N(0, g / fan-in)
 * with g = 2 for relu (He) and 1 otherwise (LeCun), biases 0.
 *
 * <p>After every epoch (and before the first) the flat weights are evaluated with
 * {@link Architecture#output} and {@link Architecture#label}, the same decision Guess &amp; Check makes;
 * training stops at the first epoch with no training mistake, or after {@code epochs}, or when a weight
 * becomes non-finite. With a loss bin [low, high) (Chiang et al.'s SGD stop rule), "no training mistake"
 * becomes "no training mistake and a normalized training loss ({@link NormalizedLoss}) below high", and the
 * run is accepted only if it ends interpolating with that loss in the bin. A run is a pure function of
 * (architecture, prior, spec, bin, data, rng).
 */
public final class GradientTrainer {
    private final Architecture arch;
    private final Prior prior;
    private final BaselineSpec spec;
    private final LossBin lossBin;

    /** A trainer without a loss bin (see {@link #GradientTrainer(Architecture, Prior, BaselineSpec, LossBin)}). */
    public GradientTrainer(Architecture arch, Prior prior, BaselineSpec spec) {
        this(arch, prior, spec, null);
    }

    /**
     * A trainer for a cell with the loss bin {@code lossBin} (null for none); an
     * {@link IllegalArgumentException} naming the student key when the activation has no useful gradient,
     * or the student has conv or pool layers or two logits (not supported yet).
     */
    public GradientTrainer(Architecture arch, Prior prior, BaselineSpec spec, LossBin lossBin) {
        if (!arch.isDenseSingleOutput()) {
            throw new IllegalArgumentException("student." + (arch.isDenseStack()
                    ? "output = " + arch.output().configName() : "layers = " + arch.label()) + ": gradient descent"
                    + " on students with conv or pool layers or two logits is not supported yet (only fully"
                    + " connected students with one output)");
        }
        if (arch.depth() > 0 && arch.activation() == Activation.SIGN) {
            throw new IllegalArgumentException("student.activation: the sign activation has zero gradient almost"
                    + " everywhere; gradient descent needs relu, tanh or identity");
        }
        this.arch = arch;
        this.prior = prior;
        this.spec = spec;
        this.lossBin = lossBin;
        Nd4jThreads.pinToOne();
    }

    /** Trains one network on {@code train}, counts its mistakes on {@code test}; {@code seed} is recorded. */
    public TrainingRun train(Dataset train, Dataset test, CounterRng rng, long seed) {
        long t0 = System.nanoTime();
        double[] w = initialWeights(rng);
        INDArray x = matrix(train);
        INDArray y = labels(train);
        int n = train.size();
        int batch = spec.optimizer() == BaselineSpec.Optimizer.GD ? n : Math.min(spec.batchSize(), n);
        int errors = mistakes(w, train);
        int epoch = 0;
        double loss = Double.NaN;
        List<INDArray> params = unflatten(w);
        while (!done(w, errors, train) && epoch < spec.epochs()) {
            epoch++;
            int[] order = spec.optimizer() == BaselineSpec.Optimizer.GD ? null : shuffle(n, rng.child(epoch));
            for (int start = 0; start < n; start += batch) {
                INDArray xb = x;
                INDArray yb = y;
                if (order != null) {
                    long[] idx = new long[Math.min(batch, n - start)];
                    for (int i = 0; i < idx.length; i++) {
                        idx[i] = order[start + i];
                    }
                    xb = x.getRows(toInt(idx));
                    yb = y.getRows(toInt(idx));
                }
                List<INDArray> grad = backward(params, xb, yb, null);
                for (int p = 0; p < params.size(); p++) {
                    params.get(p).subi(grad.get(p).muli(spec.learningRate()));
                }
            }
            w = flatten(params);
            if (!allFinite(w)) {
                break;
            }
            errors = mistakes(w, train);
        }
        loss = allFinite(w) ? lossAndGradient(w, train).loss() : Double.NaN;
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (lossBin == null) {
            return new TrainingRun(seed, w, epoch, errors == 0, errors, mistakes(w, test), loss, seconds);
        }
        double normalized = normalizedLoss(w, train);
        return new TrainingRun(seed, w, epoch, errors == 0, errors, mistakes(w, test), loss, seconds, normalized,
                errors == 0 && lossBin.contains(normalized));
    }

    /** Whether training stops: no mistake and, with a loss bin, a normalized loss below its high end. */
    private boolean done(double[] w, int errors, Dataset train) {
        return errors == 0 && (lossBin == null || normalizedLoss(w, train) < lossBin.high());
    }

    private double normalizedLoss(double[] w, Dataset train) {
        return NormalizedLoss.meanCrossEntropy(arch, w, 0, train.features(), train.labels(), lossBin.layerScale(),
                arch.newScratch());
    }

    /** Loss and its gradient (flat, in the architecture's layout) over the whole dataset. */
    public record LossAndGradient(double loss, double[] gradient) {
    }

    /** The mean loss over {@code data} and its gradient with respect to the flat weights {@code w}. */
    public LossAndGradient lossAndGradient(double[] w, Dataset data) {
        double[] loss = new double[1];
        List<INDArray> grad = backward(unflatten(w), matrix(data), labels(data), loss);
        return new LossAndGradient(loss[0], flatten(grad));
    }

    /** f(x) for every point of {@code data} by the ND4J forward pass (it agrees with {@link Architecture#output}). */
    public double[] outputs(double[] w, Dataset data) {
        return forward(unflatten(w), matrix(data), new ArrayList<>()).toDoubleVector();
    }

    /** The initial weights of a run, from words 0 .. P-1 of {@code rng}. */
    public double[] initialWeights(CounterRng rng) {
        double[] w = new double[arch.parameterCount()];
        if (spec.init() == BaselineSpec.Init.PRIOR) {
            for (int j = 0; j < w.length; j++) {
                long word = rng.word(j);
                if (prior.isFinite()) {
                    double[] lv = prior.levels();
                    w[j] = lv[0] + (lv[lv.length - 1] - lv[0]) * CounterRng.unitInterval(word);
                } else {
                    w[j] = prior.fromWord(word);
                }
            }
            return w;
        }
        double gain = arch.activation() == Activation.RELU ? 2 : 1;
        int p = 0;
        int in = arch.inputDim();
        for (int width : arch.widths()) {
            double std = Math.sqrt(gain / in);
            for (int i = 0; i < width * in; i++, p++) {
                w[p] = std * NormalQuantile.of(CounterRng.openUnitInterval(rng.word(p)));
            }
            p += arch.bias() ? width : 0; // biases 0
            in = width;
        }
        double std = Math.sqrt(1.0 / in);
        for (int i = 0; i < in; i++, p++) {
            w[p] = std * NormalQuantile.of(CounterRng.openUnitInterval(rng.word(p)));
        }
        return w;
    }

    /** Training mistakes by the project's forward pass and label rule. */
    public int mistakes(double[] w, Dataset data) {
        double[] x = data.features();
        double[] scratch = arch.newScratch();
        int errors = 0;
        for (int i = 0; i < data.size(); i++) {
            if (Architecture.label(arch.output(w, 0, x, i * arch.inputDim(), scratch)) != data.label(i)) {
                errors++;
            }
        }
        return errors;
    }

    // ---------------------------------------------------------------------------------------------
    // ND4J: params are [W_1 (out x in), b_1 (1 x out) if bias, ..., a (in_L x 1), c (1 x 1) if output bias].

    private INDArray forward(List<INDArray> params, INDArray x, List<INDArray> pre) {
        INDArray h = x;
        int p = 0;
        for (int l = 0; l < arch.depth(); l++) {
            INDArray z = h.mmul(params.get(p++).transpose());
            if (arch.bias()) {
                z.addiRowVector(params.get(p++));
            }
            pre.add(z);
            h = activate(z);
        }
        INDArray f = h.mmul(params.get(p++));
        if (arch.outputBias()) {
            f.addi(params.get(p).getDouble(0));
        }
        pre.add(h); // the last hidden layer's output (or x), for the output weights' gradient
        return f;
    }

    private List<INDArray> backward(List<INDArray> params, INDArray x, INDArray y, double[] lossOut) {
        List<INDArray> pre = new ArrayList<>();
        INDArray f = forward(params, x, pre);
        int b = (int) x.rows();
        double[] fv = f.toDoubleVector();
        double[] yv = y.toDoubleVector();
        double[] g = new double[b];
        double loss = 0;
        for (int i = 0; i < b; i++) {
            double m = yv[i] * fv[i];
            switch (spec.loss()) {
                case LOGISTIC -> {
                    loss += Math.max(-m, 0) + Math.log1p(Math.exp(-Math.abs(m)));
                    g[i] = -yv[i] / (1 + Math.exp(m)); // -y sigmoid(-m)
                }
                case HINGE -> {
                    loss += Math.max(0, 1 - m);
                    g[i] = m < 1 ? -yv[i] : 0;
                }
                default -> {
                    double r = fv[i] - yv[i];
                    loss += r * r / 2;
                    g[i] = r;
                }
            }
            g[i] /= b;
        }
        if (lossOut != null) {
            lossOut[0] = loss / b;
        }
        INDArray gf = Nd4j.createFromArray(g).reshape(b, 1);
        INDArray[] grads = new INDArray[params.size()];
        int p = params.size() - 1;
        if (arch.outputBias()) {
            grads[p--] = Nd4j.createFromArray(new double[] {gf.sumNumber().doubleValue()}).reshape(1, 1);
        }
        INDArray hLast = pre.get(pre.size() - 1);
        INDArray a = params.get(p);
        grads[p--] = hLast.transpose().mmul(gf);
        INDArray dh = gf.mmul(a.transpose()); // b x in_L
        for (int l = arch.depth() - 1; l >= 0; l--) {
            INDArray z = pre.get(l);
            INDArray dz = dh.mul(derivative(z));
            if (arch.bias()) {
                grads[p--] = dz.sum(0).reshape(1, dz.columns());
            }
            INDArray wl = params.get(p);
            INDArray hPrev = l == 0 ? x : activate(pre.get(l - 1));
            grads[p--] = dz.transpose().mmul(hPrev);
            dh = dz.mmul(wl);
        }
        return List.of(grads);
    }

    private INDArray activate(INDArray z) {
        return switch (arch.activation()) {
            case RELU -> Transforms.relu(z, true);
            case TANH -> Transforms.tanh(z, true);
            case IDENTITY -> z.dup();
            case SIGN -> throw new IllegalStateException("sign is refused by the constructor");
        };
    }

    private INDArray derivative(INDArray z) {
        return switch (arch.activation()) {
            case RELU -> z.gt(0).castTo(DataType.DOUBLE);
            case TANH -> {
                INDArray t = Transforms.tanh(z, true);
                yield t.muli(t).rsubi(1.0);
            }
            case IDENTITY -> Nd4j.onesLike(z);
            case SIGN -> throw new IllegalStateException("sign is refused by the constructor");
        };
    }

    private List<INDArray> unflatten(double[] w) {
        List<INDArray> out = new ArrayList<>();
        int p = 0;
        int in = arch.inputDim();
        for (int width : arch.widths()) {
            out.add(slice(w, p, width, in));
            p += width * in;
            if (arch.bias()) {
                out.add(slice(w, p, 1, width));
                p += width;
            }
            in = width;
        }
        out.add(slice(w, p, in, 1));
        p += in;
        if (arch.outputBias()) {
            out.add(slice(w, p, 1, 1));
        }
        return out;
    }

    private static INDArray slice(double[] w, int from, int rows, int cols) {
        double[] part = java.util.Arrays.copyOfRange(w, from, from + rows * cols);
        return Nd4j.createFromArray(part).reshape('c', rows, cols).dup('c');
    }

    private static double[] flatten(List<INDArray> params) {
        int total = 0;
        for (INDArray a : params) {
            total += (int) a.length();
        }
        double[] w = new double[total];
        int p = 0;
        for (INDArray a : params) {
            double[] v = a.dup('c').reshape(a.length()).toDoubleVector();
            System.arraycopy(v, 0, w, p, v.length);
            p += v.length;
        }
        return w;
    }

    private static INDArray matrix(Dataset d) {
        return Nd4j.createFromArray(d.features()).reshape('c', d.size(), d.dim());
    }

    private static INDArray labels(Dataset d) {
        double[] y = new double[d.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = d.label(i);
        }
        return Nd4j.createFromArray(y).reshape(d.size(), 1);
    }

    private static int[] shuffle(int n, CounterRng rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = (int) CounterRng.unsignedMultiplyHigh(rng.word(i), i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static int[] toInt(long[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i];
        }
        return out;
    }

    private static boolean allFinite(double[] w) {
        for (double v : w) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
