package org.gnc.baseline;

import java.util.ArrayList;
import java.util.List;
import org.gnc.data.Dataset;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.Backprop;
import org.gnc.model.InputShape;
import org.gnc.model.Layer;
import org.gnc.model.NormalizedLoss;
import org.gnc.model.Output;
import org.gnc.model.Prior;
import org.gnc.rng.CounterRng;
import org.gnc.simd.Nd4jScratch;
import org.gnc.simd.Nd4jThreads;
import org.gnc.spec.BaselineSpec;
import org.gnc.spec.LossBin;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Trains a student architecture by gradient descent in double precision: any layer stack of
 * {@link Architecture} (conv, pools, flatten, dense; one output or two logits).
 *
 * <p>Loss over a batch B: (1/|B|) sum_{i in B} l(y_i, o(x_i)) with o = {@link Architecture#output} (f for
 * one output, the margin logit(+1) - logit(-1) for two logits) and l = ln(1 + exp(-y o)) (logistic),
 * max(0, 1 - y o) (hinge, subgradient 0 at the kink) or (o - y)^2 / 2 (squared). For two logits the
 * logistic loss is exactly the peers' two-class cross-entropy on the unnormalized logits: -ln softmax_y =
 * ln(1 + e^{-(l_y - l_other)}) = softplus(-y m); other losses are refused for them. Gradients: fully connected
 * students with one output by backpropagation through f(x) = a . h_L + c, h_l = act(W_l h_{l-1} + b_l) with
 * ND4J matrices (relu'(0) = 0); every other student by {@link Backprop}, the reverse pass of the one forward
 * pass. The sign activation has zero gradient almost everywhere and is refused. Each step is
 * w -= learningRate * grad. gd takes one full-batch step per epoch; sgd reshuffles the points every epoch
 * (Fisher-Yates from the run's random stream) and steps on consecutive batches of
 * {@link BaselineSpec#batchOn} points (the last one smaller).
 *
 * <p>Initial weights, from the run's {@link CounterRng} (word j for parameter j): {@code prior}: every
 * parameter (weights and biases of every layer, in the layout of {@link Architecture}) i.i.d. from the
 * student prior, as Guess &amp; Check draws them (a uniform or gaussian prior itself, so U[-1, 1] gives the
 * peers' {@code init = uniform}), except that a finite prior is drawn as continuous uniform on
 * [lowest level, highest level]; {@code standard}: each conv and dense layer's weights N(0, g / fan-in)
 * (fan-in = inputs of a dense unit, input channels x kernel^2 of a conv channel; g = 2 for relu (He), 1
 * otherwise (LeCun)), output weights N(0, 1 / fan-in), biases 0.
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
    /** The name of the scratch memory of a training epoch ({@link Nd4jScratch}). */
    private static final String EPOCH_SCRATCH = "gnc-baseline-epoch";

    private final Architecture arch;
    private final Prior prior;
    private final BaselineSpec spec;
    private final LossBin lossBin;
    /** Whether the ND4J matrix path trains this student (fully connected, one output); else {@link Backprop}. */
    private final boolean nd4j;

    /** A trainer without a loss bin (see {@link #GradientTrainer(Architecture, Prior, BaselineSpec, LossBin)}). */
    public GradientTrainer(Architecture arch, Prior prior, BaselineSpec spec) {
        this(arch, prior, spec, null);
    }

    /**
     * A trainer for a cell with the loss bin {@code lossBin} (null for none); an
     * {@link IllegalArgumentException} naming the key when the activation has no useful gradient, or a
     * two-logit student is to be trained on another loss than logistic (two logits are trained on their
     * two-class cross-entropy).
     */
    public GradientTrainer(Architecture arch, Prior prior, BaselineSpec spec, LossBin lossBin) {
        if (!arch.layers().isEmpty() && arch.activation() == Activation.SIGN) {
            throw new IllegalArgumentException("student.activation: the sign activation has zero gradient almost"
                    + " everywhere; gradient descent needs relu, tanh or identity");
        }
        if (arch.output() == Output.TWO_LOGITS && spec.loss() != BaselineSpec.Loss.LOGISTIC) {
            throw new IllegalArgumentException("baseline.loss = " + BaselineSpec.configName(spec.loss())
                    + ": a two-logit student is trained on its two-class cross-entropy, softplus(-y m) of the"
                    + " margin m = logit(+1) - logit(-1); set baseline.loss = logistic");
        }
        this.arch = arch;
        this.prior = prior;
        this.spec = spec;
        this.lossBin = lossBin;
        this.nd4j = arch.isDenseSingleOutput();
        Nd4jThreads.pinToOne();
    }

    /** Trains one network on {@code train}, counts its mistakes on {@code test}; {@code seed} is recorded. */
    public TrainingRun train(Dataset train, Dataset test, CounterRng rng, long seed) {
        long t0 = System.nanoTime();
        double[] w = initialWeights(rng);
        INDArray x = nd4j ? matrix(train) : null;
        INDArray y = nd4j ? labels(train) : null;
        Backprop backprop = nd4j ? null : new Backprop(arch);
        int n = train.size();
        int batch = spec.batchOn(n);
        int errors = mistakes(w, train);
        int epoch = 0;
        double loss = Double.NaN;
        List<INDArray> params = nd4j ? unflatten(w) : null;
        while (!done(w, errors, train) && epoch < spec.epochs()) {
            epoch++;
            int[] order = spec.optimizer() == BaselineSpec.Optimizer.GD ? null : shuffle(n, rng.child(epoch));
            // The epoch's batches, gradients and products live in scratch memory reused by the next epoch
            // (only the parameters, made before the loop, are updated in place and outlive it).
            try (MemoryWorkspace scratch = nd4j ? Nd4jScratch.iteration(EPOCH_SCRATCH) : null) {
                for (int start = 0; start < n; start += batch) {
                    int[] idx = null;
                    if (order != null) {
                        idx = java.util.Arrays.copyOfRange(order, start, Math.min(start + batch, n));
                    }
                    if (!nd4j) {
                        double[] grad = batchGradient(backprop, w, train, idx, null);
                        for (int j = 0; j < w.length; j++) {
                            w[j] -= grad[j] * spec.learningRate();
                        }
                        continue;
                    }
                    INDArray xb = idx == null ? x : x.getRows(idx);
                    INDArray yb = idx == null ? y : y.getRows(idx);
                    List<INDArray> grad = backward(params, xb, yb, null);
                    for (int p = 0; p < params.size(); p++) {
                        params.get(p).subi(grad.get(p).muli(spec.learningRate()));
                    }
                }
            }
            if (nd4j) {
                w = flatten(params);
            }
            if (!allFinite(w)) {
                break;
            }
            errors = mistakes(w, train);
        }
        if (nd4j && epoch > 0) {
            Nd4jScratch.release(EPOCH_SCRATCH);
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
        if (!nd4j) {
            double[] grad = batchGradient(new Backprop(arch), w, data, null, loss);
            return new LossAndGradient(loss[0], grad);
        }
        List<INDArray> grad = backward(unflatten(w), matrix(data), labels(data), loss);
        return new LossAndGradient(loss[0], flatten(grad));
    }

    /**
     * The gradient of the mean loss over the points {@code idx} of {@code data} (all of them, in order, when
     * null), by {@link Backprop}: (1/|B|) sum_i l'(y_i, o(x_i)) do(x_i)/dw; the mean loss goes to
     * {@code lossOut[0]} when it is not null.
     */
    private double[] batchGradient(Backprop backprop, double[] w, Dataset data, int[] idx, double[] lossOut) {
        double[] grad = new double[w.length];
        double[] x = data.features();
        int b = idx == null ? data.size() : idx.length;
        double loss = 0;
        for (int k = 0; k < b; k++) {
            int i = idx == null ? k : idx[k];
            double o = backprop.forward(w, x, i * arch.inputDim());
            int yi = data.label(i);
            loss += pointLoss(yi, o);
            backprop.addGradient(slope(yi, o) / b, grad);
        }
        if (lossOut != null) {
            lossOut[0] = loss / b;
        }
        return grad;
    }

    /** l(y, f) for one point: the spec's loss (for two logits f is the margin and the loss logistic). */
    private double pointLoss(double y, double f) {
        double m = y * f;
        return switch (spec.loss()) {
            case LOGISTIC -> Math.max(-m, 0) + Math.log1p(Math.exp(-Math.abs(m)));
            case HINGE -> Math.max(0, 1 - m);
            case SQUARED -> (f - y) * (f - y) / 2;
        };
    }

    /** dl/df for one point (the hinge's subgradient 0 at the kink). */
    private double slope(double y, double f) {
        double m = y * f;
        return switch (spec.loss()) {
            case LOGISTIC -> -y / (1 + Math.exp(m)); // -y sigmoid(-m)
            case HINGE -> m < 1 ? -y : 0;
            case SQUARED -> f - y;
        };
    }

    /** o(x) for every point of {@code data}: by the ND4J forward pass where it trains (it agrees with
     * {@link Architecture#output}), else by {@link Architecture#output} itself. */
    public double[] outputs(double[] w, Dataset data) {
        if (!nd4j) {
            double[] out = new double[data.size()];
            double[] scratch = arch.newScratch();
            for (int i = 0; i < out.length; i++) {
                out[i] = arch.output(w, 0, data.features(), i * arch.inputDim(), scratch);
            }
            return out;
        }
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
        List<InputShape> in = new ArrayList<>();
        in.add(arch.inputShape());
        in.addAll(arch.shapes());
        for (int l = 0; l < arch.layers().size(); l++) {
            Layer layer = arch.layers().get(l);
            int weights = (int) layer.parameterCount(in.get(l), false);
            if (weights > 0) { // dense: fan-in = inputs; conv: input channels x kernel^2
                int outputs = layer instanceof Layer.Conv c ? c.channels() : ((Layer.Dense) layer).units();
                p = normal(w, p, weights, Math.sqrt(gain * outputs / weights), rng);
                p += arch.bias() ? outputs : 0; // biases 0
            }
        }
        int last = in.get(arch.layers().size()).size();
        normal(w, p, arch.output().units() * last, Math.sqrt(1.0 / last), rng);
        return w;
    }

    /** Writes std x N(0, 1) from word j of {@code rng} to w[j] for j in [from, from + count); returns the end. */
    private static int normal(double[] w, int from, int count, double std, CounterRng rng) {
        for (int p = from; p < from + count; p++) {
            w[p] = std * CounterRng.standardNormal(rng.word(p));
        }
        return from + count;
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
            loss += pointLoss(yv[i], fv[i]);
            g[i] = slope(yv[i], fv[i]) / b;
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

    private static boolean allFinite(double[] w) {
        for (double v : w) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
